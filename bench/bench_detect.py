"""Language-detection benchmark: accuracy per language for sentences and paragraphs, in one run.

Data: ../shared/data/langid/dev.tsv (kk ky tt ru uk bg be sr en). Our profiles are built from rows
of that same file, so the figures here are **5-fold cross-validated**: for each fold the kk/ky/tt/be/
sr/ru/en profiles are rebuilt from the other four folds (plus the example articles for kk) and the
fold is scored; uk/bg rows are never used for building (NC licence). Paragraphs are 3-5 consecutive
sentences of one language within one fold (sizes cycling 3, 4, 5).

Systems: kztranslate (n-grams + script evidence), each kind of evidence alone, langdetect as
shipped (seed 0; no kk/ky/tt/be/sr profile), langid.py and lingua-py restricted to the languages of
the data set they support. Then an interleaved A/B speed row against langid.py with ``set_languages``
(start-up excluded, medians and spread). Run: python bench/bench_detect.py (needs the ``bench`` extra);
``--speed-only`` runs just the A/B row; ``--baseline FILE`` adds another ``detect.py`` (e.g. main's:
``git show main:kztranslate/detect.py > /tmp/detect_main.py``) to the same interleaved rounds and counts
the sentences on which its detections (language, script, confidence) differ from ours.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kztranslate import detect as kd  # noqa: E402
from tools.build_profiles import load_rows, training_texts  # noqa: E402

SHARED = ROOT.parent / "shared"
FOLDS = 5
LANGS = ("kk", "ky", "tt", "ru", "uk", "bg", "be", "sr", "en")


def folds(rows):
    per_lang = defaultdict(list)
    for lang, text in rows:
        per_lang[lang].append(text)
    for k in range(FOLDS):
        test, train = [], []
        for lang, texts in per_lang.items():
            for i, t in enumerate(texts):
                (test if i * FOLDS // len(texts) == k else train).append((lang, t))
        yield train, test


def paragraphs(test):
    per_lang = defaultdict(list)
    for lang, t in test:
        per_lang[lang].append(t)
    out = []
    for lang, texts in per_lang.items():
        i, size = 0, 3
        while i < len(texts):
            chunk = texts[i:i + size]
            if len(chunk) >= 3 or not out:
                out.append((lang, " ".join(chunk)))
            i += size
            size = 3 + (size - 2) % 3
    return out


def our_models(train):
    texts = training_texts(train)
    profiles = {lang: kd.build_profile(lang, t) for lang, t in texts.items()}
    profiles.update({lang: kd._shipped_profile(lang) for lang in kd.SHIPPED_PROFILES})
    return {
        "kztranslate (n-grams + script)": kd.Model(profiles),
        "kztranslate n-grams only": kd.Model(profiles, use_script=False),
        "kztranslate script only": kd.Model(profiles, use_ngrams=False),
    }


def baselines():
    systems = {}
    try:
        from langdetect import DetectorFactory, detect as ld_detect
        from langdetect.lang_detect_exception import LangDetectException

        DetectorFactory.seed = 0

        def ld(t):
            try:
                return ld_detect(t).split("-")[0]
            except LangDetectException:
                return "und"

        systems["langdetect as shipped"] = ld
    except ImportError:
        pass
    ident = langid_restricted()
    if ident is not None:
        systems[f"langid.py ({'/'.join(l for l in LANGS if l in ident.nb_classes)})"] = lambda t: ident.classify(t)[0]
    try:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

        langs = []
        for code in LANGS:
            try:
                langs.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
            except (AttributeError, ValueError):
                pass
        det = LanguageDetectorBuilder.from_languages(*langs).build()

        def lingua(t):
            r = det.detect_language_of(t)
            return r.iso_code_639_1.name.lower() if r else "und"

        systems[f"lingua-py ({'/'.join(l.iso_code_639_1.name.lower() for l in langs)})"] = lingua
    except ImportError:
        pass
    return systems


def langid_restricted():
    """langid.py with ``set_languages`` to the data set's languages it knows, or None without langid."""
    try:
        import langid
    except ImportError:
        return None
    ident = langid.langid.LanguageIdentifier.from_modelstring(langid.langid.model, norm_probs=True)
    ident.set_languages([l for l in LANGS if l in ident.nb_classes])
    return ident


