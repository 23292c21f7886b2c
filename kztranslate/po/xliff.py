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

XLIFF 1.2 is written too (:func:`po_to_xliff12`), with the same notes (``<note from="kz-...">``),
because 2.0 support in CAT tools is still thin and 1.2 is what they all read. (Debian's OmegaT 3.6,
tried here, finds no segments in a 2.0 file; its built-in 1.x filter reads 1.2 but translates the
text of ``<target>``, i.e. expects targets pre-filled with the source, so OmegaT users should read
XLIFF through its Okapi filter plugin, or simply translate the PO, which OmegaT reads.) 1.2 states: no translation -> no ``<target>``;
machine translation -> ``approved="no"``, ``state="needs-review-translation"``; reviewed ->
``approved="yes"``, ``state="final"``. Back to PO: ``approved="yes"`` or state ``final`` /
``signed-off`` -> reviewed. Plural entries are a ``<group restype="x-gettext-plurals">`` with one
trans-unit per form (translate-toolkit's convention).
"""

from __future__ import annotations

import json
from pathlib import Path

import polib

from kztranslate.errors import InputError, OutputError
from kztranslate.textio import one_line

NS = "urn:oasis:names:tc:xliff:document:2.0"
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
VERSIONS = ("2.0", "1.2")
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


def _q12(tag: str) -> str:
    return f"{{{NS12}}}{tag}"


def _add_notes12(parent, notes: list[tuple[str, str]]) -> None:
    from lxml import etree

    for category, text in notes:
        etree.SubElement(parent, _q12("note"), attrib={"from": category}).text = text


def _trans_unit12(parent, uid: str, entry: polib.POEntry, source: str, target: str, notes: list[tuple[str, str]]):
    from lxml import etree

    unit = etree.SubElement(parent, _q12("trans-unit"), id=uid)
    if entry.obsolete:
        unit.set("translate", "no")
    reviewed = bool(target) and "fuzzy" not in entry.flags
    unit.set("approved", "yes" if reviewed else "no")
    etree.SubElement(unit, _q12("source")).text = source
    if target:
        etree.SubElement(unit, _q12("target"), state="final" if reviewed else "needs-review-translation").text = target
    _add_notes12(unit, notes)  # 1.2 wants notes after source/target
    return unit


def po_to_xliff12(po: polib.POFile, *, target_lang: str, original: str) -> bytes:
    """An XLIFF 1.2 document holding every entry of ``po``, for CAT tools without XLIFF 2.0."""
    from lxml import etree

    root = etree.Element(_q12("xliff"), nsmap={None: NS12}, version="1.2")
    file_el = etree.SubElement(root, _q12("file"), original=original, datatype="po")
    file_el.set("source-language", SOURCE_LANG)
    file_el.set("target-language", target_lang)
    file_el.set(f"{{{XML_NS}}}space", "preserve")
    header = etree.SubElement(file_el, _q12("header"))
    file_notes = [("kz-po-metadata", json.dumps(list(po.metadata.items()), ensure_ascii=False))]
    if po.header:
        file_notes.append(("kz-po-header-comment", po.header))
    if po.metadata_is_fuzzy:
        file_notes.append(("kz-po-header-fuzzy", "1"))
    _add_notes12(header, file_notes)
    body = etree.SubElement(file_el, _q12("body"))
    for n, entry in enumerate((e for e in po), start=1):
        notes = _entry_notes(entry)
        if entry.msgid_plural:
            group = etree.SubElement(body, _q12("group"), id=f"u{n}", restype="x-gettext-plurals")
            if entry.obsolete:
                group.set("translate", "no")
            _add_notes12(group, notes)
            forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)] or [""]
            for i, target in enumerate(forms):
                _trans_unit12(group, f"u{n}[{i}]", entry, entry.msgid if i == 0 else entry.msgid_plural, target, [])
        else:
            _trans_unit12(body, f"u{n}", entry, entry.msgid, entry.msgstr, notes)
    try:
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    except ValueError as exc:  # control characters XML 1.0 cannot hold
        raise InputError(f"{original}: cannot be written as XML ({exc})") from exc


def _notes(el) -> dict[str, str]:
    container = el.find(_q("notes"))
    if container is None:
        return {}
    return {n.get("category", ""): n.text or "" for n in container.findall(_q("note"))}


def _entry(notes: dict[str, str], sources: list[str], targets: list[str], reviewed: bool, name: str, uid: str) -> polib.POEntry:
    """Rebuild one PO entry from its notes, segment texts and the CAT tool's approval."""
    try:
        saved_flags = [str(f) for f in json.loads(notes.get("kz-flags", "[]"))]
        occurrences = [tuple(str(x) for x in o) for o in json.loads(notes.get("kz-references", "[]"))]
    except (ValueError, TypeError) as exc:
        raise InputError(f"{name}: unit {uid}: damaged note ({exc})") from exc
    # Notes edited in a CAT tool may hold newlines: a reference or a flag is one PO line, so each is
    # flattened (references: control characters become '?', spaces NBSP as in `translate`; flags:
    # split at commas and whitespace) rather than writing a PO file msgfmt rejects.
    occurrences = [tuple(one_line(x).replace(" ", "\u00a0") for x in o) for o in occurrences]
    saved_flags = list(dict.fromkeys(f for raw in saved_flags for f in raw.replace(",", " ").split()))
    flags = saved_flags
    if any(targets):  # the approval decides fuzzy; an empty entry keeps its saved flags
        fuzzy = not reviewed
        flags = [f for f in saved_flags if f != "fuzzy" or fuzzy]
        if fuzzy and "fuzzy" not in flags:
            flags.insert(0, "fuzzy")
    kwargs = dict(
        msgid=sources[0],
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
    return polib.POEntry(**kwargs)


def _new_po(fnotes: dict[str, str], target_lang: str, name: str) -> polib.POFile:
    po = polib.POFile(wrapwidth=0, encoding="utf-8")
    try:
        po.metadata = dict(json.loads(fnotes.get("kz-po-metadata", "[]")))
    except (ValueError, TypeError) as exc:
        raise InputError(f"{name}: damaged kz-po-metadata note ({exc})") from exc
    if not po.metadata:
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": target_lang}
    po.header = fnotes.get("kz-po-header-comment", "")
    po.metadata_is_fuzzy = fnotes.get("kz-po-header-fuzzy") == "1"
    return po


def xliff_to_po(data: bytes, name: str = "XLIFF") -> polib.POFile:
    """The PO file an XLIFF 2.0 or 1.2 document (ours, possibly edited in a CAT tool) stands for."""
    from lxml import etree

    from kztranslate.xmlsafe import safe_parser

    parser = safe_parser()
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{name}: not well-formed XML ({exc.msg}, line {exc.lineno})") from exc
    if root.tag == _q("xliff") and root.get("version") == "2.0":
        return _xliff20_to_po(root, name)
    if root.tag == _q12("xliff") and root.get("version") == "1.2":
        return _xliff12_to_po(root, name)
    raise InputError(f"{name}: not an XLIFF 2.0 or 1.2 document (root <{etree.QName(root).localname}> version {root.get('version')!r})")


def _xliff20_to_po(root, name: str) -> polib.POFile:
    files = root.findall(_q("file"))
    if len(files) != 1:
        raise InputError(f"{name}: expected one <file>, found {len(files)}")
    file_el = files[0]
    po = _new_po(_notes(file_el), root.get("trgLang", ""), name)
    for unit in file_el.findall(_q("unit")):
        segments = unit.findall(_q("segment"))
        if not segments:
            raise InputError(f"{name}: unit {unit.get('id')} has no segment")

        def text(seg, tag: str) -> str:
            el = seg.find(_q(tag))
            return "".join(el.itertext()) if el is not None else ""

        reviewed = segments[0].get("state", "initial") in ("reviewed", "final")
        po.append(_entry(_notes(unit), [text(s, "source") for s in segments], [text(s, "target") for s in segments], reviewed, name, str(unit.get("id"))))
    return po


def _notes12(el) -> dict[str, str]:
    return {n.get("from", ""): n.text or "" for n in el.findall(_q12("note"))}


def _xliff12_to_po(root, name: str) -> polib.POFile:
    files = root.findall(_q12("file"))
    if len(files) != 1:
        raise InputError(f"{name}: expected one <file>, found {len(files)}")
    file_el = files[0]
    header = file_el.find(_q12("header"))
    po = _new_po(_notes12(header) if header is not None else {}, file_el.get("target-language", ""), name)
    body = file_el.find(_q12("body"))
    if body is None:
        raise InputError(f"{name}: <file> has no <body>")

    def text(unit, tag: str) -> str:
        el = unit.find(_q12(tag))
        return "".join(el.itertext()) if el is not None else ""

    def approved(unit) -> bool:
        target = unit.find(_q12("target"))
        state = target.get("state", "") if target is not None else ""
        return unit.get("approved") == "yes" or state in ("final", "signed-off")

    for child in body:
        if child.tag == _q12("trans-unit"):
            po.append(_entry(_notes12(child), [text(child, "source")], [text(child, "target")], approved(child), name, str(child.get("id"))))
        elif child.tag == _q12("group"):
            units = child.findall(_q12("trans-unit"))
            if not units:
                raise InputError(f"{name}: group {child.get('id')} has no trans-unit")
            reviewed = all(approved(u) for u in units)
            po.append(_entry(_notes12(child), [text(u, "source") for u in units], [text(u, "target") for u in units], reviewed, name, str(child.get("id"))))
    return po


def _xml_unsafe(text: str) -> bool:
    """True when ``text`` holds a character XML 1.0 forbids (C0 controls other than tab/LF/CR)."""
    return any(ord(c) < 32 and c not in "\t\n\r" for c in text)


def export_xliff(po_path: Path, dest: Path, version: str = "2.0") -> int:
    """Write ``po_path`` as XLIFF ``version`` (2.0 or 1.2) to ``dest``; returns the number of units."""
    from kztranslate.po.catalog import read_po
    from kztranslate.po.catalog import po_language as target_language
    from kztranslate.textio import write_output

    po = read_po(po_path)
    lang = target_language(po, Path(po_path))
    if not lang:
        raise InputError(f"{po_path}: unknown target language (no Language header, not under OUT/<lang>/)")
    if version not in VERSIONS:
        raise InputError(f"XLIFF version {version!r}: choose one of {', '.join(VERSIONS)}")
    writer = po_to_xliff if version == "2.0" else po_to_xliff12
    try:
        document = writer(po, target_lang=lang, original=Path(po_path).name)
    except ValueError as exc:  # lxml refuses control characters (XML 1.0 cannot hold them) when a text is set
        bad = next((e for e in po if _xml_unsafe(e.msgid + e.msgstr + "".join(e.msgstr_plural.values()))), None)
        where = f" (entry {bad.msgid[:40]!r})" if bad is not None else ""
        raise InputError(f"{po_path}: holds a control character XML cannot carry{where}; remove it from the PO file first") from exc
    write_output(dest, document)
    return len(po)


def _without_duplicates(po: polib.POFile, name: str) -> polib.POFile:
    """``po`` with repeated units merged: msgfmt rejects a PO file that defines one message twice.

    A repeat with the same translation is dropped; one with a different translation is refused with
    one line (which one the reviewer meant cannot be guessed). Obsolete entries are compared among
    themselves only, as msgfmt does.
    """
    seen: dict[tuple, polib.POEntry] = {}
    kept = []
    for e in po:
        key = (e.obsolete, e.msgctxt, e.msgid)
        first = seen.get(key)
        if first is None:
            seen[key] = e
            kept.append(e)
        elif (first.msgstr, first.msgstr_plural) != (e.msgstr, e.msgstr_plural):
            shown = e.msgid if len(e.msgid) <= 40 else e.msgid[:37] + "..."
            raise InputError(f"{name}: two units hold the same source {shown!r} with different translations; keep one and import again")
    del po[:]
    po.extend(kept)
    return po


def import_xliff(xliff_path: Path, dest: Path | None) -> tuple[Path, int]:
    """Write the PO file an XLIFF 2.0 or 1.2 file stands for; returns (where, number of entries).

    ``dest`` None: beside the XLIFF (``x.xlf`` -> ``x.po``), but never over an existing file, which
    is usually the article's own PO with reviews made since the export: that needs an explicit
    ``-o``. The result always passes ``msgfmt -c`` (duplicates merged, notes flattened).
    """
    from kztranslate.po.catalog import render
    from kztranslate.textio import write_output

    try:
        data = Path(xliff_path).read_bytes()
    except OSError as exc:
        raise InputError(f"{xliff_path}: cannot read ({exc.strerror})") from exc
    po = _without_duplicates(xliff_to_po(data, str(xliff_path)), str(xliff_path))
    if dest is None:
        dest = Path(xliff_path).with_suffix(".po")
        if dest.exists() or dest.is_symlink():
            raise OutputError(f"{dest} exists (the article's PO file?); not overwritten: pass -o {dest} to replace it, or -o NEW.po")
    write_output(dest, render(po))  # the one PO layout, through the one -o helper
    return dest, len(po)
