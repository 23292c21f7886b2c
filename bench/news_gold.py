"""Load tests/data/news_gold.json into (text, gold sentence list) pairs (shared by test and bench)."""

from __future__ import annotations

import json
from pathlib import Path

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "news_gold.json"


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
