"""Reviewed PO file -> translated article with the source's structure.

Everything needed is in the PO file itself: each entry's ``kz-position: P.S`` lines say where the
sentence occurs (paragraph P, sentence S inside it; one line per occurrence), ``kz-kind: heading``
marks heading paragraphs and ``kz-sep: newline`` says the sentence starts on a new line — inside a
paragraph (list items, dialogue lines), or, on a paragraph's first sentence, that the paragraph
follows the previous one on the next line instead of after a blank line (a heading directly above
its text). ``kz-kind``/``kz-sep`` values may end with a position (``heading 3.0``) when one entry
occurs several times with different layout.

Sentences of a paragraph are joined with one space (or a newline, see above); paragraphs with a
blank line. Which text is used per entry:

* reviewed (translated, not fuzzy) -> msgstr;
* fuzzy with a msgstr -> msgstr, unless ``only_reviewed`` (then the source sentence);
* untranslated -> the source sentence (counted as a fallback);
* ``kz-copied`` (a paragraph in another language, passed through) -> the source text, not counted
  as a fallback: it was never meant to be translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kztranslate.errors import InputError
from kztranslate.po.catalog import read_po
from kztranslate.po.entries import TAG_COPIED, TAG_KIND, TAG_POSITION, TAG_SEP, has_tag, is_reviewed, tag_values


@dataclass
class BuildReport:
    """Counts over sentence occurrences written to the article."""

    reviewed: int = 0
    fuzzy: int = 0
    fallback_untranslated: int = 0
    fallback_fuzzy: int = 0
    copied: int = 0
    paragraphs: int = 0

    @property
    def fallback(self) -> int:
        return self.fallback_untranslated + self.fallback_fuzzy

    def as_dict(self) -> dict[str, int]:
        return {
            "paragraphs": self.paragraphs,
            "reviewed": self.reviewed,
            "fuzzy": self.fuzzy,
            "fallback_untranslated": self.fallback_untranslated,
            "fallback_fuzzy": self.fallback_fuzzy,
            "copied": self.copied,
        }


@dataclass
class _Slot:
    text: str
    kind: str = "body"
    sep: str = "space"


def _parse_position(value: str, where: str) -> tuple[int, int]:
    p, dot, s = value.partition(".")
    if not dot or not p.isdigit() or not s.isdigit():
        raise InputError(f"{where}: bad kz-position {value!r} (expected P.S)")
    return int(p), int(s)


def _layout_value(values: list[str], pos: str) -> str | None:
    """The kz-kind / kz-sep value that applies at ``pos`` ('P.S'): a positional one, else a general one."""
    general = None
    for v in values:
        parts = v.split()
        if len(parts) == 2 and parts[1] == pos:
            return parts[0]
        if len(parts) == 1:
            general = parts[0]
    return general


def build_text(po_path: Path, *, only_reviewed: bool = False) -> tuple[str, BuildReport]:
    """The translated article for ``po_path`` and what was used where (see module docstring)."""
    po = read_po(po_path)
    slots: dict[tuple[int, int], _Slot] = {}
    report = BuildReport()
    for e in po:
        if e.obsolete:
            continue
        positions = tag_values(e, TAG_POSITION)
        if not positions:
            continue
        copied = has_tag(e, TAG_COPIED)
        if copied:
            text, what = e.msgid, "copied"
        elif is_reviewed(e):
            text, what = e.msgstr, "reviewed"
        elif e.msgstr and not only_reviewed:
            text, what = e.msgstr, "fuzzy"
        elif e.msgstr:
            text, what = e.msgid, "fallback_fuzzy"
        else:
            text, what = e.msgid, "fallback_untranslated"
        kinds, seps = tag_values(e, TAG_KIND), tag_values(e, TAG_SEP)
        for value in positions:
            key = _parse_position(value, str(po_path))
            slots[key] = _Slot(text, _layout_value(kinds, value) or "body", _layout_value(seps, value) or "space")
            setattr(report, what, getattr(report, what) + 1)
    if not slots:
        raise InputError(f"{po_path}: no kz-position comments; not a PO file written by `kztranslate translate`")
    out: list[str] = []
    current = None
    for (p, s) in sorted(slots):
        slot = slots[(p, s)]
        if current is not None and p != current:
            out.append("\n" if slot.sep == "newline" else "\n\n")
        elif current is not None:
            out.append("\n" if slot.sep == "newline" else " ")
        if p != current:
            report.paragraphs += 1
        current = p
        out.append(slot.text.strip())
    return "".join(out) + "\n", report
