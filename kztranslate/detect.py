"""Language and script of a text: is it Kazakh, and if not, what is it?

langdetect ships no Kazakh profile, and Kazakh is easily confused with Kyrgyz and Tatar (same
letters ң ө ү) and, in short quotes and official names, with Russian. We combine two kinds of
evidence, both deterministic:

1. **Character n-grams** (1-3), scored naive-Bayes style over langdetect-format profiles
   (``{"name", "freq", "n_words"}``): ours for kk, ky, tt, ba, be, sr, ru, en (``data/profiles/``,
   built by ``tools/build_profiles.py``), langdetect's own shipped profiles for uk, bg, mk, tr and the
   Arabic-script ar, fa, ur (Apache-2.0). Unseen n-grams get one floor probability for every
   language, so large and small profiles are on the same footing.
2. **Script evidence**: each language's alphabet (``data/alphabets.tsv``). Every letter of the text's
   script that the language's alphabet lacks costs ``LETTER_PENALTY`` nats: ә, ғ, қ, ұ, і rule out
   Russian, Kyrgyz and Tatar for Kazakh text; ї, є, ў, ђ, ҡ, ҙ, ҫ, җ rule out Kazakh. Letters of the other
   script (a Latin brand name in a Cyrillic article) are ignored. Rare letters are **decisive**: a
   letter that at most ``DECISIVE_MAX_LANGS`` candidate alphabets have (ҡ ҙ ҫ: Bashkir; җ: Tatar;
   қ ұ: Kazakh; ў, ї, ђ ...) rules out every language that lacks it once such letters are more than
   ``RULED_OUT_SHARE`` of the text's letters, whatever its n-grams say: Bashkir with ҡ and ҙ is never
   Kazakh at 0.99. Common letters only cost their penalty, so a Russian name with и in a Belarusian
   sentence, or one Kazakh name in a long Russian paragraph, does not flip it. When every language is
   ruled out the scores decide among them all.

The total (sum of both log-scores) picks the language among those not ruled out; ``confidence`` is a
softmax over their totals divided by the number of n-grams (a per-n-gram margin), so it does not
saturate on long texts. ``bench/bench_detect.py`` measures each kind of evidence alone and the
combination.

Text is first folded by :func:`kztranslate.normalize.fold_lookalikes` (Latin look-alikes inside
Cyrillic words). Latin-script text is scored against the Latin languages (en, tr) and, for Kazakh and
Serbian, by transliterating it to Cyrillic first (:mod:`kztranslate.translit`) and scoring that with the
Cyrillic profile: Latin Kazakh is then reported as ``kk`` / ``Latn``. Arabic-script text is scored the
same way against ar, fa, ur and Kazakh in töte jazu (``kk`` / ``Arab``).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

if TYPE_CHECKING:
    import numpy as np

from kztranslate.datafiles import read_data
from kztranslate.errors import InputError
from kztranslate.normalize import fold_lookalikes
from kztranslate.translit import without_untouchables

OWN_PROFILES = ("kk", "ky", "tt", "ba", "be", "sr", "ru", "en")
SHIPPED_PROFILES = ("uk", "bg", "mk", "tr", "ar", "fa", "ur")
CYRILLIC_LANGS = ("kk", "ky", "tt", "ba", "ru", "uk", "bg", "be", "sr", "mk")
LATIN_LANGS = ("en", "tr")
ARABIC_LANGS = ("ar", "fa", "ur")
FLOOR = 1e-6
LETTER_PENALTY = 8.0
RULED_OUT_SHARE = 0.02
DECISIVE_MAX_LANGS = 2
TEMPERATURE = 8.0
KAZAKH_LETTERS = frozenset("әғқңөұүһі")
# Bounds that keep detection linear on any input (docs/hostile-inputs.md): a text longer than
# MAX_DETECT_CHARS is judged on DETECT_WINDOWS evenly spaced windows of it (language is a property
# of every stretch of a text, so a sample says what the whole says), and the document vote of
# detect_document() hears at most MAX_VOTERS paragraphs holding about MAX_VOTE_CHARS characters,
# evenly spaced through the article.
MAX_DETECT_CHARS = 20_000
DETECT_WINDOWS = 8
MAX_VOTERS = 1_000
MAX_VOTE_CHARS = 50_000
# Model.detect_many works on groups of about this many characters (bounded memory: some 400 bytes per character).
GROUP_CHARS = 20_000
NAMES = {
    "kk": "Kazakh", "ky": "Kyrgyz", "tt": "Tatar", "ba": "Bashkir", "ru": "Russian", "uk": "Ukrainian",
    "bg": "Bulgarian", "be": "Belarusian", "sr": "Serbian", "mk": "Macedonian", "en": "English",
    "tr": "Turkish", "ar": "Arabic", "fa": "Persian", "ur": "Urdu", "und": "an undetermined language",
}
_NON_LETTER = re.compile(r"[\W\d_]+")


@dataclass(frozen=True)
class Detection:
    """Language (ISO 639-1, ``und`` when there is nothing to judge), script (``Cyrl``/``Latn``/``Arab``), confidence."""

    language: str
    script: str
    confidence: float


@dataclass(frozen=True)
class ParagraphDetection:
    index: int
    start: int
    end: int
    kind: str
    language: str
    script: str
    confidence: float


def ngrams(text: str) -> list[str]:
    """Character 1-3-grams of the lower-cased words of ``text``, words padded with one space each side.

    The same function builds the profiles (tools/build_profiles.py) and scores texts, so training
    and detection see identical features.
    """
    grams: list[str] = []
    for word in _NON_LETTER.split(text.lower()):
        if word:
            grams += word_ngrams(word)
    return grams


def word_ngrams(word: str) -> list[str]:
    """The 1-3-grams of one lower-cased word, padded with one space each side (see :func:`ngrams`)."""
    padded = f" {word} "
    # The only all-space n-grams are the two padding 1-grams, so the 1-grams are the word's letters.
    return [*word, *[padded[i:i + 2] for i in range(len(word) + 1)], *[padded[i:i + 3] for i in range(len(word))]]


def build_profile(name: str, texts: Iterable[str], min_count: int = 2) -> dict:
    """A langdetect-format profile from ``texts``: n-gram counts (rare ones dropped) and totals per n."""
    freq: dict[str, int] = {}
    n_words = [0, 0, 0]
    for text in texts:
        for g in ngrams(text):
            freq[g] = freq.get(g, 0) + 1
            n_words[len(g) - 1] += 1
    kept = {g: c for g, c in freq.items() if c >= min_count}
    return {"name": name, "freq": dict(sorted(kept.items())), "n_words": n_words}


def _profile_logprobs(profile: dict) -> dict[str, float]:
    totals = profile["n_words"]
    merged: dict[str, int] = {}
    for g, c in profile["freq"].items():
        key = g.lower()
        merged[key] = merged.get(key, 0) + c
    return {g: math.log(max(c / max(totals[len(g) - 1], 1), FLOOR)) for g, c in merged.items() if 1 <= len(g) <= 3}


def _shipped_profile(lang: str) -> dict:
    import langdetect

    return json.loads((Path(langdetect.__file__).parent / "profiles" / lang).read_text("utf-8"))


def _own_profile(lang: str) -> dict:
    return json.loads(read_data(f"profiles/{lang}.json"))


@lru_cache(maxsize=1)
def default_model() -> "Model":
    profiles = {lang: _own_profile(lang) for lang in OWN_PROFILES}
    profiles.update({lang: _shipped_profile(lang) for lang in SHIPPED_PROFILES})
    return Model(profiles)


@lru_cache(maxsize=1)
def alphabets() -> dict[str, tuple[str, frozenset[str]]]:
    table: dict[str, tuple[str, frozenset[str]]] = {}
    text = read_data("alphabets.tsv")
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        lang, script, letters = line.split("\t")
        table[lang] = (script, frozenset(letters))
    return table


def alphabet(lang: str, script: str) -> frozenset[str]:
    """The letters of ``lang`` in ``script``: its row, or its ``lang-Script`` row (kk-Latn, kk-Arab)."""
    alpha = alphabets()
    key = lang if lang in alpha and alpha[lang][0] == script else (f"{lang}-{script}" if f"{lang}-{script}" in alpha else lang)
    return alpha[key][1] if key in alpha else frozenset()


@lru_cache(maxsize=16)
def decisive_letters(script: str, langs: tuple[str, ...]) -> frozenset[str]:
    """Letters of ``script`` that at most ``DECISIVE_MAX_LANGS`` of ``langs`` have in their alphabet."""
    sets = [alphabet(lang, script) for lang in langs]
    every = frozenset().union(*sets) if sets else frozenset()
    return frozenset(ch for ch in every if sum(ch in s for s in sets) <= DECISIVE_MAX_LANGS)


# Code-point ranges of each script we score (Latin: ASCII and Latin-1 Supplement to Latin Extended-B).
SCRIPT_RANGES = {
    "Cyrl": ((0x0400, 0x052F),),
    "Latn": ((0x0000, 0x007F), (0x00C0, 0x024F)),
    "Arab": ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFEFF)),
}
SCRIPT_LANGS = {"Cyrl": CYRILLIC_LANGS, "Latn": LATIN_LANGS, "Arab": ARABIC_LANGS}
# Every character of each script, as a set: one set test per word or letter, not a range test per character.
SCRIPT_CHARS = {name: frozenset(chr(c) for lo, hi in spans for c in range(lo, hi + 1)) for name, spans in SCRIPT_RANGES.items()}


def _transliterations(script: str):
    """(language, converter) pairs scored through a Cyrillic profile for text in ``script``."""
    from kztranslate.translit import arabic_to_cyrillic, latin_to_cyrillic, serbian_latin_to_cyrillic

    if script == "Latn":
        return (("kk", latin_to_cyrillic), ("sr", serbian_latin_to_cyrillic))
    if script == "Arab":
        return (("kk", arabic_to_cyrillic),)
    return ()


SCRIPTS = tuple(SCRIPT_CHARS)
# The letters (``str.isalpha``) of each script: what is counted to tell a text's script and its alphabet misses.
SCRIPT_LETTERS = {name: frozenset(ch for ch in chars if ch.isalpha()) for name, chars in SCRIPT_CHARS.items()}
# N-gram keys: one integer per n-gram, its code points 21 bits each (no n-gram holds U+0000, so the
# three lengths never collide).
_BITS = 21


def _gram_key(gram: str) -> int:
    key = 0
    for ch in gram:
        key = key << _BITS | ord(ch)
    return key


@lru_cache(maxsize=1)
def _letter_tables() -> tuple["np.ndarray", "np.ndarray", dict[str, tuple[str, ...]]]:
    """Per code point of the Basic Multilingual Plane (every script we score lies in it): its kind
    (0 anything else, 1 + index in :data:`SCRIPTS` for a letter of that script, 4 the space) and,
    for a letter, its number among its script's letters; and each script's letters in number order."""
    import numpy as np

    letters = {name: tuple(sorted(chars)) for name, chars in SCRIPT_LETTERS.items()}
    kind = np.zeros(0x10000, dtype=np.intp)
    number = np.zeros(0x10000, dtype=np.intp)
    for k, name in enumerate(SCRIPTS):
        points = [ord(ch) for ch in letters[name]]
        kind[points] = k + 1
        number[points] = np.arange(len(points))
    kind[ord(" ")] = len(SCRIPTS) + 1
    return kind, number, letters


class Model:
    """N-gram profiles + alphabets; :meth:`detect` gives the language of a text.

    ``use_ngrams`` / ``use_script`` switch the two kinds of evidence (the benchmark measures each alone).

    Why it is shaped so: scoring is the cost of ``detect`` and of ``translate --engine none``, and a
    Python step per word or per n-gram costs more than the arithmetic. The profiles are one matrix,
    n-grams x languages, of log-probabilities (the floor where a language lacks an n-gram, and one
    all-floor row for n-grams no profile has), and one sorted array of n-gram keys (code points
    packed in an integer). A text is handled whole, in array operations: its words (one regular
    expression), its code points, their n-gram keys, the keys' rows (one binary search), the rows
    in :func:`ngrams` order (word by word: 1-, 2-, then 3-grams) and one gather and one sum, row by
    row in that order, so the figures are those of a plain per-n-gram sum bit for bit. Letters are
    classified by one look-up table over code points; the alphabet misses are a letter count times
    a letters x languages 0/1 table (integers: exact). Nothing is cached per text or per word, so
    memory does not grow with what has been detected. :meth:`detect_many` does all of this for a
    group of texts at once (an article's paragraphs): each array operation costs microseconds
    whatever its size, so a group pays them once instead of once per text.
    """

    def __init__(self, profiles: dict[str, dict], *, use_ngrams: bool = True, use_script: bool = True) -> None:
        import numpy as np

        logprobs = {lang: _profile_logprobs(p) for lang, p in profiles.items()}
        self.use_ngrams = use_ngrams
        self.use_script = use_script
        self.floor = math.log(FLOOR)
        self.langs = tuple(logprobs)
        self._column = {lang: j for j, lang in enumerate(self.langs)}
        self._row: dict[str, int] = {}
        for table in logprobs.values():
            for g in table:
                self._row.setdefault(g, len(self._row))
        self._unknown = len(self._row)
        self._matrix = np.full((len(self._row) + 1, len(self.langs)), self.floor)
        for lang, table in logprobs.items():
            j = self._column[lang]
            self._matrix[[self._row[g] for g in table], j] = list(table.values())
        self._zero = np.zeros(len(self.langs))
        # Sorted n-gram keys and their rows, closed by a key above every real one (a search never runs off the end).
        grams = [g for g in self._row if "\0" not in g]
        keys = np.array([_gram_key(g) for g in grams] + [np.iinfo(np.int64).max], dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._key_rows = np.array([self._row[g] for g in grams] + [self._unknown], dtype=np.intp)[order]
        # per script, its letters x languages: 1 where the language's alphabet lacks the letter
        letters = _letter_tables()[2]
        self._lacks = {name: np.array([[ch not in alphabet(lang, name) for lang in self.langs] for ch in letters[name]], dtype=float) for name in SCRIPTS}

    def _rows(self, cp: "np.ndarray", script: str | None) -> "np.ndarray":
        """Matrix rows of the n-grams of one lower-cased text (its :func:`_codepoints`), in
        :func:`ngrams` order; with ``script``, only n-grams all of whose letters are of that script count."""
        import numpy as np

        filters = np.array([-1 if script is None else SCRIPTS.index(script)])
        return self._rows_many(cp, np.zeros(len(cp), dtype=np.intp), filters)[0]

    def _rows_many(self, cp: "np.ndarray", owner: "np.ndarray", filters: "np.ndarray") -> tuple["np.ndarray", "np.ndarray"]:
        """Matrix rows of the n-grams of several texts at once, and which text each row belongs to.

        ``cp``: the texts' :func:`_codepoints` one after the other; ``owner``: the text (0, 1, ...)
        of each code point; ``filters``: per text, -1 for no script filter, else the index in
        :data:`SCRIPTS` of the script whose n-grams alone count. Rows come text by text, each
        text's in :func:`ngrams` order (word by word: 1-, 2-, then 3-grams), so a text's sum is the
        plain per-n-gram sum."""
        import numpy as np

        space = cp == 32
        # n-grams by their first position in " w1 w2 ... wn ": every non-space (1-grams), every pair
        # but two spaces (2-grams: within a text no two spaces touch; between texts and in an empty
        # text they do), every triple with a non-space middle (3-grams: never across two texts).
        letter = ~space
        p1 = letter
        p2 = letter[:-1] | letter[1:]
        p3 = letter[1:-1]
        if (filters >= 0).any():  # only n-grams all of whose letters are of the text's script
            per_cp = filters[owner]
            ok = (per_cp < 0) | space
            for s in sorted(set(filters.tolist()) - {-1}):
                mine = per_cp == s
                ok[mine] |= _in_script(cp[mine], SCRIPTS[s])
            p1 = p1 & ok
            p2 = p2 & ok[:-1] & ok[1:]
            p3 = p3 & ok[:-2] & ok[1:-1] & ok[2:]
        p1, p2, p3 = p1.nonzero()[0], p2.nonzero()[0], p3.nonzero()[0]
        keys = np.concatenate((cp[p1], cp[p2] << _BITS | cp[p2 + 1], (cp[p3] << _BITS | cp[p3 + 1]) << _BITS | cp[p3 + 2]))
        # word by word (the spaces before a position number its word, across texts too), then 1-, 2-, 3-grams, then position
        word = np.cumsum(space) * 3
        order = np.argsort(np.concatenate((word[p1], word[p2] + 1, word[p3] + 2)), kind="stable")
        keys = keys[order]
        at = np.searchsorted(self._keys, keys)
        rows = np.where(self._keys[at] == keys, self._key_rows[at], self._unknown)
        if len(filters) == 1:
            return rows, np.zeros(len(rows), dtype=np.intp)
        return rows, np.concatenate((owner[p1], owner[p2], owner[p3]))[order]

    def _sum_rows_many(self, rows: "np.ndarray", owner: "np.ndarray", n: int) -> tuple["np.ndarray", "np.ndarray"]:
        """Per text (``n`` of them; ``owner``: each row's text, in text order): the n-gram log-score
        in every language and the number of n-grams. One gather, then one sum per text, row by row in
        order (``sum(axis=0)``; ``np.add.reduceat`` would be one call but adds in another order, and
        the figures must be the plain per-n-gram sum's bit for bit)."""
        import numpy as np

        if n == 1:
            return (self._matrix[rows].sum(axis=0) if len(rows) else self._zero)[None, :], np.array([len(rows)])
        counts = np.bincount(owner, minlength=n)
        sums = np.zeros((n, len(self.langs)))
        if len(rows):
            gathered = self._matrix[rows]
            ends = np.cumsum(counts).tolist()
            for i in counts.nonzero()[0].tolist():
                sums[i] = gathered[ends[i] - counts[i]:ends[i]].sum(axis=0)
        return sums, counts

    def _ngram_scores(self, text_lower: str, script: str | None) -> tuple["np.ndarray", int]:
        """N-gram log-score of a lower-cased text in every language (``self.langs`` order), and its n-gram count."""
        import numpy as np

        sums, counts = self._ngram_scores_many([text_lower], np.array([-1 if script is None else SCRIPTS.index(script)]))
        return sums[0], int(counts[0])

    def _ngram_scores_many(self, lowers: list[str], filters: "np.ndarray") -> tuple["np.ndarray", "np.ndarray"]:
        """:meth:`_ngram_scores` of several lower-cased texts in one pass (``filters`` as in :meth:`_rows_many`)."""
        cp, owner = _joined([_padded(t) for t in lowers])
        rows, row_owner = self._rows_many(cp, owner, filters)
        return self._sum_rows_many(rows, row_owner, len(lowers))

    def _score(self, langs: Iterable[str], ngram: "np.ndarray", misses: "np.ndarray") -> dict[str, float]:
        """Total log-score per language of ``langs`` that has a profile: n-grams minus the alphabet penalty."""
        total = (ngram if self.use_ngrams else self._zero) - (LETTER_PENALTY * misses if self.use_script else 0.0)
        column = self._column
        return {lang: float(total[column[lang]]) for lang in langs if lang in column}

    def detect(self, text: str) -> Detection:
        """The language of one text (:meth:`detect_many` of one)."""
        return self.detect_many((text,))[0]

    def detect_many(self, texts: Sequence[str]) -> list[Detection]:
        """The language of each text, the same as :meth:`detect` of each, bit for bit.

        Why: each array operation costs a few microseconds whatever its size, and a sentence needs
        some twenty of them; taking the paragraphs of an article (or a chunk of sentences) together
        pays them once per group. Groups hold about ``GROUP_CHARS`` characters, so memory stays bounded."""
        out: list[Detection] = []
        group: list[str] = []
        size = 0
        for text in texts:
            group.append(text)
            size += len(text)
            if size >= GROUP_CHARS:
                out += self._detect_group(group)
                group, size = [], 0
        if group:
            out += self._detect_group(group)
        return out

    def _detect_group(self, texts: list[str]) -> list[Detection]:
        import numpy as np

        cleaned = [_cleaned(t) for t in texts]
        padded = [_padded(t.lower()) for t in cleaned]
        n = len(texts)
        kind, number, _ = _letter_tables()
        cp, owner = _joined(padded)
        kinds = kind[np.minimum(cp, 0xFFFF)]
        width = len(SCRIPTS) + 2
        counts = np.bincount(owner * width + kinds, minlength=n * width).reshape(n, width)
        by_script = counts[:, 1:-1]
        best = by_script.argmax(axis=1)  # the script with most letters (the first of SCRIPTS on a tie)
        most = by_script[np.arange(n), best]
        # Texts whose words are letters of their script only (the common case): no n-gram to filter out.
        pure = (counts[:, 0] == 0) & (most == by_script.sum(axis=1))
        rows, row_owner = self._rows_many(cp, owner, np.where(pure, -1, best))
        ngram, n_grams = self._sum_rows_many(rows, row_owner, n)
        # Per script: each text's count of every letter of it, and the alphabet misses (integers: exact).
        letters: dict[int, "np.ndarray"] = {}
        misses = np.zeros((n, len(self.langs)))
        for s in sorted(set(best[most > 0].tolist())):
            mine = kinds == s + 1
            size = len(self._lacks[SCRIPTS[s]])
            letters[s] = np.bincount(owner[mine] * size + number[cp[mine]], minlength=n * size).reshape(n, size)
            if self.use_script:
                chosen = best == s
                misses[chosen] = letters[s][chosen] @ self._lacks[SCRIPTS[s]]
        # Languages with a Cyrillic profile score the transliteration (Latin- and Arabic-script texts),
        # all of the group's in one pass too.
        converted = [(i, lang, convert(cleaned[i]).lower()) for i in most.nonzero()[0].tolist()
                     for lang, convert in _transliterations(SCRIPTS[best[i]]) if lang in self._column]
        as_cyrillic = {}
        if converted:
            sums, sizes = self._ngram_scores_many([c[2] for c in converted], np.full(len(converted), -1))
            as_cyrillic = {(i, lang): (sums[j], int(sizes[j])) for j, (i, lang, _) in enumerate(converted)}
        out = []
        for i, text in enumerate(cleaned):
            if not most[i]:
                out.append(Detection("und", "Zyyy", 0.0))
                continue
            script = SCRIPTS[best[i]]
            scores = self._score(SCRIPT_LANGS[script], ngram[i], misses[i])
            # The transliteration's n-grams count per n-gram, the alphabet evidence is still taken
            # on the letters as written.
            for lang, _ in _transliterations(script):
                if lang not in self._column:
                    continue
                vector, n_cyrillic = as_cyrillic[i, lang]
                ngram_score = self._score((lang,), vector, self._zero)[lang]
                letter_score = self._score((lang,), self._zero, misses[i])[lang]
                scores[lang] = ngram_score * int(n_grams[i]) / max(n_cyrillic, 1) + letter_score
            scores = self._possible(scores, text, letters[int(best[i])][i], script)
            per_gram = max(int(n_grams[i]), 1)
            top_lang = max(scores, key=lambda k: scores[k])
            top = scores[top_lang]
            z = sum(math.exp((v - top) / per_gram * TEMPERATURE) for v in scores.values())
            out.append(Detection(top_lang, script, round(1.0 / z, 4)))
        return out

    def _possible(self, scores: dict[str, float], text: str, letter_counts: "np.ndarray", script: str) -> dict[str, float]:
        """The scores of the languages the alphabet evidence does not rule out (all when it rules out
        every one): a rare letter a language lacks outweighs any n-gram similarity (see the module doc).
        Only letters of ordinary words count (acronyms and Roman numerals such as XVI, ҚР say nothing
        about the language around them). ``letter_counts``: the text's count of each letter of ``script``."""
        if not self.use_script:
            return scores
        rare = decisive_letters(script, tuple(sorted(scores)))
        in_order = _letter_tables()[2][script]
        if rare.isdisjoint(in_order[i] for i in letter_counts.nonzero()[0].tolist()):
            return scores  # no rare letter at all: nothing is ruled out (the common case for non-Kazakh text)
        chars = SCRIPT_CHARS[script]
        words = "".join(w for w in _NON_LETTER.split(text) if not (w.isupper() and len(w) > 1)).lower()
        ordinary = Counter({ch: c for ch, c in Counter(words).items() if ch in chars})
        counted = Counter({ch: c for ch, c in ordinary.items() if ch in rare})
        allowed = RULED_OUT_SHARE * ordinary.total()
        if counted.total() <= allowed:
            return scores
        misses = {lang: sum(c for ch, c in counted.items() if ch not in alphabet(lang, script)) for lang in scores}
        kept = {lang: v for lang, v in scores.items() if misses[lang] <= allowed}
        return kept or scores


def _cleaned(text: str) -> str:
    """``text`` as detection reads it: URLs and e-mail addresses say nothing about the language;
    look-alikes are Cyrillic letters."""
    return fold_lookalikes(without_untouchables(text))


def _padded(lower: str) -> str:
    """``" w1 w2 ... wn "``: the words of ``lower`` (see :func:`ngrams`), one space between them
    and one at each end."""
    return f" {_NON_LETTER.sub(' ', lower).strip(' ')} "


def _codepoints_of(padded: str) -> "np.ndarray":
    """The code points of a string, as integers wide enough for the n-gram keys."""
    import numpy as np

    return np.frombuffer(padded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)


def _codepoints(lower: str) -> "np.ndarray":
    """Code points of :func:`_padded` ``lower``."""
    return _codepoints_of(_padded(lower))


def _joined(padded: list[str]) -> tuple["np.ndarray", "np.ndarray"]:
    """The code points of several :func:`_padded` texts one after the other, and each one's text (0, 1, ...)."""
    import numpy as np

    owner = np.repeat(np.arange(len(padded)), np.fromiter(map(len, padded), dtype=np.intp, count=len(padded)))
    return _codepoints_of("".join(padded)), owner


def _in_script(cp: "np.ndarray", script: str) -> "np.ndarray":
    """Which code points lie in ``script`` (:data:`SCRIPT_RANGES`)."""
    (lo, hi), *more = SCRIPT_RANGES[script]
    inside = (cp >= lo) & (cp <= hi)
    for lo, hi in more:
        inside |= (cp >= lo) & (cp <= hi)
    return inside


def _sample(text: str, limit: int = MAX_DETECT_CHARS, windows: int = DETECT_WINDOWS) -> str:
    """``text`` itself when short, else ``windows`` evenly spaced slices of it totalling ``limit``."""
    if len(text) <= limit:
        return text
    size = limit // windows
    step = (len(text) - size) // (windows - 1)
    return "\n".join(text[i * step:i * step + size] for i in range(windows))


def detect(text: str) -> Detection:
    """Language, script and confidence of ``text`` (the default model; long texts are sampled)."""
    return default_model().detect(_sample(text))


def detect_many(texts: Sequence[str]) -> list[Detection]:
    """:func:`detect` of each text, in one pass of array operations (see :meth:`Model.detect_many`)."""
    return default_model().detect_many([_sample(t) for t in texts])


def _voters(paragraphs: list, length: int) -> list:
    """Every paragraph of a normal article; an evenly spaced subset of a huge one (see MAX_VOTERS)."""
    stride = max(-(-len(paragraphs) // MAX_VOTERS), -(-length // MAX_VOTE_CHARS), 1)
    return paragraphs if stride == 1 else paragraphs[::stride]


def detect_paragraphs(text: str, paragraphs=None) -> list[ParagraphDetection]:
    """One detection per paragraph of :func:`kztranslate.segment.segment` (or of ``paragraphs``
    already segmented by the caller), with offsets."""
    if paragraphs is None:
        from kztranslate.segment import segment

        paragraphs = segment(text)
    found = detect_many([text[p.start:p.end] for p in paragraphs])
    return [ParagraphDetection(p.index, p.start, p.end, p.kind, d.language, d.script, d.confidence) for p, d in zip(paragraphs, found)]


def detect_document(text: str, paragraphs: list[ParagraphDetection] | None = None, *, segmented: list | None = None) -> Detection:
    """The language of a whole article: its paragraphs vote with their number of letters.

    Scoring the whole text at once lets one long Russian quote outweigh several short Kazakh
    paragraphs; a newsroom calls an article Kazakh when most of its text is. ``confidence`` is the
    letter-weighted share of the winning language times its paragraphs' own confidences.
    ``segmented``: the article's :func:`~kztranslate.segment.segment` when the caller has it. A huge
    article votes through an evenly spaced sample of its paragraphs (:func:`_voters`).
    """
    if paragraphs is None:
        if segmented is None:
            from kztranslate.segment import segment

            segmented = segment(text)
        if len(segmented) <= 1:
            return detect(text)  # one paragraph: no vote (and no second detection of the same text)
        paragraphs = detect_paragraphs(text, _voters(segmented, len(text)))
    else:
        paragraphs = _voters(paragraphs, len(text))
    if len(paragraphs) <= 1:
        return detect(text)
    weight: dict[str, float] = {}
    sure: dict[str, float] = {}
    scripts: dict[str, dict[str, float]] = {}
    total = 0.0
    for p in paragraphs:
        w = float(sum(ch.isalpha() for ch in text[p.start:p.end]))
        total += w
        weight[p.language] = weight.get(p.language, 0.0) + w
        sure[p.language] = sure.get(p.language, 0.0) + w * p.confidence
        scripts.setdefault(p.language, {})[p.script] = scripts.get(p.language, {}).get(p.script, 0.0) + w
    best = max(weight, key=lambda k: (weight[k], k == "kk"))
    if best == "und" or total == 0:
        return detect(text)
    script = max(scripts[best], key=lambda k: scripts[best][k])
    return Detection(best, script, round(sure[best] / total, 4))


def describe(d: Detection) -> str:
    return f"{NAMES.get(d.language, d.language)} ({d.confidence:.2f})"


def ensure_kazakh(text: str, name: str, *, force: bool = False, paragraphs: list[ParagraphDetection] | None = None, segmented: list | None = None) -> Detection:
    """Return the detection of a Kazakh text; raise a one-line :class:`InputError` for anything else.

    With ``force`` the detection is returned whatever it says (the user takes responsibility).
    """
    d = detect_document(text, paragraphs, segmented=segmented)
    if d.language == "kk" or force:
        return d
    raise InputError(f"{name}: looks like {describe(d)}, not Kazakh; use --force to translate anyway")


FOREIGN_LANGS = ("ru", "en")
MIN_FOREIGN_WORDS = 4
MIN_FOREIGN_CONFIDENCE = 0.9


def is_foreign_paragraph(text: str, detection: Detection | ParagraphDetection | None = None) -> str | None:
    """The language of a paragraph inside a Kazakh article that is entirely Russian or English, else None.

    Conservative on purpose: a paragraph is copied through untranslated only when it has at least
    four words, no Kazakh-only letter, and the detector is confident. A short Kazakh heading without
    Kazakh letters must never be taken for Russian.
    """
    if len(text.split()) < MIN_FOREIGN_WORDS or any(ch in KAZAKH_LETTERS for ch in text.lower()):
        return None
    d = detection or detect(text)
    if d.language in FOREIGN_LANGS and d.confidence >= MIN_FOREIGN_CONFIDENCE:
        return d.language
    return None
