"""What a review lead checks before publishing: per file and per language, how much is reviewed.

Counts are over live entries (not the header, not obsolete ones). "words" counts the Kazakh
source words (what translators are paid and planned by). "flagged" counts entries that still carry a
``kz-term-missing`` tag (the machine translation violated the glossary and nobody has confirmed a fix).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable

from kztranslate.po.entries import TAG_TERM_MISSING, has_tag, is_machine, is_reviewed
from kztranslate.qa.runner import po_files, read, target_language

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)


@dataclass
class Stats:
    file: str
    lang: str
    entries: int = 0
    words: int = 0
    reviewed: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    flagged: int = 0

    def add(self, other: "Stats") -> None:
        for name in ("entries", "words", "reviewed", "fuzzy", "untranslated", "flagged"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def reviewed_percent(self) -> float:
        return round(100.0 * self.reviewed / self.entries, 1) if self.entries else 100.0

    def to_json(self) -> dict:
        return {**asdict(self), "reviewed_percent": self.reviewed_percent}


def file_stats(path: Path) -> Stats:
    """Counts for one PO file; an unreadable file raises InputError via :func:`read`'s finding."""
    from kztranslate.errors import InputError

    po, problems = read(path)
    if po is None:
        raise InputError(f"{path}: {problems[0].message}")
    stats = Stats(str(path), target_language(po, path) or "?")
    for entry in po:
        if entry.obsolete or (entry.msgid == "" and not entry.msgctxt):
            continue
        stats.entries += 1
        stats.words += len(_WORD.findall(entry.msgid))
        if is_reviewed(entry):
            stats.reviewed += 1
        elif is_machine(entry):
            stats.fuzzy += 1
        else:
            stats.untranslated += 1
        if has_tag(entry, TAG_TERM_MISSING):
            stats.flagged += 1
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
