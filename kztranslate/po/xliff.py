"""PO <-> XLIFF 2.0 for CAT tools that do not read PO, without losing anything on the way back.

XLIFF 2.0 core has a place for source, target and a review state, but none for gettext's flags,
previous msgid, context, references or the split between translator and extracted comments. Those
travel as unit ``<note category="kz-...">`` elements (core XLIFF, so every tool keeps and shows
them), and the PO header as file-level notes. translate-toolkit's ``xliff2`` store models generic
units, not this PO mapping, so the mapping is written here with lxml; round trips are tested.

State mapping (``<segment state>``): no translation -> ``initial``; machine translation (fuzzy)
-> ``translated``; reviewed -> ``reviewed``. Back to PO: ``reviewed``/``final`` -> not fuzzy,
``translated``/``initial`` with a target -> fuzzy. So a CAT tool that approves a segment
(state reviewed/final) makes it reviewed in PO; every other flag comes back from its note.
"""

from __future__ import annotations

import json
from pathlib import Path

import polib

from kztranslate.errors import InputError

NS = "urn:oasis:names:tc:xliff:document:2.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SOURCE_LANG = "kk"


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _add_notes(parent, notes: list[tuple[str, str]]) -> None:
    from lxml import etree

    if not notes:
        return
    container = etree.SubElement(parent, _q("notes"))
    for category, text in notes:
        note = etree.SubElement(container, _q("note"), category=category)
        note.text = text


def _entry_notes(entry: polib.POEntry) -> list[tuple[str, str]]:
    notes: list[tuple[str, str]] = []
    if entry.comment:
        notes.append(("kz-extracted", entry.comment))
    if entry.tcomment:
        notes.append(("kz-translator", entry.tcomment))
    if entry.msgctxt is not None:
        notes.append(("kz-msgctxt", entry.msgctxt))
    if entry.occurrences:
        notes.append(("kz-references", json.dumps([list(o) for o in entry.occurrences], ensure_ascii=False)))
    if entry.flags:
        notes.append(("kz-flags", json.dumps(list(entry.flags), ensure_ascii=False)))
    for name in ("previous_msgctxt", "previous_msgid", "previous_msgid_plural"):
        value = getattr(entry, name)
        if value is not None:
            notes.append(("kz-" + name.replace("_", "-"), value))
    if entry.msgid_plural:
        notes.append(("kz-msgid-plural", entry.msgid_plural))
    if entry.obsolete:
        notes.append(("kz-obsolete", "1"))
    return notes


def _state(entry: polib.POEntry, has_target: bool) -> str:
    if not has_target:
        return "initial"
    return "translated" if "fuzzy" in entry.flags else "reviewed"


def po_to_xliff(po: polib.POFile, *, target_lang: str, original: str) -> bytes:
    """An XLIFF 2.0 document holding every entry of ``po`` (obsolete ones as translate="no")."""
    from lxml import etree

    root = etree.Element(_q("xliff"), nsmap={None: NS}, version="2.0", srcLang=SOURCE_LANG, trgLang=target_lang)
    file_el = etree.SubElement(root, _q("file"), id="f1", original=original)
    file_el.set(f"{{{XML_NS}}}space", "preserve")
    file_notes = [("kz-po-metadata", json.dumps(list(po.metadata.items()), ensure_ascii=False))]
    if po.header:
        file_notes.append(("kz-po-header-comment", po.header))
    if po.metadata_is_fuzzy:
        file_notes.append(("kz-po-header-fuzzy", "1"))
    _add_notes(file_el, file_notes)
    for n, entry in enumerate((e for e in po), start=1):
        unit = etree.SubElement(file_el, _q("unit"), id=f"u{n}")
        if entry.obsolete:
            unit.set("translate", "no")
        _add_notes(unit, _entry_notes(entry))
        if entry.msgid_plural:
            forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)] or [""]
            pairs = [(entry.msgid if i == 0 else entry.msgid_plural, t) for i, t in enumerate(forms)]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for i, (source, target) in enumerate(pairs, start=1):
            seg = etree.SubElement(unit, _q("segment"), id=f"s{i}", state=_state(entry, bool(target)))
            etree.SubElement(seg, _q("source")).text = source
            if target:
                etree.SubElement(seg, _q("target")).text = target
    try:
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    except ValueError as exc:  # control characters XML 1.0 cannot hold
        raise InputError(f"{original}: cannot be written as XML ({exc})") from exc


def _notes(el) -> dict[str, str]:
    container = el.find(_q("notes"))
    if container is None:
        return {}
    return {n.get("category", ""): n.text or "" for n in container.findall(_q("note"))}


