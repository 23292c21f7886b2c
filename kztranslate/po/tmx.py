"""Translation memory interchange: reviewed PO pairs <-> TMX 1.4 (kk -> ru/en).

Export writes with translate-toolkit's TMX store (``translate.storage.tmx``), which emits the
``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` header, the required ``<header>`` attributes and ``xml:lang``
on every ``<tuv>``, i.e. what OmegaT, Trados and memoQ import. Import reads TMX with lxml directly
(entities and network off) because files from CAT tools carry tuvs in any order, with region codes
(``ru-RU``) and inline codes (``<bpt>``, ``<ph>``) that must be dropped from the text.

Imported pairs go to ``OUT/.tm/<lang>.po`` as reviewed (non-fuzzy) entries: the PO workflow's
translation memory reads every reviewed entry under ``OUT/<lang>/`` plus that file. Import merges
into an existing file (a pair for a sentence already there replaces its translation; everything else
is kept) and writes through the project's one PO writer (atomic, our wrapping).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import polib

from kztranslate.errors import InputError
from kztranslate.po.catalog import WRAPWIDTH, read_po, write_po
from kztranslate.po.memory import TM_DIR
from kztranslate.safepath import inside
from kztranslate.textio import ensure_unchanged, file_identity, write_output

SOURCE_LANG = "kk"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_INLINE_CODES = {"bpt", "ept", "ph", "it", "ut"}  # their content is markup, not text


def tm_path(out: Path, lang: str, what: str = "language") -> Path:
    """``OUT/.tm/<lang>.po``; ``lang`` comes from a TMX file or an option, so it is checked to stay inside OUT."""
    return inside(out, TM_DIR, f"{lang}.po", what=what)


def reviewed_pairs(out: Path, lang: str) -> list[tuple[str, str]]:
    """Unique reviewed (kk, target) pairs of ``OUT/<lang>/**.po`` then ``OUT/.tm/<lang>.po``, in path
    order: the translation memory's own files, read by the one strict PO reader. ``lang`` comes from
    an option or a TMX file: both places it names are checked to stay inside OUT first."""
    from kztranslate.po.memory import memory_files, reviewed_entries

    inside(out, lang, what="--lang")
    tm_path(out, lang, "--lang")
    pairs: dict[tuple[str, str], None] = {}
    for path in memory_files(out, lang):
        for msgid, msgstr, _ in reviewed_entries(path):
            pairs.setdefault((msgid, msgstr), None)
    return list(pairs)


def export_tmx(out: Path, langs: Iterable[str], dest: Path) -> int:
    """Write the reviewed pairs of ``langs`` as one TMX 1.4 file; returns the number of pairs.

    One ``<tu>`` per Kazakh sentence holds a ``<tuv>`` for each target language (the multilingual
    unit TMX was designed around), not one ``<tu>`` per pair: OmegaT (checked with 3.6, tm/auto)
    takes a unit's non-source variant whatever its language, so a file with separate kk+ru and
    kk+en units for the same sentence filled an English project with Russian. A sentence with two
    different reviewed translations in one language gets a second unit.
    """
    from kztranslate import __version__
    from translate.storage import tmx

    store = tmx.tmxfile(sourcelanguage=SOURCE_LANG)
    header = store.document.getroot().find("header")
    header.set("creationtool", "kztranslate")
    header.set("creationtoolversion", __version__)
    # source -> lang -> translations, in first-seen order
    grouped: dict[str, dict[str, list[str]]] = {}
    count = 0
    for lang in dict.fromkeys(langs):
        for source, target in reviewed_pairs(out, lang):
            grouped.setdefault(source, {}).setdefault(lang, []).append(target)
            count += 1
    for source, by_lang in grouped.items():
        for i in range(max(len(t) for t in by_lang.values())):
            unit = store.addsourceunit(source, SOURCE_LANG)
            for lang, targets in by_lang.items():
                if i < len(targets):
                    unit.settarget(targets[i], lang, append=True)
    write_output(dest, bytes(store))
    return count


def _base_lang(code: str) -> str:
    return code.strip().replace("_", "-").split("-")[0].lower()


def _seg_text(seg) -> str:
    parts = [seg.text or ""]
    for child in seg:
        tag = child.tag.split("}")[-1] if isinstance(child.tag, str) else ""
        if tag and tag not in _INLINE_CODES:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def read_tmx(path: Path) -> dict[str, list[tuple[str, str]]]:
    """target language -> [(kk, target)] from a TMX file (any version 1.x, tuvs in any order)."""
    from lxml import etree

    from kztranslate.xmlsafe import safe_parser

    parser = safe_parser()
    try:
        root = etree.parse(str(path), parser).getroot()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc})") from exc
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: not well-formed XML ({exc.msg}, line {exc.lineno})") from exc
    if root.tag != "tmx":
        raise InputError(f"{path}: not a TMX file (root element <{root.tag}>)")
    header = root.find("header")
    srclang = _base_lang(header.get("srclang", SOURCE_LANG)) if header is not None else SOURCE_LANG
    if srclang not in (SOURCE_LANG, "*all*"):
        raise InputError(f"{path}: source language is {srclang!r}, expected Kazakh ({SOURCE_LANG})")
    result: dict[str, list[tuple[str, str]]] = {}
    for tu in root.iter("tu"):
        texts: dict[str, str] = {}
        for tuv in tu.findall("tuv"):
            lang = _base_lang(tuv.get(_XML_LANG) or tuv.get("lang") or "")
            seg = tuv.find("seg")
            if lang and seg is not None and lang not in texts:
                texts[lang] = _seg_text(seg)
        source = texts.pop(SOURCE_LANG, "")
        if not source.strip():
            continue
        for lang, target in texts.items():
            if target.strip():
                result.setdefault(lang, []).append((source, target))
    return result


@dataclass(frozen=True)
class ImportResult:
    lang: str
    path: Path
    added: int
    updated: int
    unchanged: int


def import_tmx(path: Path, out: Path, langs: Iterable[str] | None = None) -> list[ImportResult]:
    """Merge a TMX file's pairs into ``OUT/.tm/<lang>.po`` for each target language it holds."""
    data = read_tmx(Path(path))
    wanted = list(langs) if langs else sorted(data)
    # Every destination is checked before anything is written: one hostile xml:lang refuses the file.
    dests = {lang: tm_path(out, lang, "--lang" if langs else f"{path}: <tuv xml:lang>") for lang in wanted}
    results = []
    for lang in wanted:
        pairs = data.get(lang, [])
        dest = dests[lang]
        identity = file_identity(dest)  # never replace a save made while we merge
        if dest.exists():
            po = read_po(dest)  # malformed: one-line InputError naming the line; not touched
        else:
            po = polib.POFile(wrapwidth=WRAPWIDTH, encoding="utf-8")
            po.header = "Translation memory: reviewed pairs imported with `kztranslate tm import`."
            po.metadata = {
                "Project-Id-Version": "kztranslate translation memory",
                "Language": lang,
                "MIME-Version": "1.0",
                "Content-Type": "text/plain; charset=UTF-8",
                "Content-Transfer-Encoding": "8bit",
                "X-Source-Language": SOURCE_LANG,
            }
        index = {e.msgid: e for e in po if not e.obsolete and not e.msgctxt}
        added = updated = unchanged = 0
        for source, target in pairs:
            entry = index.get(source)
            if entry is None:
                entry = polib.POEntry(msgid=source, msgstr=target)
                po.append(entry)
                index[source] = entry
                added += 1
            elif entry.msgstr == target and "fuzzy" not in entry.flags:
                unchanged += 1
            else:
                entry.msgstr = target
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                updated += 1
        if added or updated:
            write_po(po, dest, guard=functools.partial(ensure_unchanged, dest, identity))
        results.append(ImportResult(lang, dest, added, updated, unchanged))
    return results
