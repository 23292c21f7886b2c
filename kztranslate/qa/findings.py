"""What a check reports, and the fixed list of check names with their severities.

The names are a contract (scripts filter on them, the README lists them), so they live in one
table here; a check may lower a finding to a warning when it is only a suspicion (e.g. an extra
number in the translation), never invent a new name.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"

#: check name -> (default severity, one-line description). ``pofilter`` marks checks whose test is
#: translate-toolkit's own (``translate.filters.checks.StandardChecker``), called, not rewritten.
CHECKS: dict[str, tuple[str, str]] = {
    "po-syntax": (ERROR, "the PO file parses and passes msgfmt --check"),
    "language": (WARNING, "the target language is known (PO Language header or OUT/<lang>/ folder)"),
    "untranslated": (ERROR, "the entry has a translation"),
    "numbers": (ERROR, "every number of the source is in the translation (3,5 = 3.5; 1 250 = 1,250)"),
    "dates": (ERROR, "dates keep day, month and year (13.02.2026; 15 наурыз -> 15 марта / March 15)"),
    "glossary": (ERROR, "the glossary terms the Kazakh msgid requires are present, with no forbidden variant (recomputed for any PO)"),
    "quotes": (ERROR, "«» and “” / „“ / \" quotes are balanced and not lost"),
    "placeholders": (ERROR, "no engine or editor leftovers (<unk>, ⁇, {0}, __X__, TODO)"),
    "names": (WARNING, "Latin-script words and names of the source (Astana Hub, IT, COVID-19) are kept"),
    "script": (WARNING, "no Kazakh letters left in a Russian translation, no Cyrillic in an English one"),
    "unchanged": (WARNING, "the translation is not just the source copied (pofilter: unchanged)"),
    "length": (WARNING, "the translation/source length ratio is plausible"),
    "brackets": (WARNING, "bracket counts match (pofilter: brackets)"),
    "doublewords": (WARNING, "no repeated word such as 'the the' (pofilter: doublewords)"),
    "doublespacing": (WARNING, "no double spaces the source lacks (pofilter: doublespacing)"),
    "whitespace": (WARNING, "leading/trailing whitespace matches (pofilter: startwhitespace, endwhitespace)"),
    "newlines": (WARNING, "line breaks match (pofilter: newlines)"),
    "urls": (WARNING, "URLs are kept (pofilter: urls)"),
    "emails": (WARNING, "e-mail addresses are kept (pofilter: emails)"),
}


@dataclass(frozen=True)
class Finding:
    """One problem: which check, how bad, where (file, PO line, kz-position), and what."""

    check: str
    severity: str
    file: str
    line: int
    position: str
    msgid: str
    message: str

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.check, self.message)

    def to_json(self) -> dict:
        return asdict(self)

    def ref(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where} [{self.position}]" if self.position else where


def finding(check: str, file: str, message: str, *, line: int = 0, position: str = "", msgid: str = "", severity: str | None = None) -> Finding:
    """Build a finding with the check's default severity unless one is given."""
    if check not in CHECKS:
        raise ValueError(f"unknown check {check!r}")
    return Finding(check, severity or CHECKS[check][0], file, line, position, msgid, message)
