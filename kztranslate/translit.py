"""Latin-script Kazakh -> Cyrillic, for the 2021, 2018 (acute) and 2017 (apostrophe) alphabets.

Why: Kazakh news and social posts since 2017 mix three official Latin alphabets. Our models and the
glossary are Cyrillic, so Latin Kazakh is transliterated before machine translation; the PO file keeps
the sentence as written (msgid) and records the Cyrillic form in a ``kz-latin`` comment, because a
reviewer must see what the author wrote, and re-runs must match the same msgid.

The variant is recognised from its tell-tale letters (2017: letter + apostrophe; 2018: acute letters;
2021: ä ğ ñ ö ş ū ü). The tables are data: ``kztranslate/data/translit_latin_kk.tsv``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_APOSTROPHES = "'’ʼ`´"
_V2017 = re.compile(r"[a-zA-Z][" + _APOSTROPHES + r"](?=[a-zA-Z\s.,;:!?)»\"]|$)")
_V2018 = re.compile(r"[áǵńóúýÁǴŃÓÚÝ]")
_V2021 = re.compile(r"[äğñöşūüÄĞÑÖŞŪÜ]")
# URLs, e-mail addresses and domain names stay as written in every transliteration.
_UNTOUCHABLE = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.(?:kz|ru|com|org|net|gov|edu|info|io)\b", re.IGNORECASE)
_KAZAKH_LATIN_MARKERS = re.compile(r"[äğñöşūüıáǵńóúýqÄĞÑÖŞŪÜIÁǴŃÓÚÝQ]")


@lru_cache(maxsize=1)
def _tables() -> dict[str, list[tuple[str, str]]]:
    rows: dict[str, list[tuple[str, str]]] = {}
    text = resources.files("kztranslate.data").joinpath("translit_latin_kk.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        variant, latin, cyr = line.split("\t")
        rows.setdefault(variant, []).append((latin, cyr))
    return rows


def variant(text: str) -> str:
    """Which Latin alphabet ``text`` is written in: ``2017``, ``2018`` or ``2021`` (the default)."""
    counts = {"2017": len(_V2017.findall(text)), "2018": len(_V2018.findall(text)), "2021": len(_V2021.findall(text))}
    best = max(counts, key=lambda k: (counts[k], k == "2021"))
    return best if counts[best] else "2021"


@lru_cache(maxsize=8)
def _pattern(var: str) -> tuple[re.Pattern[str], dict[str, str]]:
    tables = _tables()
    mapping: dict[str, str] = {}
    for latin, cyr in tables["all"] if var != "sr" else ():
        mapping[latin] = cyr
    for latin, cyr in tables[var]:
        mapping[latin] = cyr
    if var == "2017":  # any apostrophe-like mark counts
        for latin, cyr in list(mapping.items()):
            if latin.endswith("'"):
                for mark in _APOSTROPHES[1:]:
                    mapping[latin[:-1] + mark] = cyr
    keys = sorted(mapping, key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys), re.IGNORECASE), mapping


def latin_to_cyrillic(text: str) -> str:
    """Transliterate Latin-script Kazakh to Cyrillic; non-Latin characters pass through unchanged."""
    var = variant(text)
    pattern, mapping = _pattern(var)
    # Dotted/dotless capitals: in 2021 "I" is the capital of ı (= і) and "İ" of i (= и); in 2018 and
    # 2017 "I" is the capital of i (= і). Python's lower() cannot know this, so capitals are mapped first.
    capitals = {"I": "ı", "İ": "i"} if var == "2021" else {"I": "i", "İ": "i"}

    def repl(m: re.Match[str]) -> str:
        src = m.group(0)
        key = "".join(capitals.get(ch, ch) for ch in src).lower()
        cyr = mapping.get(key, src)
        return cyr[:1].upper() + cyr[1:] if src[:1].isupper() else cyr

    return _outside_untouchables(text, lambda part: _AFTER_VOWEL_I.sub(_short_i, pattern.sub(repl, part)))


# Every Latin alphabet writes И and Й with one letter. In native Kazakh words Й follows a vowel
# (сайлау, үй, мейір) and И does not, so и after a vowel is read as й.
_AFTER_VOWEL_I = re.compile(r"(?<=[аәеоөұүыіэюяуАӘЕОӨҰҮЫІЭЮЯУ])[иИ]")


def _short_i(m: re.Match[str]) -> str:
    return "Й" if m.group(0) == "И" else "й"


def without_untouchables(text: str) -> str:
    """``text`` with URLs, e-mail addresses and domain names removed (for letter statistics)."""
    return _UNTOUCHABLE.sub(" ", text)


def _outside_untouchables(text: str, convert) -> str:
    out, pos = [], 0
    for m in _UNTOUCHABLE.finditer(text):
        out.append(convert(text[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(convert(text[pos:]))
    return "".join(out)


def serbian_latin_to_cyrillic(text: str) -> str:
    """Serbian Latin -> Cyrillic (1:1 standard mapping); language detection scores Latin Serbian this way."""
    pattern, mapping = _pattern("sr")

    def repl(m: re.Match[str]) -> str:
        src = m.group(0)
        cyr = mapping.get(src.lower(), src)
        return cyr[:1].upper() + cyr[1:] if src[:1].isupper() else cyr

    return pattern.sub(repl, text)


def is_latin_kazakh(text: str) -> bool:
    """Cheap test: mostly Latin letters and at least one letter only Latin Kazakh uses (ä ğ q ñ ū ...)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    latin = sum(1 for c in letters if c.isascii() or "\u00c0" <= c <= "\u024f")
    return latin / len(letters) > 0.6 and (bool(_KAZAKH_LATIN_MARKERS.search(text)) or bool(_V2017.search(text)))
