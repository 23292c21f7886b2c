"""Kazakh-aware segmentation: text -> paragraphs (heading or body) -> sentences with offsets.

Why rules and not a trained model: news text is regular, the hard cases are known (abbreviations such
as "ж." that may or may not end a sentence, initials "Т. Жүргенов", «» quotes with "!" inside, "?!» –
деп" that continues a sentence, headings without a final stop) and rules keep every decision
explainable to an editor. Abbreviations live in ``data/kk_abbreviations.txt``.

Offsets are code-point offsets into the text as given (see :mod:`kztranslate.textio` for the
normalisation applied when reading files); ``text[s.start:s.end] == s.text`` with surrounding
whitespace stripped.

Rules, in order of application:
1. Paragraphs are separated by blank lines.
2. Inside a block, a line with no sentence-final punctuation that follows a finished line (or starts
   the block), is short, and is followed by a line starting a new sentence (or nothing), is a heading:
   its own paragraph of kind ``heading``. The rest of the block around it stays ``body``. A line holding
   two sentences, or ending in a URL, is a lead that lacks its final stop: body. A one-line block that
   is one short finished sentence is a heading when it opens the text (the headline "Референдум
   өтті.") or asks a question (a sub-heading "Келесі кезең қандай?").
3. Inside a body paragraph, a line that starts with a list marker starts a new sentence.
4. A sentence ends at ``.``, ``!``, ``?``, ``…`` or ``...`` (plus closing quotes/brackets) followed by
   whitespace, when the next character can start a sentence (capital letter, digit, opening quote or
   bracket, or a dash that opens direct speech followed by a capital). A lower-case continuation
   ("?!» – деп", "т.б. жұмыстар") never starts a sentence. Quotes as typed: „…“ and “…“ close with “,
   ” and » may open ("”Біз келеміз”"), and a » typed after a space still closes ("келеміз. »").
5. A full stop after an initial (single capital letter), after an ``inner`` abbreviation, or after a
   bare list number ("1.", also inline after a colon: "бар: 1. Жол салу. 2. ...") is not a boundary;
   initials include Latin Kazakh capitals and one-sound pairs ("N.Á.", "Дж.", "Sh."). After an ``end``
   abbreviation ("2026 ж.") it is one only before a capitalised word, and after a number ("2024 ж.")
   only before a word of ``data/kk_sentence_openers.txt`` (Kazakh is verb-final: "2024 ж. Астанада
   жиын өтті" goes on). An upper-case word opening a paragraph with an agency and a dash after it is a
   dateline ("АСТАНА. KAZINFORM — ..."), not a sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, NamedTuple

from kztranslate.datafiles import read_data

HEADING = "heading"
BODY = "body"

# “ closes a „…“ or “…“ quotation; ” and » also open one in some newsrooms' typing (”Біз келеміз”):
# a quote mark counts as opening when a capital letter or digit follows it directly.
_CLOSERS = "»\"”’')]}›“"
_OPENERS = "«\"“„‘'([{‹"
_QUOTES = "«»\"“”„‘’'‹›"
_DASHES = "-–—―"
_FINAL = ".!?…؟"
# A terminal punctuation run, then optional closers, then whitespace (captured), or end of text.
# A closing » typed after a space ("келеміз. »") belongs to the sentence before it.
_CANDIDATE = re.compile(r"(?:\.{2,}|…|[.!?؟]+)[!?.…؟]*[" + re.escape(_CLOSERS) + r"]*(?:[ \u00a0]+[»”“]+)?(?=\s|$)")
_LIST_MARKER = re.compile(r"^(?:[-–—•*·▪]\s|\d{1,3}[.)]\s|[a-zа-яәіңғүұқөһ][)]\s)")
_NEXT_TOKEN = re.compile(r"\s*(\S+)")
_BARE_NUMBER = re.compile(r"^(?:\d{1,3}|[IVXLCM]{1,6}|[a-zа-я])[.)]?$")
# Initials: one capital (also Latin Kazakh Á Ó Ǵ Ş ...), or a two-letter one for a single sound
# (Дж. for Джон, Sh. Ch. Zh. in Latin), up to three in a row ("N.Á.", "Е.-Қ.").
_INITIALS = re.compile(r"^(?:(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІÁÓÚÝǴŃÄÖÜŞĞÑŪİÇ]|Дж|Sh|Ch|Zh)\.-?){1,3}$")
# A dateline: an upper-case place name and a full stop opening a paragraph, then an agency and a
# dash within three words ("АСТАНА. KAZINFORM — Бүгін ...").
_DATELINE_TAIL = re.compile(r"\s*(?:\S+\s+){1,3}?[—–-]\s")
_URL_END = re.compile(r"(?:https?://|www\.)\S+$|\S+@\S+\.\w+$")
_MAX_WORD_CHARS = 1000  # how far back _word_before looks for the start of a word
_MAX_URL_CHARS = 2048  # browsers' practical URL limit; longer words are not checked (keeps _URL_END linear)
_MAX_TITLE_WORDS = 12
_MAX_HEADING_WORDS = 20
_DATE_PREFIX = re.compile(r"\s*[«\"(]?\d[\d\s.,–-]*")
_ROMAN = re.compile(r"^[IVXLC]{1,6}[.,)]?$")
_ACRONYM = re.compile(r"^[«\"“(]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]{2,}\b")


class Sentence(NamedTuple):
    """One sentence: ``start``/``end`` code-point offsets (end exclusive) and its text.

    Immutable records like the frozen dataclasses elsewhere, but NamedTuples: building them was over
    half of the segmenter's time as frozen dataclasses (one ``object.__setattr__`` per field)."""

    start: int
    end: int
    text: str
    paragraph: int
    index: int  # type: ignore[assignment]  # a field named like tuple.index: the public record API


