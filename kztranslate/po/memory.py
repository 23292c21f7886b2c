"""Translation memory: reuse what reviewers already approved, before any model runs.

The memory for a target language is every *reviewed* entry (see :func:`~kztranslate.po.entries.is_reviewed`)
of every PO file under ``OUT/<lang>/`` (recursively, sorted by path) plus the imported memory file
``OUT/.tm/<lang>.po`` (written by ``kztranslate tm import``). So a fresh clone with reviewed PO files
translates repeated sentences (datelines, boilerplate, recurring headings) before any model is installed.

* exact match (same msgid) -> reused as the translation, no MT call;
* close match -> offered as a fuzzy suggestion (with ``#| msgid``) when no MT is available.

Similarity is rapidfuzz's ``fuzz.ratio`` (normalised Levenshtein/Indel similarity, 0-100) on the
raw sentences; :data:`FUZZY_THRESHOLD` = 80 means roughly "one or two words of a news sentence
differ". Below that, suggestions mislead more than they help (datelines and reporting verbs make
unrelated news sentences share 60-70 %). The same function and threshold decide msgmerge-style
suggestions for changed sentences in :mod:`kztranslate.po.merge`.

When two files hold different reviewed translations of one sentence, the first in path order wins
(article files before the imported memory), so results do not depend on directory listing order.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from kztranslate.errors import InputError
from kztranslate.po.entries import is_reviewed

FUZZY_THRESHOLD = 80.0
TM_DIR = ".tm"


def similarity(a: str, b: str) -> float:
    """0-100 similarity of two sentences (rapidfuzz ``fuzz.ratio``)."""
    from rapidfuzz import fuzz

    return float(fuzz.ratio(a, b))


def best_match(text: str, choices: Sequence[str], threshold: float = FUZZY_THRESHOLD) -> tuple[str, float] | None:
    """The most similar choice scoring at least ``threshold``, ties broken by order; None if none."""
    if not choices:
        return None
    from rapidfuzz import fuzz, process

    found = process.extractOne(text, choices, scorer=fuzz.ratio, score_cutoff=threshold)
    return (found[0], float(found[1])) if found else None


@dataclass(frozen=True)
class Suggestion:
    """A memory hit: the reviewed ``msgid``/``msgstr`` pair, its score (100 = exact) and its file."""

    msgid: str
    msgstr: str
    score: float
    origin: str

    @property
    def exact(self) -> bool:
        return self.score >= 100.0


class TranslationMemory:
    """Reviewed source -> target pairs for one target language."""

    def __init__(self, pairs: Iterable[tuple[str, str, str]] = ()) -> None:
        self._pairs: dict[str, tuple[str, str]] = {}
        for msgid, msgstr, origin in pairs:
            if msgid and msgstr and msgid not in self._pairs:
                self._pairs[msgid] = (msgstr, origin)
        self._keys = list(self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)

    def exact(self, text: str) -> Suggestion | None:
        hit = self._pairs.get(text)
        return Suggestion(text, hit[0], 100.0, hit[1]) if hit else None

    def fuzzy(self, text: str, threshold: float = FUZZY_THRESHOLD) -> Suggestion | None:
        """The closest reviewed sentence at or above ``threshold`` (an exact hit counts too)."""
        exact = self.exact(text)
        if exact:
            return exact
        found = best_match(text, self._keys, threshold)
        if not found:
            return None
        msgstr, origin = self._pairs[found[0]]
        return Suggestion(found[0], msgstr, found[1], origin)

    @classmethod
    def load(cls, out: Path, lang: str) -> tuple["TranslationMemory", list[str]]:
        """The memory for ``lang`` under ``out``, and one warning per PO file that could not be read.

        A malformed file elsewhere in OUT must not stop the translation of this article, so it is
        skipped with a warning (the article's own PO file is read strictly by the pipeline).
        """
        pairs: list[tuple[str, str, str]] = []
        warnings: list[str] = []
        for f in memory_files(out, lang):
            try:
                pairs += reviewed_entries(f)
            except InputError as exc:
                warnings.append(f"translation memory: skipped {exc.message}")
        return cls(pairs), warnings


# Per-process cache of each file's reviewed pairs, keyed by path and (mtime, size): a batch over a
# large archive calls load() once per chunk and should re-read only the files that changed.
_FILE_CACHE: dict[str, tuple[tuple[int, int], list[tuple[str, str, str]]]] = {}


def clear_caches() -> None:
    """Forget the cached reviewed pairs (tests; a file rewritten within one mtime tick would look unchanged)."""
    _FILE_CACHE.clear()


def memory_files(out: Path, lang: str) -> list[Path]:
    """The memory's files for ``lang``: ``OUT/<lang>/**.po`` sorted by path, then ``OUT/.tm/<lang>.po``."""
    folder = Path(out) / lang
    files = sorted(p for p in folder.rglob("*.po") if p.is_file()) if folder.is_dir() else []
    imported = Path(out) / TM_DIR / f"{lang}.po"
    if imported.is_file():
        files.append(imported)
    return files


def reviewed_entries(path: Path) -> list[tuple[str, str, str]]:
    """(msgid, msgstr, path) of every approved entry of one PO file (strict reader; cached by mtime)."""
    from kztranslate.po.catalog import read_po

    st = path.stat()
    key = (st.st_mtime_ns, st.st_size)
    hit = _FILE_CACHE.get(str(path))
    if hit is not None and hit[0] == key:
        return hit[1]
    po = read_po(path)
    pairs = [(e.msgid, e.msgstr, str(path)) for e in po if is_reviewed(e) and not e.msgctxt and not e.msgid_plural]
    _FILE_CACHE[str(path)] = (key, pairs)
    return pairs
