"""Merge a fresh template into an existing PO file the way ``msgmerge`` does, never losing human work.

For each template entry (one per unique source sentence, in article order):

* same msgid in the old file (active or obsolete) -> the old entry is kept: msgstr, flags, translator
  comments (``# ...``, our ``# kz-`` state lines included), previous msgid stay as they are; what the
  *source* decides is taken from the template: references (``#:``) and every extracted comment
  (``#.``), exactly as msgmerge does, so a PO's ``#.`` lines are always its POT's. When those did not
  change, the entry object is reused untouched, so it is written back byte for byte. An obsolete
  entry whose sentence came back is revived as it was. (Files written before the state moved to
  translator comments have ``#. kz-mt``/``#. kz-tm`` lines: they move to ``# kz-`` lines here.)
* a new msgid that closely resembles (:data:`~kztranslate.po.memory.FUZZY_THRESHOLD`) the msgid of a
  *reviewed* entry that disappeared -> that translation as a fuzzy suggestion with ``#| msgid``.
  (Suggesting from unreviewed machine output would be worse than translating the new sentence.)
* otherwise -> untranslated, for the translation memory and the engine to fill.

Old entries whose sentence disappeared become obsolete (``#~``) when they have a translation; empty
ones are dropped. The header (translator-edited fields, header comment) is kept; only
POT-Creation-Date follows the template.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polib

from kztranslate.po.entries import STATE_TAGS, category, is_reviewed, set_state, state, tag_values
from kztranslate.po.memory import FUZZY_THRESHOLD, best_match


@dataclass
class MergeResult:
    po: polib.POFile
    kept: int = 0
    revived: int = 0
    suggested: int = 0
    obsoleted: int = 0
    refreshed: list[str] = field(default_factory=list)


def _fresh(t: polib.POEntry) -> polib.POEntry:
    return polib.POEntry(msgid=t.msgid, msgstr="", occurrences=list(t.occurrences), comment=t.comment, flags=[])


def _migrate_state(old: polib.POEntry) -> None:
    """Legacy ``#. kz-mt``/``#. kz-tm`` lines -> a ``# kz-`` state line, only while they still say
    what the entry is (a reviewed entry's translator comment is never touched)."""
    legacy = any(tag_values(old, tag) for tag in STATE_TAGS)
    current = state(old)
    if legacy and current is not None and category(old) in ("mt", "tm"):
        set_state(old, *current)


def _refresh(old: polib.POEntry, t: polib.POEntry) -> tuple[polib.POEntry, bool]:
    """The old entry with the template's references and extracted comments; (entry, changed?)."""
    if old.occurrences == t.occurrences and (old.comment or "") == (t.comment or "") and not old.obsolete:
        return old, False
    _migrate_state(old)
    old.occurrences = list(t.occurrences)
    old.comment = t.comment
    old.obsolete = False
    return old, True


def merge(template: polib.POFile, old: polib.POFile | None, new: polib.POFile) -> MergeResult:
    """Fill ``new`` (a PO with a fresh header for the target) from ``template`` and ``old``.

    ``new``'s header is replaced by ``old``'s when there is one (humans edit Last-Translator,
    Language-Team, the header comment), with POT-Creation-Date from the template and any missing
    required field filled from ``new``'s defaults.
    """
    result = MergeResult(new)
    if old is None:
        for t in template:
            new.append(_fresh(t))
        return result
    defaults = dict(new.metadata)
    new.header = old.header
    new.metadata = dict(old.metadata)
    for key, value in defaults.items():
        if not new.metadata.get(key):
            new.metadata[key] = value
    if template.metadata.get("POT-Creation-Date"):
        new.metadata["POT-Creation-Date"] = template.metadata["POT-Creation-Date"]
    new.metadata_is_fuzzy = old.metadata_is_fuzzy

    wanted = {t.msgid for t in template}
    active = {e.msgid: e for e in old if not e.obsolete and not e.msgctxt}
    obsolete = {e.msgid: e for e in old if e.obsolete and not e.msgctxt}
    # Reviewed translations whose sentence is gone: the pool for msgmerge-style suggestions.
    gone = [e for e in old if is_reviewed(e) and e.msgid not in wanted and not e.msgctxt]
    gone += [e for e in old if e.obsolete and e.msgstr and "fuzzy" not in e.flags and e.msgid not in wanted and not e.msgctxt]
    gone_by_id: dict[str, polib.POEntry] = {}
    for e in gone:
        gone_by_id.setdefault(e.msgid, e)
    gone_ids = list(gone_by_id)

    for t in template:
        prev = active.get(t.msgid) or obsolete.get(t.msgid)
        if prev is not None:
            was_obsolete = prev.obsolete
            entry, changed = _refresh(prev, t)
            result.kept += 1
            result.revived += was_obsolete
            if changed:
                result.refreshed.append(t.msgid)
            new.append(entry)
            continue
        entry = _fresh(t)
        match = best_match(t.msgid, gone_ids, FUZZY_THRESHOLD)
        if match is not None:
            source = gone_by_id[match[0]]
            entry.msgstr = source.msgstr
            entry.flags = ["fuzzy"]
            entry.previous_msgid = source.msgid
            result.suggested += 1
        new.append(entry)

    for e in old:
        if e.msgctxt or e.msgid in wanted:
            if e.msgctxt:
                new.append(e)  # not ours (an editor added a context): keep it as it is
            continue
        if e.obsolete:
            new.append(e)
        elif e.msgstr:
            e.obsolete = True
            e.occurrences = []
            new.append(e)
            result.obsoleted += 1
    return result
