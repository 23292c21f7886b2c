"""One normalisation of Kazakh text, shared by ``detect``, ``glossary match`` and ``translate``.

Why one: the glossary, the language profiles and the MT models are all Cyrillic. Kazakh reaches us in
three scripts (Cyrillic; the 2017, 2018 and 2021 Latin alphabets; the Arabic-script töte jazu) and in
Cyrillic typed with Latin look-alike letters ("cоттың" with a Latin c). If each component had its own
idea of what to fold, ``translate`` would tag a term that ``glossary match`` cannot find. So:

* :func:`fold_lookalikes`: Latin look-alikes inside Cyrillic words -> Cyrillic (``data/lookalikes.tsv``),
  one code point for one, so offsets stay valid; detection applies it before scoring.
* :func:`normalize`: the Cyrillic text to detect, match and translate, and which script it came from
  (``Cyrl``, ``Latn`` or ``Arab``), with a map from its offsets back to the text as written.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from kztranslate.datafiles import read_data

_WORD = re.compile(r"[^\W\d_]+")
_CHUNK = re.compile(r"\S+")
# A Cyrillic letter next to a letter of another script: only a word with one can have a look-alike to fold.
_MIXED = re.compile(r"[\u0400-\u052f][^\W\d_\u0400-\u052f]|[^\W\d_\u0400-\u052f][\u0400-\u052f]")


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u052f"


@lru_cache(maxsize=1)
def lookalikes() -> dict[str, str]:
    """Look-alike letter -> Cyrillic letter, from ``data/lookalikes.tsv``."""
    text = read_data("lookalikes.tsv")
    table = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            latin, cyr = line.split("\t")
            table[latin] = cyr
    return table


def _fold_word(m: re.Match[str]) -> str:
    word = m.group(0)
    table = lookalikes()
    if not any(_is_cyrillic(ch) for ch in word):
        return word
    foreign = [ch for ch in word if not _is_cyrillic(ch)]
    if not foreign or any(ch not in table for ch in foreign):
        return word  # a Latin name glued to a Cyrillic suffix ("Kazinformға") stays as written
    return "".join(table.get(ch, ch) if not _is_cyrillic(ch) else ch for ch in word)


def fold_lookalikes(text: str) -> str:
    """``text`` with Latin look-alike letters inside Cyrillic words replaced; same length.

    Most texts have no word that mixes scripts; one search finds that out before any word is visited."""
    if not _MIXED.search(text):
        return text
    return _WORD.sub(_fold_word, text)


@dataclass(frozen=True)
class Normalized:
    """The Cyrillic form of a text and where it came from.

    ``script`` is the script the text was written in: ``Cyrl``, ``Latn`` (Latin Kazakh, transliterated)
    or ``Arab`` (töte jazu, transliterated). ``chunks`` pairs, per whitespace-free chunk, its start in
    the original and in ``text``: whitespace is kept as is, so word boundaries map exactly.
    """

    original: str
    text: str
    script: str
    chunks: tuple[tuple[int, int, int, int], ...] = ()

    @property
    def changed(self) -> bool:
        return self.text != self.original

    @cached_property
    def _starts(self) -> list[int]:
        """Chunk starts in :attr:`text`, built once: a long line has many matches, each mapped back."""
        return [c[2] for c in self.chunks]

    def source_offset(self, pos: int) -> int:
        """The offset in the original text for offset ``pos`` of :attr:`text` (exact at chunk edges)."""
        if not self.chunks:
            return pos
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0:
            return pos
        o_start, o_end, n_start, n_end = self.chunks[i]
        if pos >= n_end:
            return o_end + (pos - n_end)  # in the whitespace after the chunk
        if pos == n_start:
            return o_start
        # inside a chunk: the same share of the original chunk (exact for one-to-one letters)
        inner = o_start + round((pos - n_start) * (o_end - o_start) / max(n_end - n_start, 1))
        return min(inner, o_end)


_PIECES = re.compile(r"^([^\w'’ʼ`´]*)(.*?)([^\w'’ʼ`´]*)$", re.DOTALL)


def _chunked(text: str, convert) -> tuple[str, tuple[tuple[int, int, int, int], ...]]:
    """Convert ``text`` piece by piece and record where each piece went: whitespace is kept, and each
    whitespace-free chunk is split into leading punctuation, word, trailing punctuation, so that every
    word edge maps exactly."""
    out: list[str] = []
    chunks = []
    pos = 0
    length = 0
    for m in _CHUNK.finditer(text):
        gap = text[pos:m.start()]
        out.append(gap)
        length += len(gap)
        start = m.start()
        pieces = _PIECES.match(m.group(0))
        for piece in pieces.groups() if pieces else (m.group(0),):
            if not piece:
                continue
            converted = convert(piece)
            chunks.append((start, start + len(piece), length, length + len(converted)))
            out.append(converted)
            length += len(converted)
            start += len(piece)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), tuple(chunks)


def normalize(text: str) -> Normalized:
    """The Cyrillic text to detect, match and translate for ``text`` as written.

    Arabic-script text is taken for töte jazu; mostly-Latin text is transliterated only when the
    detector says it is Kazakh (an English or Turkish quote stays as it is). Look-alikes are folded
    in every case.
    """
    from kztranslate import translit

    if translit.is_arabic_script(text):
        converted, chunks = _chunked(text, lambda chunk: translit.arabic_to_cyrillic(chunk, capitalize=False))
        # Sentence starts are capitalised on the whole text (a chunk cannot see the full stop before it).
        converted = translit.capitalize_sentences(converted)
        return Normalized(text, fold_lookalikes(converted), "Arab", chunks)
    if _mostly_latin(text):
        from kztranslate.detect import detect

        if detect(text).language == "kk":
            variant = translit.variant(text)
            converted, chunks = _chunked(text, lambda chunk: translit.latin_to_cyrillic(chunk, alphabet=variant))
            return Normalized(text, fold_lookalikes(converted), "Latn", chunks)
    return Normalized(text, fold_lookalikes(text), "Cyrl")


def _mostly_latin(text: str) -> bool:
    """Outside URLs and e-mail addresses, at least 80 % of the letters are Latin."""
    from kztranslate.translit import without_untouchables

    letters = [c for c in without_untouchables(text) if c.isalpha()]
    return bool(letters) and sum(c.isascii() or "\u00c0" <= c <= "\u024f" for c in letters) / len(letters) >= 0.8