class Paragraph(NamedTuple):
    """A run of sentences between blank lines, or a heading line: ``kind`` is heading or body."""

    index: int  # type: ignore[assignment]  # a field named like tuple.index: the public record API
    kind: str
    start: int
    end: int
    sentences: tuple[Sentence, ...]


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """The abbreviation table from the data file: lower-cased key -> class (``end``/``inner``)."""
    table: dict[str, str] = {}
    text = read_data("kk_abbreviations.txt")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        abbr, _, cls = line.partition("\t")
        table[abbr.strip().lower()] = (cls.strip() or "inner")
    return table


@lru_cache(maxsize=1)
def sentence_openers() -> frozenset[str]:
    """Words that open a sentence after "1990 ж." (``data/kk_sentence_openers.txt``, lower case)."""
    text = read_data("kk_sentence_openers.txt")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def segment(text: str) -> list[Paragraph]:
    """Split ``text`` into paragraphs and sentences; never raises, never yields an empty sentence."""
    paragraphs: list[Paragraph] = []
    counter = 0
    for kind, start, end in _paragraph_spans(text):
        spans = [(start, end)] if kind == HEADING else _sentence_spans(text, start, end)
        sentences = []
        for s, e in spans:
            s, e = _strip(text, s, e)
            if s < e:
                sentences.append(Sentence(s, e, text[s:e], len(paragraphs), counter))
                counter += 1
        if sentences:
            paragraphs.append(Paragraph(len(paragraphs), kind, sentences[0].start, sentences[-1].end, tuple(sentences)))
    return paragraphs


