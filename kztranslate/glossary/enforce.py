"""Target-side glossary checks and choosing among the engine's n-best translations.

A term found in the Kazakh source *requires* its Russian/English equivalent in the translation.
Russian inflects too, so ``term_present`` compares lemma sequences (pymorphy3): "Центральной
избирательной комиссии" satisfies "Центральная избирательная комиссия", "Мажилисе" satisfies
"Мажилис". English compares case- and plural-insensitively ("akims" satisfies "akim").

:func:`select` picks, among n-best hypotheses, the one that satisfies the most required terms; ties
go to the fewest forbidden variants, then to the best engine score, then to the engine's order
(so with no terms at stake the engine's 1-best is kept unchanged). What it could not satisfy comes
back in ``Selection.missing``; ``kztranslate check`` recomputes every violation from the msgid, so no
translation silently breaks the glossary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from kztranslate.glossary.model import Match, Term

_TOKEN = re.compile(r"[^\W\d_]+(?:[-‐‑][^\W\d_]+)*|\d+", re.UNICODE)


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3  # heavy (dictionary load): only when a Russian check is needed

    return pymorphy3.MorphAnalyzer()


def _norm_ru(token: str) -> str:
    return token.lower().replace("ё", "е").replace("‐", "-").replace("‑", "-")


@lru_cache(maxsize=50000)
def _ru_lemmas(token: str) -> frozenset[str]:
    """The token itself plus every lemma pymorphy3 proposes (ambiguity is kept, not guessed)."""
    t = _norm_ru(token)
    if not re.search(r"[а-я]", t):
        return frozenset({t})
    return frozenset({t, *(_norm_ru(p.normal_form) for p in _morph().parse(t))})


_EN_IRREGULAR = {"men": "man", "women": "woman", "people": "people", "children": "child"}


@lru_cache(maxsize=50000)
def _en_key(token: str) -> str:
    """Case- and plural-insensitive key: 'Akims' -> 'akim', 'Commissions' -> 'commission',
    'Parties' -> 'party', "Mazhilis's" -> 'mazhilis' (a final -is/-us/-ss is not a plural)."""
    t = token.lower().replace("’", "'").replace("‐", "-").replace("‑", "-")
    if t.endswith("'s"):
        t = t[:-2]
    t = t.rstrip("'")
    if t in _EN_IRREGULAR:
        return _EN_IRREGULAR[t]
    if len(t) > 4 and t.endswith("ies"):
        return t[:-3] + "y"
    if len(t) > 4 and t.endswith(("sses", "xes", "zes", "ches", "shes")):
        return t[:-2]
    if len(t) > 3 and t.endswith("s") and not t.endswith(("ss", "us", "is")):
        return t[:-1]
    return t


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.replace("'s", "").replace("’s", "")) if text else []


def _contains(needle: list, hay: list, same) -> bool:
    n = len(needle)
    if n == 0:
        return False
    for i in range(len(hay) - n + 1):
        if all(same(needle[k], hay[i + k]) for k in range(n)):
            return True
    return False


def term_present(term_text: str, translation: str, target: str) -> bool:
    """Does ``translation`` contain ``term_text`` (a required target term) in some inflected form?

    ``target`` is 'ru' (pymorphy3 lemma sequence match) or 'en' (case/plural-insensitive word
    sequence match). Matching is on whole words, in order, contiguous.
    """
    if target == "ru":
        needle = [_ru_lemmas(t) for t in _TOKEN.findall(term_text)]
        hay = [_ru_lemmas(t) for t in _TOKEN.findall(translation)]
        return _contains(needle, hay, lambda a, b: bool(a & b))
    if target == "en":
        keys = [_en_key(t) for t in _tokens(term_text)]
        words = [_en_key(t) for t in _tokens(translation)]
        return _contains(keys, words, lambda a, b: a == b)
    raise ValueError(f"unsupported target language {target!r} (expected ru or en)")


def required_terms(matches: Iterable[Match]) -> list[Term]:
    """Distinct terms found in a source sentence, in order of first occurrence."""
    seen: dict[str, Term] = {}
    for m in matches:
        seen.setdefault(m.term.id, m.term)
    return list(seen.values())


def forbidden_found(translation: str, terms: Sequence[Term], target: str) -> list[tuple[Term, str]]:
    """Forbidden variants (e.g. "Majilis", "Parliament House") that appear in the translation."""
    found = []
    for term in terms:
        for variant in term.forbidden(target):
            if term_present(variant, translation, target):
                found.append((term, variant))
    return found


def missing_terms(translation: str, terms: Sequence[Term], target: str) -> list[Term]:
    return [t for t in terms if not term_present(t.target(target), translation, target)]


@dataclass(frozen=True)
class Selection:
    """The chosen hypothesis, the required terms it lacks and the forbidden variants it uses."""

    text: str
    score: float
    missing: tuple[Term, ...]
    forbidden: tuple[tuple[Term, str], ...] = ()
    index: int = 0  # position of the chosen hypothesis in the n-best list

    @property
    def satisfied(self) -> bool:
        return not self.missing and not self.forbidden


def select(hypotheses: Sequence[tuple[str, float]], required: Sequence[Term], target: str) -> Selection:
    """Choose the hypothesis that satisfies the most required terms (see module docstring).

    Rule, compared in order: (1) most required terms present, (2) fewest forbidden variants,
    (3) highest engine score, (4) earliest in the engine's n-best order.
    """
    if not hypotheses:
        raise ValueError("select() needs at least one hypothesis")
    terms = required_terms_unique(required)
    best: tuple | None = None
    for index, (text, score) in enumerate(hypotheses):
        missing = missing_terms(text, terms, target)
        forbidden = forbidden_found(text, terms, target)
        key = (len(terms) - len(missing), -len(forbidden), score, -index)
        if best is None or key > best[0]:
            best = (key, Selection(text, score, tuple(missing), tuple(forbidden), index))
    if best is None:  # not an assert: `python -O` strips those
        raise ValueError("select() needs at least one hypothesis")
    return best[1]


def required_terms_unique(terms: Sequence[Term]) -> list[Term]:
    seen: dict[str, Term] = {}
    for t in terms:
        seen.setdefault(t.id, t)
    return list(seen.values())


def term_ok(term: Term, translation: str, target: str) -> bool:
    """The required translation is present and no forbidden variant of the term is used."""
    return term_present(term.target(target), translation, target) and not forbidden_found(translation, [term], target)


def term_comments(required: Sequence[Term], target: str) -> list[str]:
    """The POT ``#.`` lines of one entry for ``target``: ``kz-term-LANG: KK = TARGET`` for every
    term found in the source (what ``check`` recomputes; shown to translators as notes)."""
    from kztranslate.po.entries import tag_line, term_tag

    return [tag_line(term_tag(target), f"{t.kk} = {t.target(target)}") for t in required_terms_unique(required)]


def hypotheses(translation) -> list[tuple[str, float]]:
    """An engine ``Translation``'s n-best list, or its 1-best alone when no n-best was asked for."""
    return list(translation.alternatives) or [(translation.text, translation.score)]


