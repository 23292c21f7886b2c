"""The one place that decides what a PO entry means: reviewed or not, and our comment tags.

Machine-readable facts about an entry live in extracted comments (``#.``) that start with a
``kz-`` tag, so editors see them (Poedit shows them as "Notes for translators") and every tool of
ours (build, check, stats, merge) parses them the same way:

* ``#. kz-position: P.S``        paragraph P, sentence S (0-based; one line per occurrence)
* ``#. kz-kind: heading``        the sentence is a heading paragraph
* ``#. kz-sep: newline``         the sentence starts on a new line inside its paragraph (layout)
* ``#. kz-term: KK = TARGET``    a glossary term found in the source and its required translation
* ``#. kz-term-missing: KK = TARGET`` the MT output lacks the required term: a reviewer must fix it
* ``#. kz-mt: ROUTE``            the machine translation route and models, e.g. ``kk→en (direct; m)``
* ``#. kz-tm: exact|fuzzy N%``   the translation came from the translation memory
* ``#. kz-latin: TEXT``          the source was Latin-script Kazakh; the msgid keeps it as written
* ``#. kz-arabic: TEXT``         the source was Arabic-script Kazakh (töte jazu); TEXT is the Cyrillic sent to MT
* ``#. kz-copied: LANG``         the paragraph is in LANG (not Kazakh) and was copied through; ``zxx``
                                 (ISO 639 "no linguistic content"): a sentence of only numbers, times,
                                 dates, symbols or links, copied as written

Translator comments (``# ...``) belong to humans and are never written or changed by us.
"""

from __future__ import annotations

import polib

TAG_POSITION = "kz-position"
TAG_KIND = "kz-kind"
TAG_SEP = "kz-sep"
TAG_TERM = "kz-term"
TAG_TERM_MISSING = "kz-term-missing"
TAG_MT = "kz-mt"
TAG_TM = "kz-tm"
TAG_LATIN = "kz-latin"
TAG_ARABIC = "kz-arabic"
TAG_COPIED = "kz-copied"


def is_reviewed(entry: polib.POEntry) -> bool:
    """Reviewed = human-approved: translated, not fuzzy, not obsolete. Re-runs never touch these."""
    return bool(entry.msgstr) and "fuzzy" not in entry.flags and not entry.obsolete


def is_machine(entry: polib.POEntry) -> bool:
    """Machine output awaiting review: fuzzy with a msgstr."""
    return bool(entry.msgstr) and "fuzzy" in entry.flags and not entry.obsolete


def tag_line(tag: str, value: str) -> str:
    """One extracted-comment line for a tag (no newlines allowed in value)."""
    return f"{tag}: {' '.join(value.split())}"


def tag_values(entry: polib.POEntry, tag: str) -> list[str]:
    """All values of ``tag`` in the entry's extracted comments, in order."""
    prefix = f"{tag}:"
    values = []
    for line in (entry.comment or "").splitlines():
        line = line.strip()
        if line.startswith(prefix) and not line.startswith(prefix + "-"):
            values.append(line[len(prefix):].strip())
    return values


def has_tag(entry: polib.POEntry, tag: str) -> bool:
    return bool(tag_values(entry, tag))


def term_pair(value: str) -> tuple[str, str]:
    """Split a ``kz-term`` / ``kz-term-missing`` value ``KK = TARGET`` into its two sides."""
    kk, _, target = value.partition(" = ")
    return kk.strip(), target.strip()