def sentences(text: str) -> list[Sentence]:
    """All sentences of ``text`` in order (a flat view of :func:`segment`)."""
    return [s for p in segment(text) for s in p.sentences]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    stripped = piece.lstrip()
    start += len(piece) - len(stripped)
    return start, start + len(stripped.rstrip())


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each line in text[start:end], without the newline."""
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        yield pos, stop
        pos = stop + 1


def _blocks(text: str) -> Iterator[list[tuple[int, int]]]:
    """Groups of non-blank lines separated by blank lines."""
    block: list[tuple[int, int]] = []
    for s, e in _lines(text, 0, len(text)):
        if text[s:e].strip():
            block.append((s, e))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip().rstrip(_CLOSERS + " \u00a0")
    return bool(stripped) and stripped[-1] in _FINAL + ":;,"


def _starts_sentence(line: str) -> bool:
    line = line.lstrip()
    if not line:
        return False
    ch = line[0]
    if ch.isupper() or ch.isdigit() or ch in _OPENERS:
        return True
    if ch in _DASHES or ch in "•*·▪":
        rest = line[1:].lstrip()
        return bool(rest) and (rest[0].isupper() or rest[0].isdigit() or rest[0] in _OPENERS)
    return False


def _is_heading(lines: list[str], i: int) -> bool:
    line = lines[i].strip()
    if _ends_sentence(line) or len(line.split()) > _MAX_HEADING_WORDS:
        return False
    if _LIST_MARKER.match(line) or _ends_in_url(line) or _has_inner_boundary(line):
        return False  # a lead of two sentences, or one ending in a link, lacks only its final stop
    if i > 0 and not _ends_sentence(lines[i - 1]) and not _is_heading_cached(lines, i - 1):
        return False
    if i + 1 < len(lines) and not _starts_sentence(lines[i + 1]):
        return False
    first = line[0]
    return first.isupper() or first.isdigit() or first in _OPENERS


def _ends_in_url(line: str) -> bool:
    """True when the last word of ``line`` is a URL or an e-mail address (only its last word is
    searched: searching a whole 100,000-character word backtracks quadratically)."""
    words = line.rsplit(None, 1)
    return bool(words) and len(words[-1]) <= _MAX_URL_CHARS and _URL_END.search(words[-1]) is not None


def _is_heading_cached(lines: list[str], i: int) -> bool:
    # A heading directly above another short unfinished line (title + subtitle) counts as finished.
    line = lines[i].strip()
    if _ends_sentence(line) or len(line.split()) > _MAX_HEADING_WORDS:
        return False
    return i == 0 or _ends_sentence(lines[i - 1])


def _has_inner_boundary(line: str) -> bool:
    """True when ``line`` holds a sentence boundary before its end (so it is text, not a title)."""
    return any(m.end() < len(line) and _is_boundary(line, 0, m.start(), m.end(), m.group()) for m in _CANDIDATE.finditer(line))


def _is_title_block(text: str, block: list[tuple[int, int]], first: bool) -> bool:
    """A one-line block that is one short finished sentence: the article's headline when it opens the
    text ("Референдум өтті."), a sub-heading when it is a question ("Сайлау қашан өтеді?")."""
    if len(block) != 1:
        return False
    line = text[block[0][0]:block[0][1]].strip()
    if not _ends_sentence(line) or len(line.split()) > _MAX_TITLE_WORDS or _has_inner_boundary(line):
        return False
    if line.rstrip(_CLOSERS + " \u00a0")[-1:] in ":;,":
        return False
    return first or line.rstrip(_CLOSERS + " \u00a0").endswith("?")


def _paragraph_spans(text: str) -> Iterator[tuple[str, int, int]]:
    blocks = list(_blocks(text))
    for n, block in enumerate(blocks):
        if n + 1 < len(blocks) and _is_title_block(text, block, n == 0):
            yield HEADING, block[0][0], block[0][1]
            continue
        lines = [text[s:e] for s, e in block]
        body_start: int | None = None
        body_end = 0
        for i, (s, e) in enumerate(block):
            if _is_heading(lines, i):
                if body_start is not None:
                    yield BODY, body_start, body_end
                    body_start = None
                yield HEADING, s, e
            else:
                if body_start is None:
                    body_start = s
                body_end = e
        if body_start is not None:
            yield BODY, body_start, body_end


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside one body paragraph (rules 3-5), not yet stripped of whitespace."""
    breaks: list[int] = []
    # Rule 3: list items on their own lines start new sentences.
    if text.find("\n", start, end) != -1:
        for s, e in _lines(text, start, end):
            if s > start and _LIST_MARKER.match(text[s:e].lstrip()):
                breaks.append(s)
    for m in _CANDIDATE.finditer(text, start, end):
        stop = m.end()
        if stop < end and _is_boundary(text, start, m.start(), stop, m.group()):
            breaks.append(stop)
    if not breaks:
        return [(start, end)]
    spans = []
    pos = start
    for b in sorted(set(breaks)):
        if b > pos:
            spans.append((pos, b))
            pos = b
    spans.append((pos, end))
    return spans


def _next_token(text: str, pos: int) -> str:
    m = _NEXT_TOKEN.match(text, pos)
    return m.group(1) if m else ""


def _caseless(ch: str) -> bool:
    """A letter of a script without capitals (Arabic-script Kazakh): any word may start a sentence."""
    return ch.isalpha() and not ch.islower() and not ch.isupper()


def _is_brand(word: str) -> bool:
    """A lower-case brand with a capital inside ("iKomek", "eGov") can start a sentence."""
    return word[:1].islower() and any(ch.isupper() for ch in word[1:4])


