"""kztranslate: offline translation and localization of Kazakh news into Russian and English.

The package is one pipeline (read -> segment -> detect -> translate -> glossary -> PO) with a thin
CLI on top. Heavy dependencies (ctranslate2, argostranslate, sentencepiece) are imported inside the
stages that need them so that ``kztranslate --help`` and pure-Python stages start fast.
"""

__version__ = "0.1.0"
