"""Language tokens that multilingual models expect (data in ``kztranslate/data/lang_codes.json``)."""

from __future__ import annotations

import functools
import json
from importlib import resources

from kztranslate.errors import InputError


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    text = resources.files("kztranslate").joinpath("data/lang_codes.json").read_text(encoding="utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


def known_codes() -> list[str]:
    """The ISO codes we know model tokens for, in the table's order."""
    return list(_table())


def language_token(code: str, scheme: str) -> str:
    """The ``scheme`` ("nllb" or "marian") token for ISO code ``code``; a token passes through as is."""
    if scheme == "nllb" and "_" in code:
        return code
    if scheme == "marian" and code.startswith(">>"):
        return code
    try:
        return _table()[code][scheme]
    except KeyError:
        raise InputError(f"no {scheme} language token known for {code!r} (known: {', '.join(sorted(_table()))})") from None


def language_name(code: str) -> str:
    return _table().get(code, {}).get("name", code)