def _word_before(text: str, par_start: int, end: int) -> tuple[int, str]:
    """The whitespace-delimited word ending at ``end`` (exclusive) and its start offset."""
    # Searched back at most _MAX_WORD_CHARS (a longer "word" is no abbreviation anyway), and each
    # separator only after the nearest one found so far: scanning a paragraph back to its start at
    # every full stop made long paragraphs, and one 5 MB paragraph without spaces, quadratic.
    lo = max(par_start, end - _MAX_WORD_CHARS)
    last = lo - 1
    for sep in (" ", "\n", "\t", "\xa0"):
        last = max(last, text.rfind(sep, last + 1, end))
    start = max(last + 1, lo)
    return start, text[start:end]


def _is_boundary(text: str, par_start: int, punct_start: int, stop: int, punct: str) -> bool:
    nxt = _next_token(text, stop)
    if not nxt:
        return False
    first = nxt[0]
    starts = first.isupper() or first.isdigit() or first in _OPENERS or _is_brand(nxt) or _caseless(first)
    starts = starts or (first in _QUOTES and len(nxt) > 1 and (nxt[1].isupper() or nxt[1].isdigit()))
    if first in _DASHES:
        after = _next_token(text, text.index(first, stop) + 1) if len(nxt) == 1 else nxt[1:]
        starts = bool(after) and (after[0].isupper() or after[0].isdigit() or after[0] in _OPENERS)
    if not starts:
        return False
    core = punct.rstrip(_CLOSERS)
    if core != ".":
        return True  # "!", "?", "…", "..." and combinations end the sentence before a capital
    word_start, word = _word_before(text, par_start, punct_start + 1)
    word = word.lstrip(_OPENERS)
    if _INITIALS.match(word):
        return False
    if _BARE_NUMBER.match(word) and (_only_marker_so_far(text, par_start, word_start) or _after_item_break(text, par_start, word_start)):
        return False  # "1." opening a list item, on its own line or inline ("бар: 1. Жол салу. 2. ...")
    if word.isupper() and len(word) > 1 and _only_marker_so_far(text, par_start, word_start) and _DATELINE_TAIL.match(text, stop):
        return False  # "АСТАНА. KAZINFORM — ..." is a dateline, not a sentence
    table = abbreviations()
    cls = table.get(word.lower()) or table.get(word.rsplit("(", 1)[-1].lower())
    if cls == "inner":
        return False
    if cls in ("end", "unit"):
        if first.isdigit() or _ROMAN.match(nxt):
            return False  # a number (also a Roman century: "б.з.д. III ғасыр") continues the phrase
        if _is_date_prefix(text, par_start, word_start):
            return False  # "1939 ж. Қ. Жұмалиев ..." opens a sentence; it cannot end one
        if _after_number(text, par_start, word_start) and nxt.strip(_QUOTES + "(,").lower() not in sentence_openers():
            return False  # verb-final Kazakh: "2024 ж. Астанада ... өтті" goes on (see the openers file)
        if cls == "unit" and _ACRONYM.match(nxt):
            return False
    return True


def _is_date_prefix(text: str, par_start: int, word_start: int) -> bool:
    """True when the sentence so far is only a number before the abbreviation ("1939 ж.")."""
    # The sentence so far starts after the nearest end before the word; each end is looked for only
    # after the nearest found so far, and the head is matched in place (not copied): linear in the text.
    last = par_start - 1
    for end in (". ", "! ", "? ", "\n"):
        last = max(last, text.rfind(end, last + 1, word_start))
    return bool(_DATE_PREFIX.fullmatch(text, last + 1, word_start))


def _after_number(text: str, par_start: int, word_start: int) -> bool:
    """True when a number (a year, a date) stands right before the abbreviation ("2024 ж.")."""
    head = text[max(par_start, word_start - 16):word_start].rstrip()
    return bool(head) and head[-1].isdigit()


def _after_item_break(text: str, par_start: int, word_start: int) -> bool:
    """True when the word follows a colon or a sentence end: an inline list number ("бар: 1.")."""
    i = word_start - 1
    while i >= par_start and text[i] in " \t\u00a0":
        i -= 1
    return i >= par_start and i < word_start - 1 and text[i] in ":;.!?"


def _only_marker_so_far(text: str, par_start: int, word_start: int) -> bool:
    """True when only whitespace separates the paragraph start (or a line start) from the word."""
    i = word_start - 1
    while i >= par_start and text[i] in " \t":
        i -= 1
    return i < par_start or text[i] == "\n"
