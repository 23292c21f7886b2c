"""Score the matcher against annotated sentences (``{surface|term-id}`` markup).

Shared by the tests (which hold it to the targets: recall >= 98 %, precision >= 99 %) and by
``bench/bench_glossary.py`` (which prints the figures). ``{word|}`` with an empty id marks an
explicit negative; any unmarked text must not match either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_MARK = re.compile(r"\{([^{}|]+)\|([^{}|]*)\}")


def parse_annotated(line: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Plain text and gold spans ``(start, end, term_id)`` of one annotated line."""
    out: list[str] = []
    gold: list[tuple[int, int, str]] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(line):
        before = line[pos:m.start()]
        out.append(before)
        length += len(before)
        surface, term_id = m.group(1), m.group(2).strip()
        if term_id:
            gold.append((length, length + len(surface), term_id))
        out.append(surface)
        length += len(surface)
        pos = m.end()
    out.append(line[pos:])
    return "".join(out), gold


def read_annotated(path: Path) -> list[str]:
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    correct: int = 0
    misses: list[str] = field(default_factory=list)  # "sentence :: surface (id)"
    false_hits: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0


def score(glossary, lines: list[str]) -> Score:
    """Exact-span, exact-term scoring: a match counts only with the right boundaries and term."""
    s = Score()
    for line in lines:
        text, gold = parse_annotated(line)
        predicted = {(m.start, m.end, m.term.id) for m in glossary.match(text)}
        gold_set = set(gold)
        s.gold += len(gold_set)
        s.predicted += len(predicted)
        s.correct += len(gold_set & predicted)
        for a, b, tid in sorted(gold_set - predicted):
            s.misses.append(f"{text} :: {text[a:b]} ({tid})")
        for a, b, tid in sorted(predicted - gold_set):
            s.false_hits.append(f"{text} :: {text[a:b]} ({tid})")
    return s
