"""The one place that decides what a PO entry means: its category, and our comment tags.

Two kinds of ``kz-`` lines, kept where gettext tools keep them (docs/po-format.md has the why):

Source facts, derived from the Kazakh article, are extracted comments (``#.``). The POT carries
them, so ``msgmerge``/Weblate copy them into every PO and a PO's ``#.`` lines are always exactly
its POT's. Editors show them as "Notes for translators".

* ``#. kz-position: P.S``        paragraph P, sentence S (0-based; one line per occurrence)
* ``#. kz-kind: heading``        the sentence is a heading paragraph
* ``#. kz-sep: newline``         the sentence starts on a new line inside its paragraph (layout)
* ``#. kz-term-LANG: KK = TARGET`` a glossary term found in the source and its required LANG
  translation (one line per target language the project knows, in the POT and in every PO)
* ``#. kz-latin: TEXT``          the source was Latin-script Kazakh; TEXT is its Cyrillic form
* ``#. kz-arabic: TEXT``         the source was Arabic-script Kazakh (töte jazu); TEXT is the Cyrillic sent to MT
* ``#. kz-copied: LANG``         the paragraph is in LANG (not Kazakh) and was copied through; ``zxx``
                                 (ISO 639 "no linguistic content"): a sentence of only numbers, times,
                                 dates, symbols or links, copied as written

Machine state of one language's translation is a translator comment (``#``) with the reserved
prefix ``kz-``: every gettext tool keeps translator comments (msgmerge drops custom flags and takes
``#.`` from the POT). Each state line ends with the fingerprint of the msgid and msgstr it
describes (:func:`fingerprint`), so once a person changes the translation the line no longer
applies and the entry is theirs. Lines are at most :data:`STATE_WIDTH` columns, so no tool wraps them.

* ``# kz-mt: ROUTE FP``          machine translation (route and models), awaiting review
* ``# kz-tm: exact FP`` / ``# kz-tm: fuzzy 86% FP``  filled from the translation memory

Every other translator comment belongs to humans and is never written or changed by us.
Tag parsing accepts lines that a tool wrapped (polib wraps comments at 78 columns by default).
"""

from __future__ import annotations

import hashlib
import re

import polib

TAG_POSITION = "kz-position"
TAG_KIND = "kz-kind"
TAG_SEP = "kz-sep"
TAG_TERM = "kz-term"  # + "-LANG": see term_tag()
TAG_MT = "kz-mt"
TAG_TM = "kz-tm"
TAG_LATIN = "kz-latin"
TAG_ARABIC = "kz-arabic"
TAG_COPIED = "kz-copied"
STATE_TAGS = (TAG_MT, TAG_TM)
STATE_WIDTH = 76  # polib wraps a comment line longer than 78 columns with its "# " prefix

CATEGORIES = ("reviewed", "tm", "mt", "fuzzy", "untranslated", "copied")

_TAG_START = re.compile(r"^kz-[a-z]+(?:-[a-z]+)*:")


def term_tag(lang: str) -> str:
    """The tag of the glossary terms required in ``lang``: ``kz-term-ru``."""
    return f"{TAG_TERM}-{lang}"


def is_reviewed(entry: polib.POEntry) -> bool:
    """Approved: translated, not fuzzy, not obsolete. Re-runs never touch these, and the translation
    memory reuses them. (Who approved it, a person or the memory, is :func:`category`'s business.)"""
    return bool(entry.msgstr) and "fuzzy" not in entry.flags and not entry.obsolete


def tag_line(tag: str, value: str) -> str:
    """One comment line for a tag (whitespace in ``value`` collapsed to single spaces)."""
    return f"{tag}: {' '.join(value.split())}"


def logical_lines(text: str | None) -> list[str]:
    """Comment lines with the pieces of a wrapped tag line joined again.

    A line that does not start a tag (``kz-...:``) continues the tag line before it. Tools wrap at a
    space (joined with one) or after a hyphen inside a word (joined without one).
    """
    out: list[str] = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if out and out[-1].startswith("kz-") and line and not _TAG_START.match(line):
            prev = out[-1]
            glue = "" if prev.endswith("-") and len(prev) > 1 and prev[-2].isalnum() else " "
            out[-1] = prev + glue + line
        else:
            out.append(line)
    return out


def _values(text: str | None, tag: str) -> list[str]:
    prefix = f"{tag}:"
    return [ln[len(prefix):].strip() for ln in logical_lines(text) if ln.startswith(prefix)]


