"""The one registry of languages: codes, names, model tokens and PO plural forms.

Data in ``kztranslate/data/languages.json``. Every module that needs to know which language is the
source, which are PO targets, what an NLLB or OPUS-MT model calls a language, or a language's
Plural-Forms asks here, so adding a target language is one edit of that file (script letters for
detection live with the detection data, ``data/alphabets.tsv``).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from kztranslate.datafiles import read_data


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    nllb: str
    marian: str
    plural_forms: str | None = None

    @property
    def po_target(self) -> bool:
        """Can be the language of a PO file (it has Plural-Forms) and is not the source."""
        return self.plural_forms is not None and self.code != SOURCE


@functools.lru_cache(maxsize=1)
def _data() -> tuple[str, dict[str, Language]]:
    raw = json.loads(read_data("languages.json"))
    table = {code: Language(code=code, **fields) for code, fields in raw["languages"].items()}
    return raw["source"], table


SOURCE: str = _data()[0]


def get(code: str) -> Language | None:
    return _data()[1].get(code)


def codes() -> list[str]:
    """Every code the registry knows, in the data file's order."""
    return list(_data()[1])


def po_languages() -> dict[str, Language]:
    """Languages that can be written as PO files (source included: its POT header names it)."""
    return {c: lang for c, lang in _data()[1].items() if lang.plural_forms}


def targets() -> list[str]:
    """The PO target languages (``ru``, ``en``): what ``--to`` accepts."""
    return [c for c, lang in _data()[1].items() if lang.po_target]
