"""Split a sentence that is too long for a model on safe boundaries; never truncate.

Models have a maximum input length (CTranslate2 truncates silently past ``max_input_length``). A
Kazakh news sentence rarely reaches it, but long enumerations and pasted tables do. We cut at the
safest boundary nearest the middle, in order of preference: ``;`` then ``:`` then a dash between
spaces, then ``,``, then any space; a run with no space at all is cut between characters. Each
piece is translated separately and the translations are joined with a space.
"""

from __future__ import annotations

import re
from typing import Callable

_BOUNDARIES = (re.compile(r"(?<=;)\s+"), re.compile(r"(?<=:)\s+"), re.compile(r"\s+(?=[–—-]\s)"), re.compile(r"(?<=,)\s+"), re.compile(r"\s+"))


def split_long(text: str, length: Callable[[str], int], limit: int) -> list[str]:
    """Pieces of ``text`` each at most ``limit`` long by ``length`` (token count), in order."""
    if limit < 1:
        raise ValueError("limit must be positive")
    if len(text) <= 1 or length(text) <= limit:
        return [text]
    cut = _best_cut(text)
    left, right = text[:cut].strip(), text[cut:].strip()
    if not left or not right:  # cannot happen with a cut strictly inside; belt and braces
        left, right = text[: len(text) // 2], text[len(text) // 2:]
    return split_long(left, length, limit) + split_long(right, length, limit)


def _best_cut(text: str) -> int:
    middle = len(text) / 2
    for pattern in _BOUNDARIES:
        cuts = [m.end() for m in pattern.finditer(text) if 0 < m.start() and m.end() < len(text)]
        if cuts:
            return min(cuts, key=lambda c: abs(c - middle))
    return max(1, len(text) // 2)
