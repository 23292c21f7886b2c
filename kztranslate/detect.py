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
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    import numpy as np

from kztranslate.datafiles import read_data
from kztranslate.errors import InputError

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


@lru_cache(maxsize=4096)
def _letter_script(ch: str) -> str | None:
    """The script (key of :data:`SCRIPT_CHARS`) of a letter, None for a non-letter or a letter of another script.

    Cached per character: a text's letters are counted with one ``Counter`` and classified per
    distinct character, not per occurrence."""
    if not ch.isalpha():
        return None
    return next((name for name, chars in SCRIPT_CHARS.items() if ch in chars), None)


def _transliterations(script: str):
    """(language, converter) pairs scored through a Cyrillic profile for text in ``script``."""
    from kztranslate.translit import arabic_to_cyrillic, latin_to_cyrillic, serbian_latin_to_cyrillic

    if script == "Latn":
        return (("kk", latin_to_cyrillic), ("sr", serbian_latin_to_cyrillic))
    if script == "Arab":
        return (("kk", arabic_to_cyrillic),)
    return ()


WORD_CACHE_MAX = 50_000


class Model:
    """N-gram profiles + alphabets; :meth:`detect` gives the language of a text.

    ``use_ngrams`` / ``use_script`` switch the two kinds of evidence (the benchmark measures each alone).

    Why the arrays: scoring is the cost of ``detect`` and of ``translate --engine none``. The profiles
    are one matrix, n-grams x languages, of log-probabilities (the floor where a language lacks an
    n-gram, and one all-floor row for n-grams no profile has). A word's n-grams are looked up once and
    their rows kept per word and script filter, since news text repeats its words; a text's score in
    every language is then one gather of its rows and one sum (row by row, in the text's order, so the
    figures are those of a plain per-n-gram sum). Alphabet misses are one gather of a letters x
    languages table. Bounded: the word cache is emptied when it reaches ``WORD_CACHE_MAX`` words,
    so a batch over an archive does not grow without end.
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
        # script filter (None: none) -> word -> its n-grams' matrix rows
        self._words: dict[str | None, dict[str, bytes]] = {}
        self._cached = 0
        self._letters: dict[str, tuple[dict[str, int], list[list[bool]]]] = {}
        self._letter_tables: dict[str, "np.ndarray"] = {}

    def _word_rows(self, word: str, script: str | None) -> bytes:
        """Matrix rows of ``word``'s n-grams, packed as int32 (kept per word): a text's rows are then
        one ``bytes.join`` and one zero-copy array; with ``script``, only n-grams all of whose
        letters are of that script count."""
        import numpy as np

        grams = word_ngrams(word)
        if script is not None and not SCRIPT_CHARS[script].issuperset(word):
            chars = SCRIPT_CHARS[script]
            grams = [g for g in grams if chars.issuperset(g.strip())]
        if self._cached >= WORD_CACHE_MAX:
            self.clear_cache()
        rows = np.fromiter(map(self._row.get, grams, repeat(self._unknown, len(grams))), dtype=np.int32, count=len(grams)).tobytes()
        self._words.setdefault(script, {})[word] = rows
        self._cached += 1
        return rows

    def cached_words(self) -> int:
        """How many words' rows are cached (all script filters)."""
        return self._cached

    def clear_cache(self) -> None:
        """Forget the cached words (benchmarks start each round as a fresh process would)."""
        self._words.clear()
        self._cached = 0

    def _ngram_scores(self, text_lower: str, script: str | None) -> tuple["np.ndarray", int]:
        """N-gram log-score of a lower-cased text in every language (``self.langs`` order), and its
        n-gram count: one gather of the text's rows and one sum, in the text's n-gram order."""
        import numpy as np

        cache = self._words.setdefault(script, {})
        packed = []
        for word in _NON_LETTER.split(text_lower):
            if word:
                hit = cache.get(word)
                packed.append(hit if hit is not None else self._word_rows(word, script))
        rows = np.frombuffer(b"".join(packed), dtype=np.int32)
        if not len(rows):
            return self._zero, 0
        return self._matrix[rows].sum(axis=0), len(rows)

    def _misses(self, letters: Counter, script: str) -> "np.ndarray":
        """Per language (``self.langs`` order): how many of ``letters`` (of ``script``, with counts) its
        alphabet lacks: one gather of the letters' rows of a letters x languages 0/1 table, one product."""
        import numpy as np

        if not letters:
            return self._zero
        index, table = self._letters.setdefault(script, ({}, []))
        for ch in letters:
            if ch not in index:
                index[ch] = len(table)
                table.append([ch not in alphabet(lang, script) for lang in self.langs])
                self._letter_tables.pop(script, None)
        matrix = self._letter_tables.get(script)
        if matrix is None:
            matrix = self._letter_tables[script] = np.array(table, dtype=float)
        counts = np.fromiter(letters.values(), dtype=float, count=len(letters))
        return counts @ matrix[[index[ch] for ch in letters]]

    def _score(self, langs: Iterable[str], ngram: "np.ndarray", misses: "np.ndarray") -> dict[str, float]:
        """Total log-score per language of ``langs`` that has a profile: n-grams minus the alphabet penalty."""
        total = (ngram if self.use_ngrams else self._zero) - (LETTER_PENALTY * misses if self.use_script else 0.0)
        column = self._column
        return {lang: float(total[column[lang]]) for lang in langs if lang in column}

    def detect(self, text: str) -> Detection:
        from kztranslate.normalize import fold_lookalikes
        from kztranslate.translit import without_untouchables

        # URLs and e-mail addresses say nothing about the language; look-alikes are Cyrillic letters.
        text = fold_lookalikes(without_untouchables(text))
        lower = text.lower()
        by_script: dict[str, Counter] = {name: Counter() for name in SCRIPT_CHARS}
        for ch, count in Counter(lower).items():
            name = _letter_script(ch)
            if name is not None:
                by_script[name][ch] = count
        script = max(by_script, key=lambda k: by_script[k].total())
        letters = by_script[script]
        if not letters:
            return Detection("und", "Zyyy", 0.0)
        langs = SCRIPT_LANGS[script]
        ngram, n_grams = self._ngram_scores(lower, script)
        misses = self._misses(letters, script) if self.use_script else self._zero
        scores = self._score(langs, ngram, misses)
        # Languages with a Cyrillic profile score the transliteration, per n-gram, with the alphabet
        # evidence still taken on the letters as written.
        for lang, convert in _transliterations(script):
            if lang not in self._column:
                continue
            as_cyrillic, n_cyrillic = self._ngram_scores(convert(text).lower(), None)
            ngram_score = self._score((lang,), as_cyrillic, self._zero)[lang]
            letter_score = self._score((lang,), self._zero, misses)[lang]
            scores[lang] = ngram_score * n_grams / max(n_cyrillic, 1) + letter_score
        scores = self._possible(scores, text, lower, script)
        n = max(n_grams, 1)
        best = max(scores, key=lambda k: scores[k])
        top = scores[best]
        z = sum(math.exp((v - top) / n * TEMPERATURE) for v in scores.values())
        return Detection(best, script, round(1.0 / z, 4))

    def _possible(self, scores: dict[str, float], text: str, lower: str, script: str) -> dict[str, float]:
        """The scores of the languages the alphabet evidence does not rule out (all when it rules out
        every one): a rare letter a language lacks outweighs any n-gram similarity (see the module doc).
        Only letters of ordinary words count (acronyms and Roman numerals such as XVI, ҚР say nothing
        about the language around them)."""
        if not self.use_script:
            return scores
        rare = decisive_letters(script, tuple(sorted(scores)))
        if rare.isdisjoint(lower):
            return scores  # no rare letter at all: nothing is ruled out (the common case for non-Kazakh text)
        chars = SCRIPT_CHARS[script]
        words = "".join(w for w in _NON_LETTER.split(text) if not (w.isupper() and len(w) > 1)).lower()
        ordinary = Counter({ch: c for ch, c in Counter(words).items() if ch in chars})
        counted = Counter({ch: c for ch, c in ordinary.items() if ch in rare})
        allowed = RULED_OUT_SHARE * ordinary.total()
        if counted.total() <= allowed:
            return scores
        misses = self._misses(counted, script)
        kept = {lang: v for lang, v in scores.items() if misses[self._column[lang]] <= allowed}
        return kept or scores


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
    out = []
    for p in paragraphs:
        d = detect(text[p.start:p.end])
        out.append(ParagraphDetection(p.index, p.start, p.end, p.kind, d.language, d.script, d.confidence))
    return out


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
