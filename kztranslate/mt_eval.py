"""``kztranslate eval``: score the installed models against the newsroom's own reviewed translations.

How a newsroom chooses between NLLB-200 600M, 1.3B, 3.3B or a fine-tune (ISSAI's Tilmash is an
NLLB fine-tune converted the same way): run each on sentences its reviewers have already translated
and compare. References come from

* reviewed PO files (``msgid`` Kazakh, reviewed ``msgstr`` the reference; fuzzy, untranslated and
  copied-through entries are not references; the MT input is the entry's ``kz-latin``
  transliteration when the source was Latin-script Kazakh, as ``translate`` sent it), or
* a two-column TSV (``Kazakh<TAB>reference``, an optional ``kk<TAB>ru`` header), with ``--to``.

Every system (each installed model serving kk→LANG directly, plus the pivot route when there is
one, or the models named with ``--model``) translates the same sentences with the pipeline's own
settings (n-best for the glossary, enforcement by :func:`kztranslate.glossary.enforce.select`), and
is scored with sacrebleu (chrF, chrF++, BLEU, with their signatures) on the plain 1-best output and
on the enforced output that ``translate`` would write, plus glossary term accuracy (the share of
required target terms present) both ways, and sentences per second (models loaded before timing).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Sequence

from kztranslate.errors import InputError, ModelError

@dataclass(frozen=True)
class Reference:
    source: str  # what the model is given (Cyrillic Kazakh)
    reference: str
    origin: str  # FILE:LINE


@dataclass
class SystemScore:
    system: str
    route: str
    models: list[str]
    sentences: int
    seconds: float
    sentences_per_s: float
    scores: dict[str, dict[str, float]] = field(default_factory=dict)  # plain|enforced -> chrf, chrf++, bleu
    terms: dict[str, float | int] = field(default_factory=dict)  # required, plain, enforced
    signatures: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def _po_references(path: Path, target: str | None) -> tuple[str, list[Reference]]:
    from kztranslate.po.catalog import po_language, read_po
    from kztranslate.po.entries import TAG_COPIED, TAG_LATIN, has_tag, is_reviewed, tag_values

    po = read_po(path)
    lang = po_language(po, path) or ""
    if target and lang != target:
        raise InputError(f"{path}: a {lang or 'language-less'} PO file, but --to {target}")
    refs = []
    for e in po:
        if is_reviewed(e) and not has_tag(e, TAG_COPIED):
            latin = tag_values(e, TAG_LATIN)
            refs.append(Reference(latin[0] if latin else e.msgid, e.msgstr, f"{path}:{e.linenum}"))
    return lang, refs


def _tsv_references(path: Path, target: str | None) -> tuple[str, list[Reference]]:
    from kztranslate.textio import read_text

    if not target:
        raise InputError(f"{path}: a TSV file does not say its language: give --to")
    refs = []
    for n, line in enumerate(read_text(path).split("\n"), 1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != 2 or not cells[0].strip() or not cells[1].strip():
            raise InputError(f"{path}: line {n}: expected two tab-separated columns (Kazakh, reference)")
        if n == 1 and [c.strip().lower() for c in cells] == ["kk", target]:
            continue
        refs.append(Reference(cells[0].strip(), cells[1].strip(), f"{path}:{n}"))
    return target, refs


def read_references(paths: Sequence[Path], target: str | None = None) -> tuple[str, list[Reference]]:
    """All references of ``paths`` (PO or TSV) and their one target language."""
    from kztranslate.po.catalog import check_target

    if target:
        target = check_target(target)
    langs: set[str] = set()
    refs: list[Reference] = []
    for p in paths:
        p = Path(p)
        lang, found = _tsv_references(p, target) if p.suffix.lower() in (".tsv", ".txt") else _po_references(p, target)
        langs.add(lang)
        refs += found
    if len(langs) > 1:
        raise InputError(f"the files are in {', '.join(sorted(langs))}: evaluate one target language at a time (--to)")
    lang = target or next(iter(langs), "")
    check_target(lang)
    if not refs:
        raise InputError("no reviewed translations to use as references (fuzzy and untranslated entries are not references)")
    return lang, refs


def candidate_systems(models_dir: Path | None, target: str, names: Sequence[str] | None = None) -> list[tuple[str, ...]]:
    """The systems to compare: ``names`` (``a`` or ``a+b`` for a pivot), else every model serving
    kk→target directly, plus the pivot route when the installed models make one."""
    from kztranslate.engine.ct2_engine import Ct2Engine

    if names:
        return [tuple(n.split("+")) for n in names]
    engine = Ct2Engine(models_dir)
    systems: list[tuple[str, ...]] = [(m.name,) for m in engine.models() if m.serves("kk", target)]
    for pivot in ("en",):
        # A pivot is a system of its own only with hop models that cannot do kk→target themselves
        # (the planner always prefers a direct model).
        first = [m.name for m in engine.models() if m.serves("kk", pivot) and not m.serves("kk", target)]
        second = [m.name for m in engine.models() if m.serves(pivot, target) and not m.serves("kk", target)]
        if pivot != target and first and second:
            systems.append((first[0], second[0]))
    if not systems:
        raise ModelError(f"no kk→{target} model installed; see `kztranslate models get` (models directory: {engine.root})")
    return systems


def score_system(refs: Sequence[Reference], target: str, names: tuple[str, ...], models_dir: Path | None, glossary) -> SystemScore:
    from sacrebleu.metrics import BLEU, CHRF

    from kztranslate.engine.ct2_engine import Ct2Engine
    from kztranslate.glossary.enforce import enforced_text, missing_terms, required_terms
    from kztranslate.pipeline import n_best_for

    engine = Ct2Engine(models_dir, only=names)
    hops = engine.plan("kk", target)
    for hop in hops:  # load before timing: start-up is not throughput
        engine._load(hop.model)
    sources = list(dict.fromkeys(r.source for r in refs))
    n_best = n_best_for(engine)
    t0 = time.perf_counter()
    translations = dict(zip(sources, engine.translate(sources, "kk", target, n_best=n_best)))
    seconds = time.perf_counter() - t0
    plain, enforced = [], []
    required_total = plain_ok = enforced_ok = 0
    for r in refs:
        tr = translations[r.source]
        required = required_terms(glossary.match(r.source))
        chosen = enforced_text(tr, required, target)
        plain.append(tr.text)
        enforced.append(chosen)
        required_total += len(required)
        plain_ok += len(required) - len(missing_terms(tr.text, required, target))
        enforced_ok += len(required) - len(missing_terms(chosen, required, target))
    metrics = {"chrf": CHRF(), "chrf++": CHRF(word_order=2), "bleu": BLEU()}
    references = [[r.reference for r in refs]]
    scores = {
        kind: {name: round(m.corpus_score(hyps, references).score, 2) for name, m in metrics.items()}
        for kind, hyps in (("plain", plain), ("enforced", enforced))
    }
    first = next(iter(translations.values()))
    return SystemScore(
        system="+".join(names),
        route=first.describe_route(),
        models=list(first.models),
        sentences=len(refs),
        seconds=round(seconds, 3),
        sentences_per_s=round(len(sources) / seconds, 2) if seconds > 0 else 0.0,
        scores=scores,
        terms={
            "required": required_total,
            "plain": round(plain_ok / required_total, 4) if required_total else 1.0,
            "enforced": round(enforced_ok / required_total, 4) if required_total else 1.0,
        },
        signatures={name: str(m.get_signature()) for name, m in metrics.items()},
    )


def evaluate(paths: Sequence[Path], target: str | None = None, *, models_dir: Path | None = None, models: Sequence[str] | None = None) -> tuple[str, list[Reference], list[SystemScore]]:
    """References from ``paths`` scored for every system; see the module docstring."""
    from kztranslate.glossary import load_glossary

    lang, refs = read_references(paths, target)
    systems = candidate_systems(models_dir, lang, models)
    glossary = load_glossary()
    return lang, refs, [score_system(refs, lang, names, models_dir, glossary) for names in systems]