def enforced_text(translation, required: Sequence[Term], target: str) -> str:
    """The text the pipeline writes: the hypothesis :func:`select` prefers when terms are required."""
    return select(hypotheses(translation), required, target).text if required else translation.text


def apply(glossary, sources: Sequence[str], translations: Sequence, target: str) -> list[tuple[list[Term], Selection]]:
    """For each source sentence and its engine ``Translation``: the required terms and the chosen
    hypothesis among ``translation.alternatives`` (the n-best list; the 1-best alone when empty)."""
    out = []
    for source, tr in zip(sources, translations, strict=True):
        required = required_terms(glossary.match(source))
        out.append((required, select(hypotheses(tr), required, target)))
    return out


def entry_terms(glossary, entry) -> list[Term]:
    """The terms a PO entry's Kazakh msgid requires, recomputed from the msgid (never from tags):
    nothing for a copied-through paragraph, the Cyrillic form of a Latin-script sentence (as the
    pipeline matches it). ``check`` and ``stats`` judge any PO file this way, whoever wrote it."""
    from kztranslate.po.entries import TAG_COPIED, TAG_LATIN, has_tag
    from kztranslate.translit import latin_to_cyrillic

    if has_tag(entry, TAG_COPIED) or not entry.msgid:
        return []
    text = latin_to_cyrillic(entry.msgid) if has_tag(entry, TAG_LATIN) else entry.msgid
    return required_terms(glossary.match(text))


def violations(terms: Sequence[Term], translation: str, target: str) -> list[tuple[Term, str | None]]:
    """(term, None) for each required term missing from ``translation``, (term, variant) for each
    forbidden variant it uses."""
    out: list[tuple[Term, str | None]] = [(t, None) for t in missing_terms(translation, terms, target)]
    return out + forbidden_found(translation, terms, target)
