"""What a review lead checks before publishing: per file and per language, how much is reviewed.

Counts are over live entries (not the header, not obsolete ones). "words" counts the Kazakh
source words (what translators are paid and planned by). The categories are
:func:`~kztranslate.po.entries.category`'s, the same ``translate`` reports: ``reviewed`` (a person
approved it), ``tm`` (reused from the translation memory), ``mt`` (machine output awaiting review),
``fuzzy`` (other suggestions awaiting review), ``untranslated``, ``copied``. "flagged" counts
translations that break the glossary, recomputed from each msgid (so it survives any tool).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable

from kztranslate.po.catalog import read_po
from kztranslate.po.entries import CATEGORIES
from kztranslate.po.entries import counts as entry_counts
from kztranslate.po.catalog import po_language as target_language
from kztranslate.qa.runner import po_files

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
COUNTED = ("entries", "words", *CATEGORIES, "flagged")


@dataclass
class Stats:
    file: str
    lang: str
    entries: int = 0
    words: int = 0
    reviewed: int = 0
    tm: int = 0
    mt: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    copied: int = 0
    flagged: int = 0

    def add(self, other: "Stats") -> None:
        for name in COUNTED:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def reviewed_percent(self) -> float:
        return round(100.0 * self.reviewed / self.entries, 1) if self.entries else 100.0

    def to_json(self) -> dict:
        return {**asdict(self), "reviewed_percent": self.reviewed_percent}


def file_stats(path: Path) -> Stats:
    """Counts for one PO file (a malformed file is the reader's one-line InputError)."""
    from kztranslate.glossary import default_glossary

    po = read_po(path)
    lang = target_language(po, path)
    stats = Stats(str(path), lang or "?")
    counts = entry_counts(po, lang, default_glossary() if lang in ("ru", "en") else None)
    for name in (*CATEGORIES, "flagged"):
        setattr(stats, name, counts[name])
    for entry in po:
        if not entry.obsolete and (entry.msgid or entry.msgctxt):
            stats.entries += 1
            stats.words += len(_WORD.findall(entry.msgid))
    return stats


def collect(paths: Iterable[str | Path]) -> tuple[list[Stats], list[Stats]]:
    """(per-file stats, per-language totals with file='*'), both sorted."""
    from kztranslate.errors import InputError

    files = po_files(paths)
    if not files:
        raise InputError("no PO files found in the given paths")
    per_file = [file_stats(p) for p in files]
    totals: dict[str, Stats] = {}
    for s in per_file:
        totals.setdefault(s.lang, Stats("*", s.lang)).add(s)
    return per_file, [totals[k] for k in sorted(totals)]
