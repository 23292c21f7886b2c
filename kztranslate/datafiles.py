"""The one way to reach the data shipped in ``kztranslate/data/`` (abbreviations, profiles,
alphabets, suffix grammar, transliteration tables, catalogues): named relative to that folder, read
as UTF-8, the same in a checkout, a wheel or a zipped install."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def read_data(name: str) -> str:
    """The text of ``kztranslate/data/NAME`` (``name`` may hold a sub-folder: ``profiles/kk.json``)."""
    return resources.files("kztranslate.data").joinpath(name).read_text(encoding="utf-8")


def data_path(name: str) -> Path:
    """A file-system path to ``kztranslate/data/NAME`` (for tools that want a path, not text)."""
    return Path(str(resources.files("kztranslate.data").joinpath(name)))