def tag_values(entry: polib.POEntry, tag: str) -> list[str]:
    """All values of ``tag`` in the entry's extracted comments (``#.``), in order."""
    return _values(entry.comment, tag)


def has_tag(entry: polib.POEntry, tag: str) -> bool:
    return bool(tag_values(entry, tag))


def term_pair(value: str) -> tuple[str, str]:
    """Split a ``kz-term-LANG`` value ``KK = TARGET`` into its two sides."""
    kk, _, target = value.partition(" = ")
    return kk.strip(), target.strip()


# --- machine state (translator comments with the reserved prefix) ------------------------------

def fingerprint(entry: polib.POEntry) -> str:
    """8 hex digits of the msgid and msgstr a state line describes: a person's edit (or a tool's
    fuzzy match onto another msgid) changes it, so the stale line stops applying."""
    data = f"{entry.msgid}\0{entry.msgstr}".encode("utf-8")
    return hashlib.sha1(data).hexdigest()[:8]


def is_state_line(line: str) -> bool:
    return line.strip().startswith(tuple(f"{t}:" for t in STATE_TAGS))


def human_comment(entry: polib.POEntry) -> str:
    """The translator comment without our reserved state lines."""
    return "\n".join(ln for ln in (entry.tcomment or "").split("\n") if not is_state_line(ln))


def state_line(tag: str, value: str, entry: polib.POEntry) -> str:
    """``TAG: VALUE FP``, shortened (with "…") to fit :data:`STATE_WIDTH` columns with its "# "."""
    fp = fingerprint(entry)
    value = " ".join(value.split())
    room = STATE_WIDTH - len("# ") - len(f"{tag}: ") - len(f" {fp}")
    if len(value) > room:
        value = value[: room - 1].rstrip() + "…"
    return f"{tag}: {value} {fp}"


def set_state(entry: polib.POEntry, tag: str, value: str) -> None:
    """Replace our state lines in the translator comment by one ``tag`` line for the current msgstr
    (human lines are kept as they are, in their order, before ours)."""
    human = human_comment(entry)
    line = state_line(tag, value, entry)
    entry.tcomment = f"{human}\n{line}" if human else line


def state(entry: polib.POEntry) -> tuple[str, str] | None:
    """(tag, value) of the state line that still describes the entry, else None.

    Legacy files (state in ``#. kz-mt``/``#. kz-tm`` without a fingerprint) are read as before.
    """
    for tag in STATE_TAGS:
        for value in _values(entry.tcomment, tag):
            head, _, fp = value.rpartition(" ")
            if fp == fingerprint(entry):
                return tag, head
        for value in tag_values(entry, tag):
            return tag, value
    return None


def category(entry: polib.POEntry) -> str:
    """reviewed / tm / mt / fuzzy / untranslated / copied: the same on every re-run until a person
    changes the entry (see the module docstring)."""
    if not entry.msgstr:
        return "copied" if has_tag(entry, TAG_COPIED) else "untranslated"
    fuzzy = "fuzzy" in entry.flags
    tag, value = state(entry) or ("", "")
    if tag == TAG_TM and value.startswith("exact") != fuzzy:
        return "tm"  # an exact hit as reused, or a close hit still offered as a suggestion
    if not fuzzy:
        return "reviewed"  # including a suggestion a person approved (cleared fuzzy)
    return "mt" if tag == TAG_MT else "fuzzy"


COUNT_KEYS = (*CATEGORIES, "flagged", "obsolete")


def counts(po: polib.POFile, target: str | None = None, glossary=None) -> dict[str, int]:
    """Entries of one PO file per :func:`category`, plus ``flagged`` (translations that break the
    glossary, recomputed from the msgid; needs ``target`` ru/en and the glossary, else 0) and
    ``obsolete``. What ``translate`` reports and ``stats`` prints."""
    from kztranslate.glossary.enforce import entry_terms, violations

    c = dict.fromkeys(COUNT_KEYS, 0)
    for e in po:
        if e.obsolete:
            c["obsolete"] += 1
            continue
        if not e.msgid and not e.msgctxt:
            continue
        c[category(e)] += 1
        if glossary is not None and target in ("ru", "en") and e.msgstr and violations(entry_terms(glossary, e), e.msgstr, target):
            c["flagged"] += 1
    return c
