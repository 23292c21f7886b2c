"""A recording fake engine for unit tests of the pipeline's bookkeeping (never for end-to-end tests).

Its output is derived from the input (``MT[ru]: <sentence>``) so tests can tell machine output from
human text, and it records every call so tests can check what reached the engine.
"""

from __future__ import annotations

from typing import Sequence

from kztranslate.engine.base import NoMT, Route, Translation
from kztranslate.errors import ModelError


class FakeEngine:
    def __init__(self, targets: Sequence[str] = ("ru", "en")) -> None:
        self.targets = set(targets)
        self.calls: list[tuple[str, list[str], int]] = []

    def route(self, source: str, target: str) -> tuple[str, ...]:
        if target not in self.targets:
            raise ModelError(f"no {source}→{target} model installed; see `kztranslate models install`")
        return (source, target)

    def resolve(self, source: str, target: str) -> Route:
        if target not in self.targets:
            return Route(source, target, why_not=NoMT.NO_MODEL)
        return Route(source, target, (source, target), ("fake",))

    def fingerprint(self, source: str, target: str) -> str:
        return f"fake:{source}-{target}"

    def translate(self, sentences: Sequence[str], source: str, target: str, *, n_best: int = 1) -> list[Translation]:
        self.route(source, target)
        self.calls.append((target, list(sentences), n_best))
        return [Translation(s, f"MT[{target}]: {s}", -1.0, (source, target), ("fake",)) for s in sentences]

    def sentences_for(self, target: str) -> list[str]:
        return [s for t, batch, _ in self.calls if t == target for s in batch]
