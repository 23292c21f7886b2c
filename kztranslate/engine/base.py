"""The engine interface every stage codes against.

A translation engine turns already-segmented sentences into :class:`Translation` objects. Stages
downstream (glossary enforcement, PO writing) need the score, the route taken (direct or pivot), the
model names for the PO comments and the batch state, and optionally n-best alternatives from which
the glossary step may pick a hypothesis that contains the required terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol, Sequence, runtime_checkable


class NoMT(str, Enum):
    """Why a target language gets no machine translation (a typed value, not a message to parse)."""

    ENGINE_NONE = "engine none"  # the user asked for no MT (--engine none)
    NO_MODEL = "no model"  # nothing installed serves the pair, directly or through a pivot


@dataclass(frozen=True)
class Route:
    """How ``source``→``target`` is translated: the languages visited and the model of each hop,
    or, with ``why_not`` set, why it is not translated at all. ``str()`` is the one wording used
    in reports, PO comments and JSON: ``kk→en→ru (pivot; a, b)``, ``none (no kk→ru model installed)``."""

    source: str
    target: str
    path: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    why_not: NoMT | None = None

    @property
    def usable(self) -> bool:
        return self.why_not is None

    @property
    def pivot(self) -> bool:
        return len(self.path) > 2

    def __str__(self) -> str:
        if self.why_not is NoMT.ENGINE_NONE:
            return "none (--engine none)"
        if self.why_not is NoMT.NO_MODEL:
            return f"none (no {self.source}→{self.target} model installed)"
        kind = "pivot" if self.pivot else "direct"
        return f"{'→'.join(self.path)} ({kind}; {', '.join(self.models)})"


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
        return str(Route(self.route[0], self.route[-1], self.route, self.models))


@runtime_checkable
class Engine(Protocol):
    """Anything that translates a batch of sentences between two languages."""

    def translate(self, sentences: Sequence[str], source: str, target: str, *, n_best: int = 1) -> list[Translation]:
        """Translate every sentence; the result has one Translation per input, in input order."""
        ...

    def route(self, source: str, target: str) -> tuple[str, ...]:
        """The languages the translation visits (``("kk", "en", "ru")`` for a pivot); ModelError if none."""
        ...

    def resolve(self, source: str, target: str) -> Route:
        """The route with its models, or a Route whose ``why_not`` says why there is none (never raises
        for a missing model)."""
        ...

    def fingerprint(self, source: str, target: str) -> str:
        """A stable identifier of the models this engine would use for the route (batch state)."""
        ...
