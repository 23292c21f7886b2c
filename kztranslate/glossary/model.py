"""The glossary's value types: a :class:`Term` (one row of ``glossary/civic.tsv``) and a :class:`Match`.

They live apart from the loader and the matcher so that the PO writer, the QA checker and the
enforcer can import them without pulling in the TSV reader or the inflection grammar.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Column order of ``glossary/civic.tsv`` (and of the CSV export). The header row must be exactly this.
COLUMNS = ("id", "kk", "ru", "en", "pos", "domain", "match", "forbidden_ru", "forbidden_en", "note", "source")

#: Closed vocabularies checked by ``glossary lint``.
POS_VALUES = ("noun", "propn", "adj", "vnoun", "phrase")
DOMAIN_VALUES = (
    "constitution", "parliament", "elections", "government", "courts", "local government", "titles", "documents",
)
#: ``match`` column flags: ``px3`` = the last word already carries the 3rd-person possessive
#: (Орталық сайлау комиссиясы; ``px3:STEM`` names the stem when stripping is ambiguous);
#: ``cap`` = match only when written with a capital (Мәжіліс the chamber, not мәжіліс "a meeting");
#: ``fixed`` = never inflected (adjectives, abbreviations); ``name`` = the first word is also a
#: first name (Сайлау, Әкім, Азамат): capitalised mid-sentence or before a surname it is a person;
#: ``alt:STEM[/STEM]`` = further stems the last word inflects from (акт / акті);
#: ``noobj`` = the word is also a verb form: after a direct object (a word in the accusative) it is
#: the verb, not the term (нарығын түзету "to fix the market", not "amendment").
MATCH_FLAGS = ("px3", "cap", "fixed", "name", "alt", "noobj")


@dataclass(frozen=True)
class Term:
    """One glossary entry. ``forbidden_*`` are target variants a translation must not use."""

    id: str
    kk: str
    ru: str
    en: str
    pos: str
    domain: str
    match: str = ""
    forbidden_ru: tuple[str, ...] = ()
    forbidden_en: tuple[str, ...] = ()
    note: str = ""
    source: str = ""

    def target(self, lang: str) -> str:
        """The required translation in ``lang`` ('ru' or 'en')."""
        if lang == "ru":
            return self.ru
        if lang == "en":
            return self.en
        raise ValueError(f"unsupported target language {lang!r} (expected ru or en)")

    def forbidden(self, lang: str) -> tuple[str, ...]:
        return self.forbidden_ru if lang == "ru" else self.forbidden_en if lang == "en" else ()

    @property
    def flags(self) -> dict[str, str]:
        """Parsed ``match`` flags: ``{'px3': 'STEM' or '', 'cap': '', ...}``."""
        out: dict[str, str] = {}
        for part in self.match.split(","):
            part = part.strip()
            if part:
                name, _, value = part.partition(":")
                out[name.strip()] = value.strip()
        return out


@dataclass(frozen=True)
class Match:
    """A term found in source text: code-point offsets ``[start, end)`` and the matched surface text."""

    start: int
    end: int
    text: str
    term: Term
    analysis: str = ""

    def as_json(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "term": self.term.kk, "ru": self.term.ru, "en": self.term.en}
