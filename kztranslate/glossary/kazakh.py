"""Find glossary terms in Kazakh text, whatever case, number or possessive the last word is in.

Why generation and not suffix stripping: Kazakh stacks suffixes on a stem (Конституция → Конституция
+мыз+ды, комиссия+лар+ы+ның), and a stripper that cuts letters off a word also "finds" terms in
different stems that start with the same letters (Конституциялық, сайлаушы, сайлады, Сотталды).
Instead, for every term we *generate* the inflected forms of its last word from the suffix grammar in
``kztranslate/data/kk_suffixes.tsv`` (vowel harmony, assimilation of suffix-initial consonants,
к/қ/п voicing, the pronominal -н- after the 3rd-person possessive) and look whole words up in that
table. Every other word of a multiword term must be written as in the glossary (Орталық сайлау
комиссиясының: only the last word inflects). Longest match wins, scanning left to right.

Words are compared case-insensitively after folding Latin look-alikes inside Cyrillic words into the
Kazakh letters (:mod:`kztranslate.normalize`), which keeps offsets intact. Two guards keep precision: ``cap`` terms (Мәжіліс the
chamber, not мәжіліс "a meeting") must be capitalised, and a lower-case term written with a capital
is taken as a first name (Сайлау, Әкім, Азамат) when it is not sentence-initial or when a surname or
an initial follows it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import Iterable, Sequence

from kztranslate.datafiles import read_data
from kztranslate.glossary.model import Match, Term
from kztranslate.normalize import fold_lookalikes

_FOLD = str.maketrans({"ё": "е", "Ё": "Е"})
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SPACE_GAP = re.compile(r"[ \t\u00a0\u202f]+|[ \t]*\n[ \t]*")
_SURNAME = re.compile(r"^[^\W\d_][^\W\d_]*(?:ов|ев|ёв|ин|ова|ева|ина|ұлы|қызы|улы|кызы|бекова|баева)[^\W\d_]{0,6}$")
_OPENERS = "«\"“„‘'(–—-[ \t\u00a0"


def fold(text: str) -> str:
    """Lower-case, ё -> е, and Latin look-alikes inside Cyrillic words folded the one way every
    component folds them (:func:`kztranslate.normalize.fold_lookalikes`); same length as ``text``."""
    return fold_lookalikes(text).translate(_FOLD).lower()


@dataclass(frozen=True)
class _Row:
    morpheme: str
    slot: str
    after: frozenset[str]
    back: str
    front: str
    next_class: str


@dataclass
class Grammar:
    """The suffix grammar read from ``kk_suffixes.tsv`` (see the comments in that file)."""

    classes: dict[str, str] = field(default_factory=dict)  # letter -> class
    back: frozenset[str] = frozenset()
    front: frozenset[str] = frozenset()
    voice: dict[str, str] = field(default_factory=dict)
    loanfront: frozenset[str] = frozenset()
    slots: list[str] = field(default_factory=list)
    rows: list[_Row] = field(default_factory=list)

    def letter_class(self, word: str) -> str:
        for ch in reversed(word):
            if ch in "ьъ":
                continue
            return self.classes.get(ch, "voiceless")
        return "vowel"

    def harmonies(self, stem: str) -> tuple[str, ...]:
        """'back' and/or 'front': the last harmony vowel decides; у after a consonant is ambiguous."""
        vowels = self.back | self.front
        for i in range(len(stem) - 1, -1, -1):
            ch = stem[i]
            if ch not in vowels:
                continue
            if ch == "у":
                if i > 0 and stem[i - 1] in vowels:
                    continue  # у after a vowel is the consonant [w] (сайлау): look further left
                return ("back", "front")
            if ch in self.back:
                return ("back", "front") if stem[-1:] in self.loanfront else ("back",)
            return ("front",)
        return ("back", "front")

    def morphemes(self, slot: str) -> list[str]:
        seen: list[str] = []
        for row in self.rows:
            if row.slot == slot and row.morpheme not in seen:
                seen.append(row.morpheme)
        return seen

    def allomorph(self, morpheme: str, cls: str, harmony: str) -> tuple[str, str] | None:
        for row in self.rows:
            if row.morpheme == morpheme and ("*" in row.after or cls in row.after):
                return (row.back if harmony == "back" else row.front), row.next_class
        return None


def parse_grammar(text: str) -> Grammar:
    g = Grammar()
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("@"):
            parts = line.split()
            key = parts[0]
            if key == "@class":
                for ch in parts[2]:
                    g.classes[ch] = parts[1]
            elif key == "@back":
                g.back = frozenset(parts[1])
            elif key == "@front":
                g.front = frozenset(parts[1])
            elif key == "@loanfront":
                g.loanfront = frozenset(parts[1])
            elif key == "@voice":
                g.voice[parts[1]] = parts[2]
            elif key == "@slots":
                g.slots = parts[1:]
            else:
                raise ValueError(f"kk_suffixes.tsv:{lineno}: unknown directive {key}")
            continue
        cols = line.split("\t")
        if len(cols) not in (5, 6):
            raise ValueError(f"kk_suffixes.tsv:{lineno}: expected 5 or 6 tab-separated columns")
        g.rows.append(_Row(cols[0], cols[1], frozenset(cols[2].split(",")), cols[3], cols[4], cols[5] if len(cols) == 6 else ""))
    return g


@lru_cache(maxsize=1)
def grammar_text() -> str:
    """The packaged suffix grammar (part of the glossary version hash)."""
    return read_data("kk_suffixes.tsv")


@lru_cache(maxsize=1)
def not_term_phrases() -> list[str]:
    """Phrases from ``kk_not_terms.tsv`` inside which a term form is another word (заңды тұлға)."""
    text = read_data("kk_not_terms.tsv")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=4)
def load_grammar(path: str | None = None) -> Grammar:
    return parse_grammar(grammar_text() if path is None else Path(path).read_text(encoding="utf-8"))


def _attach(g: Grammar, surface: str, suffix: str) -> list[str]:
    """Join stem and suffix; a final к/қ/п may voice before a vowel (both spellings are kept)."""
    out = [surface + suffix]
    if suffix and suffix[0] in (g.back | g.front) and surface and surface[-1] in g.voice:
        out.append(surface[:-1] + g.voice[surface[-1]] + suffix)
    return out


def inflect(stem: str, grammar: Grammar | None = None, *, px3_only: bool = False) -> dict[str, str]:
    """All generated forms of ``stem`` (folded) mapped to an analysis such as ``PL+PX3+GEN``.

    ``px3_only``: the term's last word is a possessive compound head (комиссиясы), so every form
    carries the 3rd-person possessive (with optional plural before it).
    """
    g = grammar or load_grammar()
    stem = fold(stem)
    variants = [stem]
    if stem.endswith("ь"):
        variants.append(stem[:-1])  # бюллетень / бюллетендер: both spellings occur
    choices: list[list[str | None]] = []
    for slot in g.slots:
        options: list[str | None] = list(g.morphemes(slot))
        if slot == "PX" and px3_only:
            options = ["PX3"]
        else:
            options = [None, *options]
        choices.append(options)
    forms: dict[str, str] = {}
    for base in variants:
        for harmony in g.harmonies(base):
            for combo in product(*choices):
                surfaces = [base]
                cls = g.letter_class(base)
                ok = True
                for morpheme in combo:
                    if morpheme is None:
                        continue
                    chosen = g.allomorph(morpheme, cls, harmony)
                    if chosen is None:
                        ok = False
                        break
                    suffix, next_class = chosen
                    surfaces = [s for surface in surfaces for s in _attach(g, surface, suffix)]
                    cls = next_class or g.letter_class(surfaces[0])
                if not ok:
                    continue
                analysis = "+".join(m for m in combo if m) or "BASE"
                for s in surfaces:
                    forms.setdefault(s, analysis)
    return forms


def px3_stems(word: str, grammar: Grammar | None = None) -> list[str]:
    """Possible stems of a word ending in the 3rd-person possessive (комиссиясы → комиссия,
    әкімдігі → әкімдік, Мәжілісі → Мәжіліс or Мәжілі: both kept, they inflect alike)."""
    g = grammar or load_grammar()
    w = fold(word)
    vowels = g.back | g.front
    devoice = {v: k for k, v in g.voice.items()}
    stems: list[str] = []
    if w.endswith(("сы", "сі")) and len(w) > 3 and w[-3] in vowels:
        stems.append(w[:-2])
    if w.endswith(("ы", "і")) and len(w) > 2 and (w[-2] not in vowels or w[-2] == "у"):
        base = w[:-1]
        if base[-1] in devoice:
            base = base[:-1] + devoice[base[-1]]
        stems.append(base)
    return stems


@dataclass(frozen=True)
class _Entry:
    term: Term
    words: tuple[str, ...]  # folded words before the last one
    seps: tuple[str, ...]  # separators between words: " " or "-"
    cap: bool
    name: bool  # the term's first word is also a first name (Сайлау, Әкім, Азамат)


def _split_term(kk: str) -> tuple[list[str], list[str]]:
    words: list[str] = []
    seps: list[str] = []
    pos = 0
    for m in _WORD.finditer(kk):
        if words:
            gap = kk[pos:m.start()]
            seps.append("-" if "-" in gap else " ")
        words.append(m.group())
        pos = m.end()
    return words, seps


class Matcher:
    """Inflection-aware, longest-match-first term finder over a fixed list of terms."""

    def __init__(self, terms: Iterable[Term], grammar: Grammar | None = None, exceptions: Sequence[str] | None = None) -> None:
        self.grammar = grammar or load_grammar()
        phrases = not_term_phrases() if exceptions is None else list(exceptions)
        nominal = [p for p in phrases if not p.endswith("*")]
        self._exceptions = Matcher([Term(f"x{i}", p, "", "", "noun", "") for i, p in enumerate(nominal)], self.grammar, ()) if nominal else None
        # Phrases ending in "*" end in a verb stem (бабына келтір* "to put in order"): any word
        # starting with those letters completes them.
        verbal = [p[:-1].split() for p in phrases if p.endswith("*")]
        self._verbal = re.compile("|".join(
            r"(?<!\w)" + r"\s+".join(re.escape(fold(w)) for w in words[:-1]) + r"\s+" + re.escape(fold(words[-1])) + r"\w*"
            for words in verbal if len(words) > 1)) if verbal else None
        # last-word form -> [(entry, analysis)]; entries are then checked word by word leftwards.
        self._by_last: dict[str, list[tuple[_Entry, str]]] = {}
        for term in terms:
            words, seps = _split_term(term.kk)
            if not words:
                continue
            flags = term.flags
            entry = _Entry(term, tuple(fold(w) for w in words[:-1]), tuple(seps), "cap" in flags, "name" in flags)
            for form, analysis in self.forms(term).items():
                self._by_last.setdefault(form, []).append((entry, analysis))
        for bucket in self._by_last.values():
            bucket.sort(key=lambda ea: -len(ea[0].words))  # longest term first

    def forms(self, term: Term) -> dict[str, str]:
        """Every surface form (folded) of the term's last word that the matcher accepts."""
        words, _ = _split_term(term.kk)
        last = words[-1]
        flags = term.flags
        if "fixed" in flags or term.pos == "adj":
            return {fold(last): "BASE"}
        if "px3" in flags:
            stems = [flags["px3"]] if flags["px3"] else px3_stems(last, self.grammar)
            stems += [alt for alt in flags.get("alt", "").split("/") if alt]
            out: dict[str, str] = {}
            for stem in stems:
                for form, analysis in inflect(stem, self.grammar, px3_only=True).items():
                    out.setdefault(form, analysis)
            return out
        out = inflect(last, self.grammar)
        for alt in flags.get("alt", "").split("/"):
            if alt:
                for form, analysis in inflect(alt, self.grammar).items():
                    out.setdefault(form, analysis)
        return out

    def buckets(self):
        """(form, [(entry, analysis)]) pairs: for lint's collision check."""
        return self._by_last.items()

    def match(self, text: str) -> list[Match]:
        tokens = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        folded = fold(text)
        # Candidate matches end at a token; we collect them all, then pick longest-first, left-to-right.
        candidates: list[tuple[int, int, int, int, _Entry, str]] = []  # (start_tok, end_tok, start, end, entry, analysis)
        for ti, (s, e) in enumerate(tokens):
            bucket = self._by_last.get(folded[s:e])
            if not bucket:
                continue
            for entry, analysis in bucket:
                n = len(entry.words)
                if ti - n < 0:
                    continue
                ok = True
                for k in range(n):
                    ws, we = tokens[ti - n + k]
                    if folded[ws:we] != entry.words[k]:
                        ok = False
                        break
                    next_start = tokens[ti - n + k + 1][0]
                    gap = text[we:next_start]
                    if entry.seps[k] == "-":
                        if gap not in ("-", "‐", "‑", " "):
                            ok = False  # a hyphen may be typed as a space (Премьер Министрі)
                            break
                    elif not _SPACE_GAP.fullmatch(gap):
                        ok = False
                        break
                if not ok:
                    continue
                first = ti - n
                if not self._plausible(text, tokens, first, ti, entry):
                    continue
                candidates.append((first, ti, tokens[first][0], e, entry, analysis))
        if candidates and (self._exceptions is not None or self._verbal is not None):
            spans = [(x.start, x.end) for x in self._exceptions.match(text)] if self._exceptions is not None else []
            if self._verbal is not None:
                spans += [(x.start(), x.end()) for x in self._verbal.finditer(folded)]
            if spans:
                covered = _Spans(spans)
                candidates = [c for c in candidates if not covered.cover(c[2], c[3])]
        # Longest match wins (in tokens, then characters); ties keep the earliest.
        candidates.sort(key=lambda c: (-(c[1] - c[0]), -(c[3] - c[2]), c[2]))
        taken = [False] * len(tokens)
        chosen = []
        for first, last, s, e, entry, analysis in candidates:
            if any(taken[first:last + 1]):
                continue
            for k in range(first, last + 1):
                taken[k] = True
            chosen.append(Match(s, e, text[s:e], entry.term, analysis))
        chosen.sort(key=lambda m: m.start)
        return chosen

    def _is_object(self, text: str, tokens: Sequence[tuple[int, int]], first: int) -> bool:
        """True when the word before token ``first`` (same clause, only spaces between) is in the
        accusative: the term's word then is a verb with its object (нарығын түзету)."""
        ps, pe = tokens[first - 1]
        if text[pe:tokens[first][0]].strip():
            return False
        prev = fold(text[ps:pe])
        for ending in _accusative_endings(self.grammar):
            if prev.endswith(ending) and len(prev) > len(ending) + 1:
                # The bare -н follows only a possessive (нарығ-ы-н, жоба-сы-н); many stems end in
                # -ін/-ын themselves (бүгін, орын, үшін), so it counts only after сы/сі or a stem
                # consonant voiced by the suffix (қ/п -> ғ/б).
                if len(ending) > 1 or prev.endswith(("сын", "сін", "ғын", "бын", "бін")):
                    return True
        return False

    def _plausible(self, text: str, tokens: Sequence[tuple[int, int]], first: int, last: int, entry: _Entry) -> bool:
        s, e = tokens[first]
        word = text[s:e]
        capital = word[:1].isupper()
        all_caps = word.isupper() and len(word) > 1
        if entry.cap and not capital:
            return False
        if "noobj" in entry.term.flags and first > 0 and self._is_object(text, tokens, first):
            return False
        if not entry.name or not capital or all_caps:
            return True
        # A lower-case term written with a capital: a first name (Сайлау Жұмабеков, Әкім Ахметов)?
        nxt = tokens[last + 1] if last + 1 < len(tokens) else None
        following = text[nxt[0]:nxt[1]] if nxt else ""
        gap_after = text[e if first == last else tokens[last][1]:nxt[0]] if nxt else ""
        if nxt and following[:1].isupper() and not following.isupper():
            if _SURNAME.match(following) or (len(following) == 1 and gap_after.strip() == "" and text[nxt[1]:nxt[1] + 1] == "."):
                return False
        if first > 0:
            prev_s, prev_e = tokens[first - 1]
            prev = text[prev_s:prev_e]
            if len(prev) == 1 and prev.isupper() and text[prev_e:s].strip() == ".":
                return False  # "Н. Әкім": an initial before a name
        return _sentence_initial(text, s)


