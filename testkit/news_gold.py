"""The hand-made segmentation gold sets (shared by tests/test_segment.py and bench/bench_segment.py).

* ``data/news_gold.json``: hand-written news paragraphs with every hard case, as (text, sentences);
* ``data/seed_gold.json``: the reference article of ../shared/seed/ segmented by hand, as the first
  three and last two words of each sentence (not the copyrighted text itself).
"""

from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
GOLD = DATA / "news_gold.json"
SEED_GOLD = DATA / "seed_gold.json"


def documents() -> list[tuple[str, list[str]]]:
    docs = []
    for doc in json.loads(GOLD.read_text("utf-8"))["documents"]:
        paragraphs, gold = [], []
        for par in doc:
            sep, sents = ("\n", par["sentences"]) if isinstance(par, dict) else (" ", par)
            paragraphs.append(sep.join(sents))
            gold.extend(sents)
        docs.append(("\n\n".join(paragraphs) + "\n", gold))
    return docs


def seed_expected() -> list[tuple[str, list[tuple[str, str]]]]:
    """(paragraph kind, [(first three words, last two words) per sentence]) of the reference article."""
    paragraphs = json.loads(SEED_GOLD.read_text("utf-8"))["paragraphs"]
    return [(p["kind"], [(first, last) for first, last in p["sentences"]]) for p in paragraphs]
