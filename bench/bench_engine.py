"""Engine speed: argostranslate's own path vs our engine vs bare CTranslate2, on one base-size model.

No model can be downloaded, so we build one the way tests do (testkit/modelkit.py): a
transformer-base-sized Transformer (6+6 layers, d_model 512, 8 heads, FFN 2048, vocabulary 16k,
int8) with seeded random weights, packaged as an ``.argosmodel`` and installed into a scratch models
directory that is also Argos' package directory. Then the sentences of 50 articles (examples/ plus
../shared: the seed article, the UD Kazakh texts, and the Kazakh lines of the language-ID set in
articles of 20 lines) are translated kk→en three ways, each in its own process (so peak memory is
per approach):

(a) ``argos``: argostranslate's own ``translate(article)`` path on the installed package, one call
    per article as a user would; its sentence splitter (MiniSBD, which would download a model) is
    replaced by our segmenter, everything else is Argos' code and defaults (beam 4, its batching);
(b) ``engine``: ``kztranslate.engine.load_engine().translate(all sentences, "kk", "en")``;
(c) ``bare``: ``ctranslate2.Translator.translate_batch`` over all pre-tokenised sentences in the
    engine's own bucket layout (``ct2_engine.buckets``: length-sorted, longest first, the engine's
    sentence and token budgets), all submitted asynchronously (each CTranslate2 worker takes the next
    bucket when free), each bucket with its own length cap: the ceiling for that layout, only
    decoding timed, so engine / bare is what the engine's own work (tokenising, de-duplication,
    detokenising, caching) costs on top of the same decoding.

Sizes (``--articles 10,50``) and modes are interleaved over ``--rounds`` rounds (round 1: every
mode at every size, then round 2, ...), each in a fresh process; medians and the spread are
printed, with the load average before each run and the machine's own two-process ceiling
(bench_batch.machine_ceiling) first, so a slow machine can be told from slow code.

Random weights never predict ``</s>``, so every path decodes up to the same per-call cap
(``2 x longest input + 10`` tokens), which our engine applies anyway; Argos' translator is wrapped to
get the same cap. Same beam size (4), compute type (int8) and CPU cores (each child is pinned to --threads cores)
everywhere; Argos keeps its own thread settings, the bare ceiling uses the engine's. Model loading is
not timed. Ratios come from one run; nothing here asserts a time.

Usage: python bench/bench_engine.py [--articles 10,50] [--rounds 2] [--threads 2] [--out bench/out/engine.json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
BEAM = 4
# Random weights never predict </s>: every path stops at this many output tokens instead, about the
# length a real kk->en model produces (the engine's own product default is the looser 2x + 10).
RATIO, SLACK = 1.2, 5


def cap(longest: int) -> int:
    return min(512, int(RATIO * longest) + SLACK)


def articles(n: int) -> list[str]:
    """Up to n articles of distinct sentences: examples, then ../shared material when present.

    The shared texts overlap (the language-ID lines come from the UD texts, UD train repeats dev),
    so sentences already used are dropped (the engine's de-duplication must not get a head start),
    and long texts are halved (down to 4-sentence articles) to reach n articles.
    """
    from kztranslate.segment import segment
    from kztranslate.textio import read_text

    paths = sorted((ROOT / "examples" / "articles").glob("*.txt"))
    seed = SHARED / "seed" / "dknews-referendum-meeting.kk.txt"
    paths += [seed] if seed.exists() else []
    paths += sorted((SHARED / "data" / "kk-segmentation").glob("*/*.txt"))
    seen: set[str] = set()
    groups: list[list[list[str]]] = []  # article -> paragraphs -> sentences
    for p in paths:
        article = []
        for para in segment(read_text(p)):
            fresh = [s.text for s in para.sentences if s.text not in seen]
            seen.update(fresh)
            if fresh:
                article.append(fresh)
        if article:
            groups.append(article)
    while len(groups) < n:
        longest = max(range(len(groups)), key=lambda i: sum(map(len, groups[i])))
        flat = [[s] for para in groups[longest] for s in para]
        if len(flat) < 8:
            break
        groups[longest : longest + 1] = [flat[:len(flat) // 2], flat[len(flat) // 2:]]
    return ["\n\n".join(" ".join(para) for para in g) for g in groups[:n]]


def training_lines() -> list[str]:
    from testkit.modelkit import corpus_lines

    extra: list[str] = []
    langid = SHARED / "data" / "langid" / "dev.tsv"
    if langid.exists():
        extra = [ln.split("\t", 1)[1] for ln in langid.read_text(encoding="utf-8").splitlines()[1:] if ln[:3] in ("kk\t", "ru\t", "en\t")]
    return corpus_lines(extra)


def build(work: Path) -> Path:
    """Build the base-size model and install it; return the models directory."""
    from kztranslate.engine.install import install_argosmodel
    from testkit.modelkit import build_transformer, make_argosmodel, spm_pieces, train_sentencepiece

    spm = train_sentencepiece(training_lines(), work / "spm" / "base", vocab_size=8000)
    pieces = spm_pieces(spm)
    vocab = pieces + [f"<extra_{i}>" for i in range(16000 - len(pieces))]
    ct2 = build_transformer(work / "ct2", vocab, seed=0, layers=6, d_model=512, heads=8, ffn=2048, quantization="int8")
    package = make_argosmodel(work / "translate-kk_en.argosmodel", ct2, spm, "kk", "en")
    models = work / "models"
    install_argosmodel(package, models)
    return models


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the three approaches, each run in a child process ---------------------------------------------


def run_argos(texts: list[str], threads: int) -> dict:
    import ctranslate2
    from argostranslate import settings, translate as argos_translate

    from kztranslate.segment import sentences as segment_sentences

    class OurSegmenter:  # stands in for MiniSBD, which downloads its model at run time
        def split_sentences(self, text: str) -> list[str]:
            return [s.text for s in segment_sentences(text)] or [text]

    class Capped:
        """Gives each sentence its own decoding cap, as a real model stopping at </s> would.

        Argos asks for batches of 32 *tokens*, i.e. about one sentence, so decoding its paragraph
        sentence by sentence with the sentence's own cap is what it does with a trained model; if
        anything this favours Argos (no padding, exact caps).
        """

        def __init__(self, real):
            self.real = real

        def translate_batch(self, batch, target_prefix=None, **kw):
            out = []
            for i, tokens in enumerate(batch):
                kw["max_decoding_length"] = cap(len(tokens))
                out += self.real.translate_batch([tokens], target_prefix=[target_prefix[i]] if target_prefix else None, **kw)
            return out

    t0 = time.perf_counter()
    translation = argos_translate.get_translation_from_codes("kk", "en")
    pkg_translation = translation.underlying
    pkg_translation.sentencizer = OurSegmenter()
    model_dir = str(pkg_translation.pkg.package_path / "model")
    # Exactly the Translator argostranslate would create (its settings: inter 1, intra 0 = automatic).
    params = {"model_path": model_dir, "device": settings.device, "inter_threads": settings.inter_threads, "intra_threads": settings.intra_threads}
    if settings.compute_type != "auto":
        params["compute_type"] = settings.compute_type
    pkg_translation.translator = Capped(ctranslate2.Translator(**params))
    translation.translate("Сәлем, әлем.")  # warm-up
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    outputs = [translation.translate(text) for text in texts]
    elapsed = time.perf_counter() - t0
    return {"load_s": load, "elapsed_s": elapsed, "outputs": sum(len(o.split("\n")) for o in outputs)}


def run_engine(sentences: list[str], threads: int) -> dict:
    from kztranslate.engine import ct2_engine, load_engine

    t0 = time.perf_counter()
    engine = load_engine(beam_size=BEAM, decoding_ratio=RATIO, decoding_slack=SLACK)  # defaults otherwise
    engine.translate(["Сәлем, әлем."], "kk", "en")  # loads the model
    ct2_engine._CACHE.clear()
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    out = engine.translate(sentences, "kk", "en")
    elapsed = time.perf_counter() - t0
    assert len(out) == len(sentences)
    return {"load_s": load, "elapsed_s": elapsed, "outputs": len(out)}


def run_bare(sentences: list[str], threads: int) -> dict:
    import ctranslate2
    import sentencepiece as spm

    from kztranslate.engine.store import list_models

    [model] = list_models()
    t0 = time.perf_counter()
    from kztranslate.engine.ct2_engine import EngineOptions

    o = EngineOptions()  # the engine's defaults: same threads, batch size, compute type
    inter, intra = o.threads()
    translator = ctranslate2.Translator(str(model.path / "model"), device="cpu", compute_type=o.compute_type, inter_threads=inter, intra_threads=intra)
    sp = spm.SentencePieceProcessor(model_file=str(model.path / "sentencepiece.model"))
    translator.translate_batch([sp.encode("Сәлем, әлем.", out_type=str)], beam_size=BEAM, max_decoding_length=cap(5))  # warm-up, as the others
    load = time.perf_counter() - t0
    from kztranslate.engine.ct2_engine import buckets

    tokens = [sp.encode(s, out_type=str) for s in dict.fromkeys(sentences)]  # not timed; the engine also drops repeats
    layout = [[tokens[i] for i in ids] for ids in buckets([len(t) for t in tokens], o.max_batch_size, o.max_batch_tokens)]
    t0 = time.perf_counter()
    pending = []
    for batch in layout:  # every bucket in flight at once, longest first, each with its own cap
        pending += translator.translate_batch(
            batch, max_batch_size=o.max_batch_size, beam_size=BEAM, return_scores=True, max_input_length=0, max_decoding_length=cap(len(batch[0])), asynchronous=True
        )
    n = sum(1 for r in pending if r.result() is not None)
    elapsed = time.perf_counter() - t0
    return {"load_s": load, "elapsed_s": elapsed, "outputs": n}


def child(mode: str, work: Path, threads: int, n_articles: int) -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, set(sorted(os.sched_getaffinity(0))[:threads]))
    texts = articles(n_articles)
    from kztranslate.segment import sentences as segment_sentences

    sentences = [s.text for t in texts for s in segment_sentences(t)]
    result = {"argos": lambda: run_argos(texts, threads), "engine": lambda: run_engine(sentences, threads), "bare": lambda: run_bare(sentences, threads)}[mode]()
    result.update(mode=mode, sentences=len(sentences), peak_rss_mib=peak_rss_mib())
    print("RESULT " + json.dumps(result))


def main() -> None:
    import statistics

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", default="10,50", help="article counts, comma-separated")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2, help="CPU cores every path is pinned to (the target is a 2-core machine)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "engine.json")
    ap.add_argument("--child", choices=["argos", "engine", "bare"], help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.work, args.threads, int(args.articles))
        return

    from bench.bench_batch import machine_ceiling
    from kztranslate.segment import sentences as segment_sentences

    ceiling = machine_ceiling()
    sizes = [int(x) for x in args.articles.split(",")]
    for n in sizes:
        texts = articles(n)
        sents = [s.text for t in texts for s in segment_sentences(t)]
        print(f"{len(texts)} articles: {len(sents)} sentences ({len(set(sents))} distinct), {sum(len(s.split()) for s in sents)} words")
    runs: dict[tuple[int, str], list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="kz-bench-") as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        models = build(work)
        print(f"built and installed the base-size model in {time.perf_counter() - t0:.1f}s: {sum(f.stat().st_size for f in (models).rglob('*') if f.is_file()) / 2**20:.0f} MiB")
        env = dict(os.environ, KZTRANSLATE_MODELS=str(models), ARGOS_PACKAGES_DIR=str(models), XDG_DATA_HOME=str(work / "xdg"), XDG_CONFIG_HOME=str(work / "xdg"), XDG_CACHE_HOME=str(work / "xdg"), PYTHONPATH=str(ROOT))
        for rnd in range(args.rounds):
            for n in sizes:
                for mode in ("argos", "engine", "bare"):
                    load = os.getloadavg()[0]
                    r = subprocess.run([sys.executable, __file__, "--child", mode, "--work", str(work), "--threads", str(args.threads), "--articles", str(n)], env=env, capture_output=True, text=True)
                    line = next((ln for ln in r.stdout.splitlines() if ln.startswith("RESULT ")), None)
                    if r.returncode != 0 or line is None:
                        sys.exit(f"{mode} failed:\n{r.stderr[-3000:]}")
                    res = json.loads(line[7:])
                    res["load_avg"] = load
                    runs.setdefault((n, mode), []).append(res)
                    print(f"  round {rnd + 1} {n:3d} articles {mode:7s} {res['sentences'] / res['elapsed_s']:7.2f} sentences/s  ({res['elapsed_s']:.1f}s, peak RSS {res['peak_rss_mib']:.0f} MiB, load avg {load:.1f})")
    print()
    print("| articles | path | sentences/s (median) | spread | peak RSS (MiB) |")
    print("|---:|---|---:|---|---:|")
    summary = {}
    for n in sizes:
        rate = {m: [r["sentences"] / r["elapsed_s"] for r in runs[(n, m)]] for m in ("argos", "engine", "bare")}
        med = {m: statistics.median(v) for m, v in rate.items()}
        for m, label in (("argos", "(a) argostranslate translate()"), ("engine", "(b) kztranslate engine"), ("bare", "(c) bare translate_batch (ceiling)")):
            rss = max(r["peak_rss_mib"] for r in runs[(n, m)])
            print(f"| {n} | {label} | {med[m]:.2f} | {min(rate[m]):.2f}-{max(rate[m]):.2f} | {rss:.0f} |")
        summary[n] = {"engine_over_argos": med["engine"] / med["argos"], "engine_over_bare": med["engine"] / med["bare"]}
    print()
    for n, v in summary.items():
        print(f"{n} articles: engine / argos = {v['engine_over_argos']:.2f}x (target >= 3x); engine / bare = {100 * v['engine_over_bare']:.0f} % (target >= 90 %)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"machine_ceiling": ceiling, "threads": args.threads, "runs": {f"{n}:{m}": v for (n, m), v in runs.items()}, "summary": summary}, indent=2))


if __name__ == "__main__":
    main()