class _Spans:
    """Spans of the text (exception phrases, verbal phrases) that no term match may lie inside.

    Why not ``any(...)`` over the spans per candidate: both the candidates and the spans grow with the
    text, so that check was quadratic and made archives slow. Spans sorted by start with a running
    maximum of their ends answer each candidate with one bisection."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach: list[int] = []
        best = -1
        for _, b in ordered:
            best = max(best, b)
            self.reach.append(best)

    def cover(self, start: int, end: int) -> bool:
        """True when ``start:end`` lies inside one of the spans."""
        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and self.reach[i] >= end


def _accusative_endings(g: Grammar) -> tuple[str, ...]:
    """The accusative allomorphs of the grammar (ны, ні, ды, ді, ты, ті; bare н after a possessive)."""
    return tuple(sorted({form for row in g.rows if row.morpheme == "ACC" for form in (row.back, row.front)}, key=len, reverse=True))


def _sentence_initial(text: str, pos: int) -> bool:
    """True when only opening punctuation separates ``pos`` from a sentence or line start."""
    i = pos - 1
    while i >= 0 and text[i] in _OPENERS:
        if text[i] in "«\"“„" and (i == 0 or text[i - 1] in " \t\n\u00a0"):
            return True  # start of a quotation or title: «Сайлау ...»
        i -= 1
    return i < 0 or text[i] in ".!?…:\n"