def xliff_to_po(data: bytes, name: str = "XLIFF") -> polib.POFile:
    """The PO file an XLIFF 2.0 document (from :func:`po_to_xliff`, possibly edited) stands for."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{name}: not well-formed XML ({exc.msg}, line {exc.lineno})") from exc
    if root.tag != _q("xliff") or root.get("version") != "2.0":
        raise InputError(f"{name}: not an XLIFF 2.0 document (root <{etree.QName(root).localname}> version {root.get('version')!r})")
    files = root.findall(_q("file"))
    if len(files) != 1:
        raise InputError(f"{name}: expected one <file>, found {len(files)}")
    file_el = files[0]
    po = polib.POFile(wrapwidth=0, encoding="utf-8")
    fnotes = _notes(file_el)
    try:
        po.metadata = dict(json.loads(fnotes.get("kz-po-metadata", "[]")))
    except (ValueError, TypeError) as exc:
        raise InputError(f"{name}: damaged kz-po-metadata note ({exc})") from exc
    if not po.metadata:
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": root.get("trgLang", "")}
    po.header = fnotes.get("kz-po-header-comment", "")
    po.metadata_is_fuzzy = fnotes.get("kz-po-header-fuzzy") == "1"
    for unit in file_el.findall(_q("unit")):
        notes = _notes(unit)
        segments = unit.findall(_q("segment"))
        if not segments:
            raise InputError(f"{name}: unit {unit.get('id')} has no segment")

        def text(seg, tag: str) -> str:
            el = seg.find(_q(tag))
            return "".join(el.itertext()) if el is not None else ""

        try:
            saved_flags = list(json.loads(notes.get("kz-flags", "[]")))
            occurrences = [tuple(o) for o in json.loads(notes.get("kz-references", "[]"))]
        except (ValueError, TypeError) as exc:
            raise InputError(f"{name}: unit {unit.get('id')}: damaged note ({exc})") from exc
        state = segments[0].get("state", "initial")
        targets = [text(s, "target") for s in segments]
        flags = saved_flags
        if any(targets):  # the segment state decides fuzzy; an empty entry keeps its saved flags
            fuzzy = state not in ("reviewed", "final")
            flags = [f for f in saved_flags if f != "fuzzy" or fuzzy]
            if fuzzy and "fuzzy" not in flags:
                flags.insert(0, "fuzzy")
        kwargs = dict(
            msgid=text(segments[0], "source"),
            comment=notes.get("kz-extracted", ""),
            tcomment=notes.get("kz-translator", ""),
            occurrences=occurrences,
            flags=flags,
            obsolete=notes.get("kz-obsolete") == "1",
        )
        if "kz-msgctxt" in notes:
            kwargs["msgctxt"] = notes["kz-msgctxt"]
        for key in ("previous_msgctxt", "previous_msgid", "previous_msgid_plural"):
            note = "kz-" + key.replace("_", "-")
            if note in notes:
                kwargs[key] = notes[note]
        if "kz-msgid-plural" in notes:
            kwargs["msgid_plural"] = notes["kz-msgid-plural"]
            kwargs["msgstr_plural"] = {i: t for i, t in enumerate(targets)}
        else:
            kwargs["msgstr"] = targets[0]
        po.append(polib.POEntry(**kwargs))
    return po


def export_xliff(po_path: Path, dest: Path) -> int:
    """Write ``po_path`` as XLIFF 2.0 to ``dest``; returns the number of units."""
    from kztranslate.qa.runner import read, target_language
    from kztranslate.textio import atomic_write

    po, problems = read(Path(po_path))
    if po is None:
        raise InputError(f"{po_path}: {problems[0].message}")
    lang = target_language(po, Path(po_path))
    if not lang:
        raise InputError(f"{po_path}: unknown target language (no Language header, not under OUT/<lang>/)")
    atomic_write(dest, po_to_xliff(po, target_lang=lang, original=Path(po_path).name))
    return len(po)


def import_xliff(xliff_path: Path, dest: Path) -> int:
    """Write the PO file an XLIFF 2.0 file stands for to ``dest``; returns the number of entries."""
    from kztranslate.textio import atomic_write

    try:
        data = Path(xliff_path).read_bytes()
    except OSError as exc:
        raise InputError(f"{xliff_path}: cannot read ({exc.strerror})") from exc
    po = xliff_to_po(data, str(xliff_path))
    atomic_write(dest, str(po) + "\n")
    return len(po)
