"""The per-entry checks of ``kztranslate check``: one function per check name (see :mod:`.findings`).

Each check takes an :class:`EntryContext` and returns ``(message, severity-or-None)`` pairs;
:func:`check_entry` turns them into findings. Checks that translate-toolkit's ``pofilter`` already
does well (unchanged, brackets, doublewords, doublespacing, whitespace, newlines, urls, emails) call
``translate.filters.checks.StandardChecker`` directly instead of re-implementing it; what pofilter
cannot know (Kazakh case suffixes on numbers and month names, our glossary tags, «» quotes,
MT leftovers) is ours. The glossary check recomputes each entry's required terms from its msgid.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterator

import polib

from kztranslate.datafiles import read_data
from kztranslate.po.entries import TAG_ARABIC, TAG_COPIED, TAG_LATIN, TAG_POSITION, has_tag, tag_values
from kztranslate.qa import numbers as num
from kztranslate.qa.findings import Finding, finding

Result = tuple[str, "str | None"]


@dataclass(frozen=True)
class EntryContext:
    entry: polib.POEntry
    source: str
    translation: str
    lang: str | None  # 'ru', 'en', or None when unknown
    file: str

    @property
    def copied(self) -> bool:
        """Copied through on purpose (not Kazakh, or Latin-script Kazakh kept as written)."""
        return has_tag(self.entry, TAG_COPIED)


@lru_cache(maxsize=1)
def limits() -> dict:
    return json.loads(read_data("qa.json"))


@lru_cache(maxsize=1)
def _checker():
    from translate.filters import checks  # heavy import: only when checking

    return checks.StandardChecker()


def _pofilter(name: str, source: str, translation: str) -> list[str]:
    """Run one translate-toolkit StandardChecker test; its failure messages (empty when it passes)."""
    from translate.filters.checks import FilterFailure

    try:
        ok = getattr(_checker(), name)(source, translation)
    except FilterFailure as exc:
        return [str(m) for m in getattr(exc, "messages", [str(exc)])]
    return [] if ok is not False else [f"pofilter {name} failed"]


# --- our checks -------------------------------------------------------------------------------

def check_numbers(ctx: EntryContext) -> Iterator[Result]:
    report = num.compare(ctx.source, ctx.translation, ctx.lang or "ru")
    if report.missing:
        extra = f"; the translation has {', '.join(report.extra)} instead" if report.extra else ""
        yield f"number(s) {', '.join(report.missing)} of the source missing from the translation{extra}", None
    elif report.extra:
        yield f"number(s) {', '.join(report.extra)} in the translation are not in the source", "warning"
    if ctx.lang == "en" and not ctx.copied:
        commas = num.decimal_comma_en(ctx.translation)
        if commas:
            yield f"decimal comma in English: {', '.join(commas)} (English writes {', '.join(n.replace(',', '.') for n in commas)})", "warning"


def check_dates(ctx: EntryContext) -> Iterator[Result]:
    if ctx.lang not in ("ru", "en"):
        return
    report = num.compare(ctx.source, ctx.translation, ctx.lang)
    for date in report.dates_missing:
        yield f"date {date} of the source is not in the translation", None


def check_glossary(ctx: EntryContext) -> Iterator[Result]:
    """Required terms recomputed from the msgid with the glossary, for any PO file: ``kz-term-LANG``
    comments are notes for translators, never the judge (a tool may have dropped or wrapped them)."""
    if ctx.lang not in ("ru", "en") or ctx.source != ctx.entry.msgid:
        return
    from kztranslate.glossary import default_glossary
    from kztranslate.glossary.enforce import entry_terms, violations

    for term, variant in violations(entry_terms(default_glossary(), ctx.entry), ctx.translation, ctx.lang):
        if variant is None:
            yield f"required term '{term.target(ctx.lang)}' (for '{term.kk}') is missing", None
        else:
            yield f"forbidden variant '{variant}' of '{term.target(ctx.lang)}' (for '{term.kk}')", None


def _quote_problems(text: str) -> list[str]:
    problems = []
    depth = 0
    for ch in text:
        if ch == "«":
            depth += 1
        elif ch == "»":
            depth -= 1
            if depth < 0:
                break
    if depth != 0:
        problems.append(f"unbalanced «»: {text.count('«')} « and {text.count('»')} »")
    low, left, right = text.count("„"), text.count("“"), text.count("”")
    if low and not right:
        ok = low == left  # Russian „…“
    elif left and not low:
        ok = left == right  # English “…”
    else:
        ok = (low + left + right) % 2 == 0
    if not ok:
        problems.append(f"unbalanced curly quotes: {low} „, {left} “, {right} ”")
    if text.count('"') % 2:
        problems.append(f'odd number of straight quotes ("): {text.count(chr(34))}')
    return problems


def _has_quotes(text: str) -> bool:
    return any(q in text for q in "«»„“”\"")


def check_quotes(ctx: EntryContext) -> Iterator[Result]:
    for problem in _quote_problems(ctx.translation):
        yield problem, None
    if "«" in ctx.source and "»" in ctx.source and not _has_quotes(ctx.translation):
        yield "the source quotes «…» but the translation has no quotation marks", "warning"


def check_placeholders(ctx: EntryContext) -> Iterator[Result]:
    for pattern in limits()["placeholders"]:
        m = re.search(pattern, ctx.translation)
        if m and not re.search(pattern, ctx.source):
            yield f"leftover placeholder {m.group(0)!r}", None


_LATIN_WORD = re.compile(r"(?<![\w])[A-Za-z][A-Za-z0-9]*(?:[.\-+&][A-Za-z0-9]+)*")


def check_names(ctx: EntryContext) -> Iterator[Result]:
    if ctx.copied or has_tag(ctx.entry, TAG_LATIN) or has_tag(ctx.entry, TAG_ARABIC):
        return
    low = ctx.translation.lower()
    missing = [w for w in dict.fromkeys(_LATIN_WORD.findall(ctx.source)) if len(w) > 1 and w.lower() not in low]
    if missing:
        yield f"Latin-script word(s) of the source not kept: {', '.join(missing)}", None


_KAZAKH_ONLY = re.compile(r"[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def check_script(ctx: EntryContext) -> Iterator[Result]:
    if ctx.copied:
        return
    if ctx.lang == "ru":
        letters = sorted(set(_KAZAKH_ONLY.findall(ctx.translation)))
        if letters:
            yield f"Kazakh letters in a Russian translation: {' '.join(letters)}", None
    elif ctx.lang == "en":
        words = [w for w in re.findall(r"\w+", ctx.translation) if _CYRILLIC.search(w)]
        if words:
            yield f"Cyrillic left in an English translation: {', '.join(dict.fromkeys(words))}", None


def check_unchanged(ctx: EntryContext) -> Iterator[Result]:
    if ctx.copied:
        return
    for message in _pofilter("unchanged", ctx.source, ctx.translation):
        yield f"translation identical to the source ({message})", None


def check_length(ctx: EntryContext) -> Iterator[Result]:
    cfg = limits()["length"]
    if ctx.copied or len(ctx.source) < cfg["min_chars"]:
        return
    low, high = cfg.get(ctx.lang or "", cfg["default"])
    ratio = len(ctx.translation) / len(ctx.source)
    if not low <= ratio <= high:
        yield f"length ratio {ratio:.2f} outside {low}-{high} ({len(ctx.translation)} vs {len(ctx.source)} characters)", None


def _pofilter_check(*names: str) -> Callable[[EntryContext], Iterator[Result]]:
    def run(ctx: EntryContext) -> Iterator[Result]:
        for name in names:
            for message in _pofilter(name, ctx.source, ctx.translation):
                yield message, None

    return run


#: our check name -> function, in report order. Content checks run on entries with a translation.
CONTENT_CHECKS: dict[str, Callable[[EntryContext], Iterator[Result]]] = {
    "numbers": check_numbers,
    "dates": check_dates,
    "glossary": check_glossary,
    "quotes": check_quotes,
    "placeholders": check_placeholders,
    "names": check_names,
    "script": check_script,
    "unchanged": check_unchanged,
    "length": check_length,
    "brackets": _pofilter_check("brackets"),
    "doublewords": _pofilter_check("doublewords"),
    "doublespacing": _pofilter_check("doublespacing"),
    "whitespace": _pofilter_check("startwhitespace", "endwhitespace"),
    "newlines": _pofilter_check("newlines"),
    "urls": _pofilter_check("urls"),
    "emails": _pofilter_check("emails"),
}


def _pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    if entry.msgid_plural:
        forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
        return [(entry.msgid if i == 0 else entry.msgid_plural, s) for i, s in enumerate(forms)]
    return [(entry.msgid, entry.msgstr)]


def check_entry(entry: polib.POEntry, lang: str | None, file: str) -> list[Finding]:
    """All findings for one (non-obsolete, non-header) entry."""
    position = ", ".join(tag_values(entry, TAG_POSITION))
    where = dict(line=entry.linenum or 0, position=position, msgid=entry.msgid)
    out: list[Finding] = []
    pairs = _pairs(entry)
    if not pairs or any(not t for _, t in pairs):
        return [finding("untranslated", file, "no translation", **where)]
    for source, translation in pairs:
        ctx = EntryContext(entry, source, translation, lang, file)
        for name, check in CONTENT_CHECKS.items():
            for message, severity in check(ctx):
                out.append(finding(name, file, message, severity=severity, **where))
    return out
