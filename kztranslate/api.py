"""The Python API: translate a text (or a list of paragraphs) without writing any file.

    >>> from kztranslate import translate_text
    >>> result = translate_text("Мәжіліс заң жобасын мақұлдады.", to=["ru", "en"])
    >>> result.detection.language, str(result.routes["ru"])
    ('kk', 'kk→ru (direct; nllb-200-600M)')
    >>> for s in result.sentences:
    ...     print(s.source, s.translations["ru"], s.missing_terms["ru"])
    >>> print(result.text("ru"))          # the article, layout kept

It runs the same stages as ``kztranslate translate`` (segmentation, detection with the is-it-Kazakh
check, the shared normalisation for Latin/Arabic-script Kazakh, copying of foreign or
content-free sentences, MT with n-best and glossary enforcement) and returns objects:
:class:`TextResult` with its :class:`~kztranslate.detect.Detection`, one :class:`SentenceResult`
per unique sentence, and a :class:`~kztranslate.engine.base.Route` per language whose ``why_not``
says, as a typed value, why a language got no MT. The file-based pipeline
(:mod:`kztranslate.pipeline`) adds PO merging, the translation memory and atomic writes on top of
the same stages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from kztranslate.detect import Detection
from kztranslate.engine.base import Engine, Route

__all__ = ["SentenceResult", "TextResult", "translate_text"]


@dataclass(frozen=True)
class SentenceResult:
    """One unique sentence: where it stands, what MT was given, and its translation per language.

    ``copied`` is the language code of a sentence passed through unchanged (``ru``/``en`` paragraphs,
    ``zxx`` for numbers, times or links). ``translations[lang]`` is ``""`` when that language had
    no route; ``missing_terms[lang]`` lists required glossary terms the translation still lacks.
    """

    source: str
    mt_source: str
    positions: tuple[tuple[int, int], ...]  # (paragraph, sentence in paragraph) of each occurrence
    kind: str  # "body" or "heading"
    copied: str | None
    required_terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    translations: dict[str, str] = field(default_factory=dict)
    missing_terms: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class TextResult:
    detection: Detection
    sentences: list[SentenceResult]
    routes: dict[str, Route]
    layout: list[list[str]]  # paragraphs -> their sentences (source text), in order

    def text(self, lang: str) -> str:
        """The translated text in the source's paragraph layout (untranslated sentences stay Kazakh)."""
        by_source = {s.source: s.translations.get(lang) or s.source for s in self.sentences}
        return "\n\n".join(" ".join(by_source[s] for s in par) for par in self.layout)


def translate_text(
    text: str | Sequence[str],
    to: Sequence[str] | str = ("ru", "en"),
    *,
    engine: Engine | str | None = "auto",
    models_dir: Path | None = None,
    force: bool = False,
    glossary=None,
) -> TextResult:
    """Translate ``text`` (one string, or a list of paragraphs) into each language of ``to``.

    ``engine``: ``"auto"`` (the installed models of ``models_dir``), ``None`` (no MT: segments,
    detection and glossary requirements only), or any :class:`~kztranslate.engine.base.Engine`.
    Raises :class:`~kztranslate.errors.InputError` for text that is not Kazakh unless ``force``.
    """
    from kztranslate import detect as detection
    from kztranslate.glossary import default_glossary
    from kztranslate.glossary.enforce import enforced_text, missing_terms, required_terms
    from kztranslate.pipeline import article_units, n_best_for, route_for
    from kztranslate.po.catalog import check_target
    from kztranslate.segment import segment
    from kztranslate.textio import normalise_text

    targets = list(dict.fromkeys(check_target(t) for t in ([to] if isinstance(to, str) else to) for t in t.split(",") if t.strip()))
    body = normalise_text(text if isinstance(text, str) else "\n\n".join(text))
    if engine == "auto":
        from kztranslate.engine import load_engine

        engine = load_engine(models_dir)
    glossary = glossary or default_glossary()
    paragraphs = segment(body)
    found = detection.detect_paragraphs(body, paragraphs)
    document = detection.ensure_kazakh(body, "text", force=force, paragraphs=found)
    units, _ = article_units(body, paragraphs, found)
    required = {u.text: required_terms(glossary.match(u.mt_text)) if not u.copied else [] for u in units}
    routes = {t: route_for(engine if not isinstance(engine, str) else None, t) for t in targets}
    chosen: dict[str, dict[str, str]] = {t: {} for t in targets}
    for t, route in routes.items():
        todo = list(dict.fromkeys(u.mt_text for u in units if not u.copied))
        if not route.usable or not todo or engine is None or isinstance(engine, str):
            continue
        done = dict(zip(todo, engine.translate(todo, "kk", t, n_best=n_best_for(engine))))
        for u in units:
            if u.copied:
                continue
            chosen[t][u.text] = enforced_text(done[u.mt_text], required[u.text], t)
    sentences = []
    for u in units:
        translations = {t: (u.text if u.copied else chosen[t].get(u.text, "")) for t in targets}
        sentences.append(
            SentenceResult(
                source=u.text,
                mt_source=u.mt_text,
                positions=tuple((o[0], o[1]) for o in u.occurrences),
                kind=u.occurrences[0][2],
                copied=u.copied,
                required_terms={t: tuple(term.target(t) for term in required[u.text]) for t in targets},
                translations=translations,
                missing_terms={
                    t: tuple(term.target(t) for term in missing_terms(translations[t], required[u.text], t)) if translations[t] and not u.copied else ()
                    for t in targets
                },
            )
        )
    layout = [[s.text for s in par.sentences] for par in paragraphs]
    return TextResult(detection=document, sentences=sentences, routes=routes, layout=layout)
