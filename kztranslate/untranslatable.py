"""Segments with nothing to translate: numbers, times, dates, readings, symbols, links.

Why: news pages carry timestamps and readings as lines of their own (``14:55, 11 Qyrkúıek 2023``,
``10:50, 02 Желтоқсан 2025 | GMT +5``, ``-6.03°C``, ``0:00 / 0:00``). Sent to MT they come back
garbled or "translated" into a sentence; a reviewer would have to undo that in every article. They
are copied through like foreign-language paragraphs, with ``kz-copied: zxx`` (ISO 639 "no linguistic
content") so ``build`` writes them as written and nobody is asked to review them.

A segment qualifies when, outside URLs and e-mail addresses, every word is a month name (data/months.tsv,
any script: Latin Kazakh is transliterated first) or a listed code (data/untranslatable_words.txt).
"""

from __future__ import annotations

import re
from functools import lru_cache

from kztranslate.datafiles import read_data

NO_CONTENT = "zxx"
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def allowed_words() -> frozenset[str]:
    """Month names (Kazakh, Russian, English forms) and the codes of ``untranslatable_words.txt``."""
    from kztranslate.qa.numbers import months

    words = {m.kk for m in months()}
    for m in months():
        for forms in m.forms.values():
            words.update(forms)
    text = read_data("untranslatable_words.txt")
    words.update(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return frozenset(words)


def nothing_to_translate(text: str) -> bool:
    """True when ``text`` holds no word that a translation would change (see the module doc)."""
    from kztranslate.translit import latin_to_cyrillic, without_untouchables

    rest = without_untouchables(text)
    if not text.strip():
        return False
    allowed = allowed_words()
    for m in _WORD.finditer(rest):
        word = m.group(0).lower()
        if word in allowed:
            continue
        if word.isascii() or any("\u00c0" <= ch <= "\u024f" for ch in word):
            if latin_to_cyrillic(word).lower() in allowed:
                continue
        return False
    return True
