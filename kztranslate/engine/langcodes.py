"""Language tokens that multilingual models expect (from the language registry, :mod:`kztranslate.languages`)."""

from __future__ import annotations

from kztranslate import languages
from kztranslate.errors import InputError


def known_codes() -> list[str]:
    """The ISO codes we know model tokens for, in the registry's order."""
    return languages.codes()


def language_token(code: str, scheme: str) -> str:
    """The ``scheme`` ("nllb" or "marian") token for ISO code ``code``; a token passes through as is."""
    if scheme == "nllb" and "_" in code:
        return code
    if scheme == "marian" and code.startswith(">>"):
        return code
    lang = languages.get(code)
    if lang is None or scheme not in ("nllb", "marian"):
        raise InputError(f"no {scheme} language token known for {code!r} (known: {', '.join(sorted(known_codes()))})")
    return getattr(lang, scheme)