def load_baseline(path: str):
    """The module in ``path`` (a copy of kztranslate/detect.py from another revision), importable
    beside ours: it reads the same data files."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("detect_baseline", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules["detect_baseline"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def speed_ab(texts: list[str], rounds: int = 5, chunk: int = 100, baseline: str | None = None) -> None:
    """Throughput of kztranslate's default model vs langid.py restricted to the same languages, on the
    same sentences, start-up (model loading, first call) excluded: interleaved chunks of ``chunk``
    sentences, each system first in turn per chunk, ``rounds`` rounds; a model with a word cache (the
    baseline's, if any) starts each round empty (what a fresh process after loading sees). Medians
    and spread; with ``baseline`` (a detect.py file) a third system and the count of differing detections."""
    import os
    import statistics

    ident = langid_restricted()
    if ident is None:
        print("\nspeed A/B: langid.py not installed (pip install langid), skipped")
        return
    model = kd.default_model()
    model.detect(texts[0])
    ident.classify(texts[0])
    def one_by_one(detect):
        return lambda part: [detect(t) for t in part]

    # Each system takes a chunk; all but detect_many go one sentence at a time.
    systems = {
        "kztranslate detect": one_by_one(model.detect),
        "kztranslate detect_many": model.detect_many,
        "langid.py (set_languages)": one_by_one(ident.classify),
    }
    models = [model]
    if baseline:
        old = load_baseline(baseline).default_model()
        old.detect(texts[0])
        systems["baseline detect"] = one_by_one(old.detect)
        models.append(old)
    rates: dict[str, list[float]] = {name: [] for name in systems}
    for r in range(rounds):
        for m in models:
            if hasattr(m, "clear_cache"):  # a model with a word cache starts each round empty
                m.clear_cache()
        spent = dict.fromkeys(systems, 0.0)
        for k, i in enumerate(range(0, len(texts), chunk)):
            part = texts[i:i + chunk]
            names = list(systems)
            order = names[(k + r) % len(names):] + names[:(k + r) % len(names)]  # each system first in turn
            for name in order:
                t0 = time.perf_counter()
                systems[name](part)
                spent[name] += time.perf_counter() - t0
        for name in systems:
            rates[name].append(len(texts) / spent[name])
    print(f"\nspeed A/B (sentences/s, {len(texts)} sentences, {rounds} interleaved rounds, start-up excluded; load average {os.getloadavg()[0]:.2f}):")
    for name, values in rates.items():
        print(f"  {name:<30} median {statistics.median(values):8.0f}   spread {min(values):8.0f} - {max(values):8.0f}")
    for ours in ("kztranslate detect", "kztranslate detect_many"):
        for name, values in rates.items():
            if not name.startswith("kztranslate"):
                ratios = [a / b for a, b in zip(rates[ours], values)]
                print(f"  ratio {ours} / {name:<26} median {statistics.median(ratios):.2f}   spread {min(ratios):.2f} - {max(ratios):.2f}")
    if baseline:
        def key(d):
            return (d.language, d.script, d.confidence)
        differ = sum(key(model.detect(t)) != key(old.detect(t)) for t in texts)
        print(f"  detections (language, script, confidence) differing from the baseline: {differ} / {len(texts)}")
    many = [d for i in range(0, len(texts), chunk) for d in model.detect_many(texts[i:i + chunk])]
    differ = sum(a != model.detect(t) for a, t in zip(many, texts))
    print(f"  detect_many (chunks of {chunk}) differing from detect one by one: {differ} / {len(texts)}")


def main() -> None:
    rows = load_rows(SHARED / "data" / "langid" / "dev.tsv")
    baseline = sys.argv[sys.argv.index("--baseline") + 1] if "--baseline" in sys.argv else None
    if "--speed-only" in sys.argv:
        speed_ab([t for _, t in rows], baseline=baseline)
        return
    results: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: {"sentences": [], "paragraphs": []})
    timing: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    base = baselines()
    for train, test in folds(rows):
        systems = {name: m.detect for name, m in our_models(train).items()}
        for unit, items in (("sentences", test), ("paragraphs", paragraphs(test))):
            for name, fn in list(systems.items()) + list(base.items()):
                t0 = time.perf_counter()
                preds = [fn(t) for _, t in items]
                if unit == "sentences":
                    timing[name][0] += time.perf_counter() - t0
                    timing[name][1] += len(items)
                preds = [p.language if isinstance(p, kd.Detection) else p for p in preds]
                results[name][unit] += [(gold, pred) for (gold, _), pred in zip(items, preds)]
    for unit in ("sentences", "paragraphs"):
        n = len(results[next(iter(results))][unit])
        print(f"\n{unit} ({n}, {FOLDS}-fold cross-validated): accuracy per language, overall, Kazakh precision/recall")
        print(f"{'system':<44}" + "".join(f"{l:>6}" for l in LANGS) + f"{'all':>7}{'kk P':>7}{'kk R':>7}")
        for name, res in results.items():
            pairs = res[unit]
            acc = {l: sum(g == p for g, p in pairs if g == l) / max(1, sum(g == l for g, _ in pairs)) for l in LANGS}
            overall = sum(g == p for g, p in pairs) / len(pairs)
            kk_pred = [g for g, p in pairs if p == "kk"]
            prec = sum(g == "kk" for g in kk_pred) / max(1, len(kk_pred))
            print(f"{name[:44]:<44}" + "".join(f"{acc[l] * 100:6.1f}" for l in LANGS) + f"{overall * 100:7.2f}{prec * 100:7.2f}{acc['kk'] * 100:7.2f}")
    print("\nspeed (sentences/s, single process, inside the cross-validation: fresh fold models):")
    for name, (secs, n) in timing.items():
        print(f"  {name:<44} {n / secs:10.0f}")
    speed_ab([t for _, t in rows], baseline=baseline)


if __name__ == "__main__":
    main()
