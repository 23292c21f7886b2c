"""Test and benchmark kit: what tests/ and bench/ both use, so that neither imports the other.

* :mod:`testkit.modelkit` builds real (random-weight) CTranslate2 models;
* :mod:`testkit.batchkit` generates a newsroom archive;
* :mod:`testkit.httpkit` is a loopback HTTP server for ``models get``;
* :mod:`testkit.news_gold` loads the hand-made segmentation gold sets (``testkit/data/``).

Not part of the installed package (pyproject's ``packages.find`` includes ``kztranslate*`` only).
"""
