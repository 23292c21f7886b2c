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

from kztranslate.datafiles import read_data

_APOSTROPHES = "'’ʼ`´"
_V2017 = re.compile(r"[a-zA-Z][" + _APOSTROPHES + r"](?=[a-zA-Z\s.,;:!?)»\"]|$)")
_V2018 = re.compile(r"[áǵńóúýÁǴŃÓÚÝ]")
_V2021 = re.compile(r"[äğñöşūüÄĞÑÖŞŪÜ]")
# URLs, e-mail addresses and domain names stay as written in every transliteration.
# Repeats are bounded by the standards' own limits (an e-mail local part holds at most 64
# characters, a domain label 63): unbounded ``[\w.+-]+@`` backtracks from every position of a long
# word without spaces, quadratic time (300,000 letters took minutes).
_UNTOUCHABLE = re.compile(r"(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+|\b[\w-]{1,63}(?:\.[\w-]{1,63})*\.(?:kz|ru|com|org|net|gov|edu|info|io)\b", re.IGNORECASE)
# What every match of _UNTOUCHABLE contains (each of its three branches needs one of these): one
# quick search tells the common text without any (most sentences) from the rest.
_UNTOUCHABLE_HINT = re.compile(r"://|www\.|@|\.(?:kz|ru|com|org|net|gov|edu|info|io)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _tables() -> dict[str, list[tuple[str, str]]]:
    rows: dict[str, list[tuple[str, str]]] = {}
    text = read_data("translit_latin_kk.tsv")
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


def latin_to_cyrillic(text: str, *, alphabet: str | None = None) -> str:
    """Transliterate Latin-script Kazakh to Cyrillic; non-Latin characters pass through unchanged.

    ``alphabet``: the variant (2017, 2018, 2021) when the caller knows it (a word of a longer text); else it is guessed."""
    var = alphabet or variant(text)
    pattern, _ = _pattern(var)
    repl = _replacement(var)
    return _outside_untouchables(text, lambda part: cyrillic_spelling(pattern.sub(repl, part)))


@lru_cache(maxsize=8)
def _replacement(var: str):
    """The replacement of a match of ``_pattern(var)``: its Cyrillic letters, capitalised when the
    match is. A pure function of the matched text, which is one of the pattern's keys in some case,
    so it is worked out once per distinct match (language detection transliterates every Latin text)."""
    _, mapping = _pattern(var)
    # Dotted/dotless capitals: in 2021 "I" is the capital of ı (= і) and "İ" of i (= и); in 2018 and
    # 2017 "I" is the capital of i (= і). Python's lower() cannot know this, so capitals are mapped first.
    capitals = {} if var == "sr" else {"I": "ı", "İ": "i"} if var == "2021" else {"I": "i", "İ": "i"}
    done: dict[str, str] = {}

    def repl(m: re.Match[str]) -> str:
        src = m.group(0)
        out = done.get(src)
        if out is None:
            key = "".join(capitals.get(ch, ch) for ch in src).lower()
            cyr = mapping.get(key, src)
            out = done[src] = cyr[:1].upper() + cyr[1:] if src[:1].isupper() else cyr
        return out

    return repl


_VOWELS = "аәеоөұүыіэюяуиАӘЕОӨҰҮЫІЭЮЯУИ"
# Every Latin (and the Arabic) alphabet writes И and Й with one letter. In native Kazakh words Й
# follows a vowel (сайлау, үй, мейір) and И does not, so и after a vowel is read as й.
_AFTER_VOWEL_I = re.compile(r"(?<=[аәеоөұүыіэюяуАӘЕОӨҰҮЫІЭЮЯУ])[иИ]")
# Я and Ю are written ıa/ıý (2018), ia/iu (2021), i'a/i'y' (2017): one letter at a word start or after a
# vowel (аяқ, қою, -ция from -tsııa), и + я/ю after a consonant (Мария, тию).
_IA = re.compile(r"([" + _VOWELS + r"]|(?<![^\W\d_]))?([иИ])([аАуУ])")
# Native Kazakh has тс only across a morpheme boundary (кетсін, айтсын); at a word start, before
# ия/ию/ио and in the loan stems of translit_ts_loans.txt it is the ц of a Russian loan.
_TS = re.compile(r"(?<![^\W\d_])[тТ][сС]|[тТ][сС](?=и[яюоа])")


def _ia(m: re.Match[str]) -> str:
    before, i, vowel = m.group(1), m.group(2), m.group(3)
    ya = "я" if vowel in "аА" else "ю"
    if before is None and m.start() > 0 and m.string[m.start() - 1].isalpha():
        return i + (ya.upper() if vowel.isupper() else ya)  # after a consonant: ия / ию
    return (before or "") + (ya.upper() if i.isupper() else ya)


def _short_i(m: re.Match[str]) -> str:
    return "Й" if m.group(0) == "И" else "й"


@lru_cache(maxsize=1)
def _ts_loans() -> re.Pattern[str]:
    text = read_data("translit_ts_loans.txt")
    stems = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return re.compile("|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True)), re.IGNORECASE)


def _ts_to_ts(piece: str) -> str:
    i = piece.lower().index("тс")
    return piece[:i] + ("Ц" if piece[i].isupper() else "ц") + piece[i + 2:]


def cyrillic_spelling(text: str) -> str:
    """Cyrillic orthography for a letter-by-letter transliteration (Latin or Arabic script): я/ю from
    и+а/и+у, й after a vowel, ц in loans. Shared by every transliteration so they spell alike."""
    text = _IA.sub(_ia, text)
    text = _TS.sub(lambda m: _ts_to_ts(m.group(0)), text)
    text = _ts_loans().sub(lambda m: _ts_to_ts(m.group(0)), text)
    return _AFTER_VOWEL_I.sub(_short_i, text)


def without_untouchables(text: str) -> str:
    """``text`` with URLs, e-mail addresses and domain names removed (for letter statistics)."""
    return _UNTOUCHABLE.sub(" ", text) if _UNTOUCHABLE_HINT.search(text) else text


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
    pattern, _ = _pattern("sr")
    return pattern.sub(_replacement("sr"), text)


# ----------------------------------------------------------------------------------------------
# Arabic-script Kazakh (töte jazu)

_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_ARABIC_WORD = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+")
_SENTENCE_START = re.compile(r"(^|[.!?]\s+)([^\W\d_])")


@lru_cache(maxsize=1)
def _arabic_table() -> tuple[dict[str, tuple[str, str]], frozenset[str]]:
    table: dict[str, tuple[str, str]] = {}
    front: frozenset[str] = frozenset()
    text = read_data("translit_arabic_kk.tsv")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if cols[0] == "@front":
            front = frozenset(cols[1])
            continue
        table[cols[0]] = (cols[1], cols[2])
    return table, front


def is_arabic_script(text: str) -> bool:
    """True when most letters of ``text`` (outside URLs) are Arabic-script letters."""
    letters = [c for c in without_untouchables(text) if c.isalpha()]
    return bool(letters) and sum(1 for c in letters if _ARABIC_LETTER.match(c)) * 2 > len(letters)


def arabic_to_cyrillic(text: str, *, capitalize: bool = True) -> str:
    """Arabic-script Kazakh (töte jazu) -> Cyrillic, word by word (vowel harmony from the hamza and
    the front-only letters, see ``data/translit_arabic_kk.tsv``); other characters pass through.
    Sentence starts are capitalised: the Arabic script has no capitals, the MT models expect them."""
    table, front_marks = _arabic_table()

    def word(m: re.Match[str]) -> str:
        w = m.group(0)
        col = 1 if any(ch in front_marks for ch in w) else 0
        return "".join(table[ch][col] if ch in table else ch for ch in w)

    def convert(part: str) -> str:
        part = _ARABIC_WORD.sub(word, part)
        for ch, (back, _) in table.items():
            if not _ARABIC_LETTER.match(ch) or not ch.isalpha():
                part = part.replace(ch, back)  # punctuation and digits outside words
        return cyrillic_spelling(part)

    out = _outside_untouchables(text, convert)
    return capitalize_sentences(out) if capitalize else out


def capitalize_sentences(text: str) -> str:
    """Upper-case the first letter of the text and of every sentence after . ! ? (same length)."""
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)
