"""Glossary matcher and enforcement figures, measured in one run (no timed asserts anywhere).

1. Recall / precision of the inflection-aware matcher on the annotated sets in tests/data/, next
   to a baseline that only finds terms written exactly as in the glossary (what a plain
   find-and-replace glossary in a CAT tool does), to show what the Kazakh grammar buys.
2. Speed: matcher build time and matching throughput (characters/s) vs the exact-form baseline.
3. Enforcement on the example articles with the tiny real (random-weight) test model from
   testkit/modelkit.py: share of sentences with terms whose output satisfies every required term vs
   flagged, with 1-best only and with n-best selection. Random weights produce nonsense, so the
   satisfied share only shows the mechanism; with a real model the same script gives real figures.

Run: python bench/bench_glossary.py [--nbest 8]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kztranslate.glossary import load_glossary  # noqa: E402
from kztranslate.glossary.evaluate import parse_annotated, read_annotated, score  # noqa: E402
from kztranslate.glossary.kazakh import fold  # noqa: E402
from kztranslate.glossary.model import Match  # noqa: E402

DATA = ROOT / "tests" / "data"
SETS = ("glossary_eval.txt", "glossary_heldout.txt")


class ExactBaseline:
    """Finds terms only in their citation form (case-insensitive, whole words), longest first."""

    def __init__(self, terms):
        alts = sorted(terms, key=lambda t: -len(t.kk))
        self._by = {fold(t.kk): t for t in alts}
        pattern = "|".join(re.escape(fold(t.kk)) for t in alts)
        self._re = re.compile(r"(?<!\w)(?:" + pattern + r")(?!\w)")

    def match(self, text):
        f = fold(text)
        return [Match(m.start(), m.end(), text[m.start():m.end()], self._by[m.group()]) for m in self._re.finditer(f)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nbest", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=40, help="copies of the test texts in the speed corpus")
    args = ap.parse_args()

    t0 = time.perf_counter()
    g = load_glossary()
    g.matcher
    build = time.perf_counter() - t0
    base = ExactBaseline(g.terms)

    print(f"glossary: {len(g)} entries, version {g.version}, matcher built in {build * 1000:.0f} ms, "
          f"{sum(len(b) for _, b in g.matcher.buckets())} indexed forms")
    print()
    print("| set | gold terms | matcher recall | matcher precision | exact-form baseline recall | baseline precision |")
    print("|---|---|---|---|---|---|")
    for name in SETS:
        lines = read_annotated(DATA / name)
        s = score(g, lines)
        b = score(base, lines)
        print(f"| {name} | {s.gold} | {s.recall:.1%} | {s.precision:.1%} | {b.recall:.1%} | {b.precision:.1%} |")

    texts = [parse_annotated(ln)[0] for name in SETS for ln in read_annotated(DATA / name)]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples" / "articles").glob("*.txt"))]
    corpus = "\n".join(texts * args.repeat)
    timings = {}
    for label, m in (("matcher", g), ("baseline", base)):
        t0 = time.perf_counter()
        n = len(m.match(corpus))
        timings[label] = (time.perf_counter() - t0, n)
    tm, nm = timings["matcher"]
    tb, nb = timings["baseline"]
    print()
    print(f"speed on {len(corpus):,} characters: matcher {len(corpus) / tm / 1e6:.2f} M chars/s ({nm:,} matches), "
          f"exact-form baseline {len(corpus) / tb / 1e6:.2f} M chars/s ({nb:,} matches); matcher/baseline time ratio {tm / tb:.2f}")

    print()
    enforcement(g, args.nbest)


def enforcement(g, nbest: int) -> None:
    try:
        from testkit.modelkit import build_tiny_models
        from kztranslate.engine import load_engine
        from kztranslate.engine.install import install_argosmodel
    except ImportError as exc:
        print(f"enforcement: skipped ({exc}); needs the engine branch's kztranslate.engine and testkit/modelkit.py")
        return
    from kztranslate.glossary.enforce import apply
    from kztranslate.segment import sentences

    src = []
    for p in sorted((ROOT / "examples" / "articles").glob("*.txt")):
        src += [s.text for s in sentences(p.read_text(encoding="utf-8"))]
    with tempfile.TemporaryDirectory() as tmp:
        kit = build_tiny_models(Path(tmp) / "kit")
        models = Path(tmp) / "models"
        models.mkdir()
        for key in ("kk_en_argosmodel", "kk_ru_argosmodel"):
            install_argosmodel(kit[key], models)
        print(f"enforcement on the example articles ({len(src)} sentences), tiny random-weight model, beam {nbest}:")
        print()
        print("| target | hypotheses | sentences with terms | required terms | satisfied entries | flagged entries | terms missing |")
        print("|---|---|---|---|---|---|---|")
        for target in ("ru", "en"):
            for n in (1, nbest):
                engine = load_engine(models, beam_size=nbest, n_best=n)
                t0 = time.perf_counter()
                trs = engine.translate(src, "kk", target, n_best=n)
                results = apply(g, src, trs, target)
                with_terms = [(req, sel) for req, sel in results if req]
                ok = sum(1 for _, sel in with_terms if sel.satisfied)
                req = sum(len(r) for r, _ in with_terms)
                miss = sum(len(sel.missing) for _, sel in with_terms)
                print(f"| kk→{target} | {n}-best | {len(with_terms)} | {req} | {ok} ({ok / max(1, len(with_terms)):.0%}) | "
                      f"{len(with_terms) - ok} | {miss} |")


if __name__ == "__main__":
    main()
