"""Numbers and dates of a Kazakh sentence, compared with its Russian or English translation.

Numbers are compared by value, not spelling, because each language writes them its own way:
Kazakh and Russian ``3,5`` and ``1 250`` (space, no-break or thin space between thousands), English
``3.5`` and ``1,250``. A comma followed by exactly three digits is a thousands separator only in
English; elsewhere a comma is the decimal mark. Dates ``13.02.2026`` may stay numeric or be written
with the month name (``13 февраля 2026``, ``February 13, 2026``); Kazakh month names carry case
suffixes (``15 наурызда``), so they are matched as stems from ``data/months.tsv``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from kztranslate.datafiles import read_data

_SPACES = " \u00a0\u202f\u2009"
_RAW_NUMBER = re.compile(rf"(?<![\w])\d+(?:[.,{_SPACES}]\d+)*")
_NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?![\d])")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_NEXT_WORD = re.compile(r"[\s\u00a0\u202f-]*([^\W\d_]+)")
_TIME = re.compile(r"(?<![\d:.,])([01]?\d|2[0-3])[:.]([0-5]\d)(?![\d:])")
_EN_CLOCK = re.compile(r"(?<![\d:.,])(1[0-2]|0?[1-9])(?:[:.]([0-5]\d))?\s*([ap])\.?\s?m\b\.?", re.IGNORECASE)


@dataclass(frozen=True)
class Month:
    number: int
    kk: str
    forms: dict[str, tuple[str, ...]]  # target language -> accepted words (lower-case)


@lru_cache(maxsize=1)
def months() -> tuple[Month, ...]:
    text = read_data("months.tsv")
    result = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        num, kk, ru, en = line.split("\t")
        result.append(Month(int(num), kk.lower(), {"ru": tuple(w.lower() for w in ru.split(",")), "en": tuple(w.lower() for w in en.split(","))}))
    return tuple(result)


@lru_cache(maxsize=1)
def scale_words() -> dict[str, tuple[tuple[str, bool, int], ...]]:
    """language -> (word, is_prefix, power of ten) from ``data/number_scales.tsv``."""
    text = read_data("number_scales.tsv")
    table: dict[str, list[tuple[str, bool, int]]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lang, word, power = line.split("\t")
        table.setdefault(lang, []).append((word.rstrip("*").lower(), word.endswith("*"), int(power)))
    return {lang: tuple(words) for lang, words in table.items()}


@lru_cache(maxsize=1)
def number_words() -> dict[tuple[int, str], re.Pattern]:
    """(n, language) -> whole-word pattern of n spelled out, from ``data/number_words.tsv``."""
    text = read_data("number_words.tsv")
    table = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        n, lang, pattern = line.split("\t")
        table[(int(n), lang)] = re.compile(rf"(?<![^\W\d_])(?:{pattern})(?![^\W\d_])", re.IGNORECASE)
    return table


def _to_decimal(digits: str) -> Decimal | None:
    try:
        return Decimal(digits).normalize()
    except InvalidOperation:
        return None


def _parse(raw: str, lang: str) -> list[Decimal]:
    """One raw digit run -> its values. '1 250' is one number (thousands), '10 15' two."""
    values: list[Decimal] = []
    # split on spaces unless they separate thousand groups
    parts = re.split(rf"[{_SPACES}]", raw)
    groups: list[str] = [parts[0]]
    for part in parts[1:]:
        # '1 250' / '12 500 000': a 1-3 digit head followed by exact 3-digit groups is one number
        if re.fullmatch(r"\d{3}(?:[.,]\d+)?", part) and re.fullmatch(r"\d{1,3}(?: \d{3})*", groups[-1]):
            groups[-1] = groups[-1] + " " + part
        else:
            groups.append(part)
    for group in groups:
        g = group.replace(" ", "").strip(".,")
        if not g:
            continue
        if lang == "en" and re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", g):
            g = g.replace(",", "")
        elif re.fullmatch(r"\d+(?:,\d+)?", g):
            g = g.replace(",", ".")
        elif re.fullmatch(r"\d+\.\d+", g):
            pass
        else:  # lists such as '1,2,3' or '2.3.1': each piece is a number
            for piece in re.split(r"[.,]", g):
                if piece:
                    d = _to_decimal(piece)
                    if d is not None:
                        values.append(d)
            continue
        d = _to_decimal(g)
        if d is not None:
            values.append(d)
    return values


def numeric_dates(text: str) -> list[tuple[int, int, int, tuple[int, int]]]:
    """``dd.mm.yyyy`` dates as (day, month, year, span); impossible ones are not dates."""
    found = []
    for m in _NUMERIC_DATE.finditer(text):
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= d <= 31 and 1 <= mo <= 12:
            found.append((d, mo, y, m.span()))
    return found


_SLASH_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d])")


def us_dates(text: str) -> list[tuple[int, int, int]]:
    """English ``mm/dd/yyyy`` dates as (month, day, year); valid ones only."""
    return [(int(a), int(b), int(y)) for a, b, y in _SLASH_DATE.findall(text) if 1 <= int(a) <= 12 and 1 <= int(b) <= 31]


def times(text: str, lang: str) -> list[tuple[int, int, tuple[int, int]]]:
    """Clock times as (hour 0-23, minute, span): '10:00', '15.30', and in English '3 p.m.', '10:30 am'."""
    found = []
    taken: list[tuple[int, int]] = []
    if lang == "en":
        for m in _EN_CLOCK.finditer(text):
            hour = int(m.group(1)) % 12 + (12 if m.group(3).lower() == "p" else 0)
            found.append((hour, int(m.group(2) or 0), m.span()))
            taken.append(m.span())
    date_spans = [span for *_, span in numeric_dates(text)]
    for m in _TIME.finditer(text):
        if any(a <= m.start() < b for a, b in taken + date_spans):
            continue
        if m.group(0)[-3] == "." and lang == "en":
            continue  # '3.50' in English is a decimal number, not a time
        if m.group(0)[-3] == "." and not re.search(r"(?i)(сағат|час|at)\W*$", text[: m.start()]):
            continue  # '15.30' is a time only right after 'сағат' / 'в ... час'; otherwise a number
        found.append((int(m.group(1)), int(m.group(2)), m.span()))
    return found


def numbers(text: str, lang: str) -> Counter:
    """The numbers of ``text`` by value (a multiset); numeric dates and clock times excluded."""
    spans = [span for *_, span in numeric_dates(text)] + [span for *_, span in times(text, lang)]
    if lang == "en":
        spans += [m.span() for m in _SLASH_DATE.finditer(text) if not any(a <= m.start() < b for a, b in spans)]
    spans.sort()
    for start, end in reversed(spans):
        text = text[:start] + " " + text[end:]
    values: Counter = Counter()
    for m in _RAW_NUMBER.finditer(text):
        parsed = _parse(m.group(0), lang)
        power = scale_after(text, m.end(), lang) if parsed else 0
        if power:  # '12,5 млн' / '12.5 million' / '1.5bn' count as the full figure, as '12 500 000' does
            parsed[-1] = (parsed[-1] * Decimal(10) ** power).normalize()
        values.update(parsed)
    return values


def scale_after(text: str, end: int, lang: str) -> int:
    """Power of ten of the scale word right after position ``end`` ('12,5 млн' -> 6), else 0."""
    after = _NEXT_WORD.match(text, end)
    if not after:
        return 0
    word = after.group(1).lower()
    for stem, prefix, power in scale_words().get(lang, ()):
        if word == stem or (prefix and word.startswith(stem)):
            return power
    return 0


_EN_DECIMAL_COMMA = re.compile(r"(?<![\w.,])\d+,(?:\d{1,2}|\d{4,})(?![\d,])")


def decimal_comma_en(text: str) -> list[str]:
    """Numbers with a decimal comma in English text ('3,5'): English writes 3.5 ('1,250' is thousands)."""
    return [m.group(0) for m in _EN_DECIMAL_COMMA.finditer(text)]


def kazakh_months(text: str) -> list[int]:
    """Month numbers named in a Kazakh sentence next to a day number ('15 наурыз', '15-наурызда').

    A bare month word is not counted: 'қазан' is also a cauldron, 'шілде' a summer heat wave."""
    found = []
    tokens = re.findall(r"\d+|[^\W\d_]+", text.lower())
    for i, tok in enumerate(tokens):
        for month in months():
            if tok.startswith(month.kk):
                before = tokens[i - 1] if i > 0 else ""
                after = tokens[i + 1] if i + 1 < len(tokens) else ""
                if before.isdigit() or after.startswith("ай"):
                    found.append(month.number)
    return found


def has_month(text: str, number: int, lang: str) -> bool:
    """Does a translation name month ``number`` (any listed form)?"""
    month = next(m for m in months() if m.number == number)
    words = {w.lower().rstrip(".") for w in _WORD.findall(text)}
    return any(form.rstrip(".") in words for form in month.forms.get(lang, ()))


@dataclass(frozen=True)
class NumberReport:
    missing: list[str]
    extra: list[str]
    dates_missing: list[str]


def _fmt(d: Decimal) -> str:
    return format(d, "f")


def compare(source: str, translation: str, lang: str) -> NumberReport:
    """Numbers and dates of ``source`` (Kazakh) missing from ``translation``, and extra numbers."""
    src = numbers(source, "kk")
    tgt = numbers(translation, lang)
    tgt_dates = {(d, m, y) for d, m, y, _ in numeric_dates(translation)}
    if lang == "en":  # American month/day/year: 02/13/2026
        tgt_dates |= {(d, m, y) for m, d, y in us_dates(translation)}
    dates_missing = []
    date_parts: Counter = Counter()
    for d, m, y, _ in numeric_dates(source):
        date_parts.update([Decimal(d), Decimal(m), Decimal(y)])
        if (d, m, y) in tgt_dates:
            continue
        if lang in ("ru", "en") and has_month(translation, m, lang) and Decimal(d) in tgt and Decimal(y) in tgt:
            continue
        dates_missing.append(f"{d:02d}.{m:02d}.{y}")
    for m in kazakh_months(source):
        if lang in ("ru", "en") and not has_month(translation, m, lang):
            month = next(x for x in months() if x.number == m)
            want = month.forms[lang][1] if lang == "ru" else month.forms[lang][0].capitalize()
            dates_missing.append(f"{month.kk} ({want})")
    src_times = Counter((h, m) for h, m, _ in times(source, "kk"))
    tgt_times = Counter((h, m) for h, m, _ in times(translation, lang))
    if lang == "en":  # a bare English '3:30' may be the 12-hour spelling of 15:30
        for h, m in list((src_times - tgt_times).elements()):
            if h > 12 and tgt_times[(h - 12, m)] > src_times[(h - 12, m)]:
                tgt_times[(h - 12, m)] -= 1
                tgt_times[(h, m)] += 1
    missing = src - tgt
    # a numeric date written out with a month name leaves its day and year as plain numbers
    extra = tgt - src - date_parts
    # a small number may be spelled out ('3 адам' -> 'three people', '1-ші орын' -> 'первое место')
    for value in [v for v in missing if v == v.to_integral_value() and 1 <= v <= 10]:
        pattern = number_words().get((int(value), lang))
        if pattern is not None:
            missing[value] -= min(missing[value], len(pattern.findall(translation)))
    missing = +missing
    clock = lambda hm: f"{hm[0]:02d}:{hm[1]:02d}"  # noqa: E731
    return NumberReport(
        sorted(_fmt(d) for d in missing.elements()) + sorted(map(clock, (src_times - tgt_times).elements())),
        sorted(_fmt(d) for d in extra.elements()) + sorted(map(clock, (tgt_times - src_times).elements())),
        dates_missing,
    )
