"""Segmentation benchmark: boundary P/R/F1 and speed, ours against three baselines, in one run.

Data sets: ../shared/data/kk-segmentation/ud-ktb-dev and ud-ktb-train (UD Kazakh-KTB, gold
boundaries), testkit/data/news_gold.json (hand-written news paragraphs), and the reference article
../shared/seed/ (its gold is the hand-written expectation in tests/test_segment.py).
Scoring follows ../shared/data/kk-segmentation/README.md: a boundary is the end offset of a sentence
(no trailing whitespace); the final boundary of each document is not counted.
Baselines: spaCy blank pipeline + sentencizer (``kk`` when spaCy has it, else ``ky``), pySBD (its Kazakh rules,
``kk``), and a naive regex splitter on ``[.!?…]`` + whitespace.

Run: ``python bench/bench_segment.py`` (needs the ``bench`` extra: spacy, pysbd).
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from testkit.news_gold import documents as news_documents, seed_expected  # noqa: E402
from kztranslate.segment import segment  # noqa: E402

SHARED = ROOT.parent / "shared"
Splitter = Callable[[str], list[tuple[int, int]]]


def ours(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for p in segment(text) for s in p.sentences]


def naive(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in re.finditer(r"[.!?…]+[»\"”)]*(?=\s)|\n\s*\n", text):
        spans.append((pos, m.end()))
        pos = m.end()
    spans.append((pos, len(text)))
    return _strip(text, spans)


def _strip(text: str, spans):
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def make_spacy() -> Splitter:
    """spaCy's rule sentencizer on a blank pipeline. spaCy 3.8 ships no ``kk`` language, so we fall back
    to ``ky`` (Kyrgyz: the closest Kipchak language in Cyrillic it has); the sentencizer is the same."""
    import spacy

    try:
        nlp = spacy.blank("kk")
    except (ImportError, KeyError, OSError, ValueError):
        nlp = spacy.blank("ky")
    nlp.add_pipe("sentencizer")

    def split(text: str):
        return _strip(text, [(s.start_char, s.end_char) for s in nlp(text).sents])

    return split


def make_pysbd() -> Splitter:
    import pysbd

    seg = pysbd.Segmenter(language="kk", clean=False, char_span=True)

    def split(text: str):
        return _strip(text, [(s.start, s.end) for s in seg.segment(text)])

    return split


def datasets() -> dict[str, list[tuple[str, set[int]]]]:
    sets: dict[str, list[tuple[str, set[int]]]] = {}
    for name in ("ud-ktb-dev", "ud-ktb-train"):
        folder = SHARED / "data" / "kk-segmentation" / name
        if folder.exists():
            docs = []
            for txt in sorted(folder.glob("*.txt")):
                gold = [json.loads(x) for x in txt.with_suffix(".gold.jsonl").read_text("utf-8").splitlines()]
                docs.append((txt.read_text("utf-8"), {g["end"] for g in gold[:-1]}))
            sets[name] = docs
    news = []
    for text, gold in news_documents():
        ends, pos = [], 0
        for sent in gold:
            pos = text.index(sent, pos)
            ends.append(pos + len(sent))
            pos += len(sent)
        news.append((text, set(ends[:-1])))
    sets["news (hand gold)"] = news
    seed = SHARED / "seed" / "dknews-referendum-meeting.kk.txt"
    if seed.exists():
        text = seed.read_text("utf-8")
        words = [(first, last) for _, sents in seed_expected() for first, last in sents]
        ends, pos = [], 0
        for first, last in words:
            start = text.index(first, pos)
            end = text.index(last, start) + len(last)
            ends.append(end)
            pos = end
        sets["seed article"] = [(text, set(ends[:-1]))]
    return sets


def score(split: Splitter, docs) -> tuple[float, float, float, int, float]:
    tp = fp = fn = n = 0
    t0 = time.perf_counter()
    preds = [split(text) for text, _ in docs]
    elapsed = time.perf_counter() - t0
    for (text, gold), pred in zip(docs, preds):
        p = {e for _, e in pred[:-1]}
        tp += len(p & gold)
        fp += len(p - gold)
        fn += len(gold - p)
        n += len(pred)
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1, n, elapsed


def speed(split: Splitter, texts: list[str], rounds: int) -> float:
    n = 0
    t0 = time.perf_counter()
    for _ in range(rounds):
        for t in texts:
            n += len(split(t))
    return n / (time.perf_counter() - t0)


def main() -> None:
    systems: dict[str, Splitter] = {"kztranslate": ours, "naive regex": naive}
    for name, factory in (("spaCy blank+sentencizer", make_spacy), ("pySBD (kk)", make_pysbd)):
        try:
            systems[name] = factory()
        except ImportError as exc:
            print(f"skipping {name}: {exc} (pip install -e '.[bench]')")
    sets = datasets()
    print(f"{'data set':<18} {'system':<28} {'P':>6} {'R':>6} {'F1':>6}")
    f1s: dict[str, dict[str, float]] = {}
    for dname, docs in sets.items():
        for sname, split in systems.items():
            p, r, f1, _, _ = score(split, docs)
            f1s.setdefault(sname, {})[dname] = f1
            print(f"{dname:<18} {sname:<28} {p:6.3f} {r:6.3f} {f1:6.3f}")
    texts = [t for docs in sets.values() for t, _ in docs]
    print()
    print(f"{'system':<28} {'sentences/s':>12}")
    speeds = {name: speed(split, texts, rounds=20) for name, split in systems.items()}
    for name, sps in speeds.items():
        print(f"{name:<28} {sps:12.0f}")
    base = speeds.get("spaCy blank+sentencizer")
    if base:
        print(f"\nspeed ratio kztranslate / spaCy sentencizer: {speeds['kztranslate'] / base:.1f}x (target >= 5x)")
    beaten = all(f1s["kztranslate"][d] > max(f1s[s][d] for s in systems if s != "kztranslate") or f1s["kztranslate"][d] == 1.0 for d in sets)
    print(f"kztranslate has the best F1 on every data set: {beaten}")


if __name__ == "__main__":
    main()
