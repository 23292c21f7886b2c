"""Glossary interchange: TBX-Basic (OmegaT, Weblate, memoQ, Trados read it) and CSV.

Why our own writer instead of translate-toolkit's ``tbxfile``: the toolkit models a source/target
pair per unit, while one glossary entry is a *concept* with three languages, entry-level fields
(subject field, note, source) and per-term status (the required translation is
``preferredTerm-admn-sts``, each forbidden variant a ``deprecatedTerm-admn-sts`` term). The XML
is small and standard, so the stdlib writes and reads it; the tests check that translate-toolkit
(an independent TBX reader) parses our export, sees the Kazakh, Russian and English terms and
recognises the forbidden variants as deprecated.

Round trip: ``export`` then ``import`` gives back the same TSV. Fields TBX-Basic has no category
for (our exact part of speech, the matcher flags) travel as ``<note>kz-pos: ...</note>`` /
``<note>kz-match: ...</note>``, which other tools show as plain notes.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from typing import Iterable

from kztranslate.errors import InputError
from kztranslate.glossary.model import COLUMNS, Term

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED = "preferredTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
_POS_TO_TBX = {"noun": "noun", "propn": "properNoun", "adj": "adjective", "vnoun": "noun", "phrase": "other"}
_TBX_TO_POS = {"noun": "noun", "properNoun": "propn", "adjective": "adj", "verb": "vnoun", "other": "phrase"}


def export_tbx(terms: Iterable[Term], title: str = "kztranslate civic glossary (kk/ru/en)") -> str:
    root = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: "kk"})
    header = ET.SubElement(root, "martifHeader")
    file_desc = ET.SubElement(header, "fileDesc")
    ET.SubElement(ET.SubElement(file_desc, "titleStmt"), "title").text = title
    ET.SubElement(ET.SubElement(file_desc, "sourceDesc"), "p").text = "Exported by kztranslate glossary export"
    ET.SubElement(ET.SubElement(header, "encodingDesc"), "p", {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for t in terms:
        entry = ET.SubElement(body, "termEntry", {"id": t.id})
        ET.SubElement(entry, "descrip", {"type": "subjectField"}).text = t.domain
        if t.note:
            ET.SubElement(entry, "note").text = t.note
        ET.SubElement(entry, "note").text = f"kz-pos: {t.pos}"
        if t.match:
            ET.SubElement(entry, "note").text = f"kz-match: {t.match}"
        if t.source:
            ET.SubElement(entry, "admin", {"type": "source"}).text = t.source
        for lang, preferred, forbidden in (("kk", t.kk, ()), ("ru", t.ru, t.forbidden_ru), ("en", t.en, t.forbidden_en)):
            lang_set = ET.SubElement(entry, "langSet", {XML_LANG: lang})
            _tig(lang_set, preferred, t.pos, PREFERRED)
            for variant in forbidden:
                _tig(lang_set, variant, t.pos, DEPRECATED)
    ET.indent(root, space="  ")
    body_xml = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n' + body_xml + "\n")


def _tig(parent: ET.Element, text: str, pos: str, status: str) -> None:
    tig = ET.SubElement(parent, "tig")
    ET.SubElement(tig, "term").text = text
    ET.SubElement(tig, "termNote", {"type": "partOfSpeech"}).text = _POS_TO_TBX.get(pos, "other")
    ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""  # lxml entity nodes: not elements


def import_tbx(data: str | bytes) -> list[Term]:
    """Read TBX (ours or another tool's TBX-Basic) into terms. Entries lacking kk, ru or en are
    rejected with a one-line error naming the entry, since the glossary needs all three."""
    from lxml import etree

    from kztranslate.xmlsafe import safe_parser

    try:  # the hardened parser TMX and XLIFF use (no entities, no DTD, no network)
        root = etree.fromstring(data.encode("utf-8") if isinstance(data, str) else data, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(f"not a well-formed TBX file: {exc.msg} (line {exc.lineno})") from None
    except ValueError as exc:  # a str with an encoding declaration
        raise InputError(f"not a well-formed TBX file: {exc}") from None
    if _local(root.tag) not in ("martif", "tbx"):
        raise InputError(f"not a TBX file (root element <{_local(root.tag)}>)")
    terms: list[Term] = []
    for n, entry in enumerate(e for e in root.iter() if _local(e.tag) in ("termEntry", "conceptEntry")):
        fields = {"id": entry.get("id") or f"entry-{n + 1}", "domain": "", "note": "", "pos": "", "match": "", "source": ""}
        notes: list[str] = []
        langs: dict[str, tuple[str, list[str]]] = {}
        tbx_pos = ""
        for child in entry:
            tag = _local(child.tag)
            text = " ".join((child.text or "").split())
            if tag == "descrip" and child.get("type") == "subjectField":
                fields["domain"] = text
            elif tag == "note":
                if text.startswith("kz-pos:"):
                    fields["pos"] = text.split(":", 1)[1].strip()
                elif text.startswith("kz-match:"):
                    fields["match"] = text.split(":", 1)[1].strip()
                elif text:
                    notes.append(text)
            elif tag == "admin" and child.get("type") == "source":
                fields["source"] = text
            elif tag == "langSet":
                lang = (child.get(XML_LANG) or child.get("lang") or "").split("-")[0].lower()
                preferred, forbidden = "", []
                for tig in child:
                    if _local(tig.tag) not in ("tig", "ntig", "termSec"):
                        continue
                    term_text, status = "", ""
                    for node in tig.iter():
                        name = _local(node.tag)
                        if name == "term":
                            term_text = " ".join("".join(node.itertext()).split())
                        elif name == "termNote" and node.get("type") == "administrativeStatus":
                            status = (node.text or "").strip()
                        elif name == "termNote" and node.get("type") == "partOfSpeech" and not tbx_pos:
                            tbx_pos = (node.text or "").strip()
                    if not term_text:
                        continue
                    if status.lower().startswith(("deprecated", "superseded")):
                        forbidden.append(term_text)
                    elif not preferred:
                        preferred = term_text
                langs[lang] = (preferred, forbidden)
        missing = [lang for lang in ("kk", "ru", "en") if not langs.get(lang, ("", []))[0]]
        if missing:
            raise InputError(f"TBX entry {fields['id']!r} has no {'/'.join(missing)} term (the glossary needs kk, ru and en)")
        terms.append(Term(
            id=fields["id"], kk=langs["kk"][0], ru=langs["ru"][0], en=langs["en"][0],
            pos=fields["pos"] or _TBX_TO_POS.get(tbx_pos, "noun"), domain=fields["domain"], match=fields["match"],
            forbidden_ru=tuple(langs["ru"][1]), forbidden_en=tuple(langs["en"][1]),
            note=" ".join(notes), source=fields["source"],
        ))
    if not terms:
        raise InputError("TBX file has no term entries")
    return terms


def export_csv(terms: Iterable[Term]) -> str:
    """RFC 4180 CSV with the TSV's columns (forbidden variants joined by ';')."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for t in terms:
        writer.writerow([t.id, t.kk, t.ru, t.en, t.pos, t.domain, t.match, ";".join(t.forbidden_ru), ";".join(t.forbidden_en), t.note, t.source])
    return buf.getvalue()
