"""The engine interface every stage codes against.

A translation engine turns already-segmented sentences into :class:`Translation` objects. Stages
downstream (glossary enforcement, PO writing) need the score, the route taken (direct or pivot), the
model names for the PO comments and the batch state, and optionally n-best alternatives from which
the glossary step may pick a hypothesis that contains the required terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, Sequence, runtime_checkable


@dataclass(frozen=True)
class Translation:
    """One translated sentence.

    ``text`` is the best hypothesis; ``alternatives`` holds (text, score) for the n-best list,
    best first, the best one included, when n-best was requested. ``route`` lists the languages
    visited, e.g. ``("kk", "en")`` or ``("kk", "en", "ru")`` for a pivot through English, and
    ``models`` the model names used for each hop.
    """

    source: str
    text: str
    score: float
    route: tuple[str, ...]
    models: tuple[str, ...]
    alternatives: tuple[tuple[str, float], ...] = field(default=())

    @property
    def pivot(self) -> bool:
        return len(self.route) > 2

    def describe_route(self) -> str:
        """Human-readable route for PO comments and reports: ``kk→en→ru (pivot; a, b)``."""
        path = "→".join(self.route)
        kind = "pivot" if self.pivot else "direct"
        return f"{path} ({kind}; {', '.join(self.models)})"


@runtime_checkable
class Engine(Protocol):
    """Anything that translates a batch of sentences between two languages."""

    def translate(self, sentences: Sequence[str], source: str, target: str, *, n_best: int = 1) -> list[Translation]:
        """Translate every sentence; the result has one Translation per input, in input order."""
        ...

    def fingerprint(self, source: str, target: str) -> str:
        """A stable identifier of the models this engine would use for the route (batch state)."""
        ...
