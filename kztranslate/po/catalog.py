"""PO/POT files: where they live, what their headers say, reading and atomic writing.

Layout (one Weblate component per article): ``OUT/<slug>.pot`` and ``OUT/<lang>/<slug>.po``.
:func:`slug_for` is the one place that turns an article path into a slug.

Headers are complete so that ``msgfmt -c --check-format`` accepts every file and editors know the
language and plural rules without asking; the per-language values (Plural-Forms, team name) are data
in the language registry (``data/languages.json``). Dates only move when a file's content changes, so re-running on an
unchanged article rewrites nothing (``SOURCE_DATE_EPOCH`` pins "now" for reproducible builds).
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Callable

import polib

from kztranslate import languages
from kztranslate.errors import InputError
from kztranslate.textio import atomic_write, read_bytes

SOURCE_LANGUAGE = languages.SOURCE
WRAPWIDTH = 78  # what msgmerge/xgettext produce (79 columns with the quote)
GENERATOR = "kztranslate"


def slug_for(path: str | os.PathLike[str]) -> str:
    """The article's slug: its file name without the extension (``a/b/news.kk.txt`` -> ``news.kk``)."""
    p = Path(path)
    return p.stem if p.suffix else p.name


def pot_path(out: Path, slug: str) -> Path:
    return Path(out) / f"{slug}.pot"


def po_path(out: Path, lang: str, slug: str) -> Path:
    return Path(out) / lang / f"{slug}.po"


def check_target(lang: str) -> str:
    """Validate a target language code (one-line InputError for unknown codes or the source language)."""
    code = lang.strip().lower()
    if code == SOURCE_LANGUAGE:
        raise InputError(f"target language cannot be {SOURCE_LANGUAGE} (the source language)")
    if code not in languages.targets():
        raise InputError(f"unknown target language {lang!r}; known: {', '.join(languages.targets())}")
    return code


def check_targets(values) -> list[str]:
    """Target languages from ``--to`` values (a string or strings): split at commas, deduplicated,
    each checked by :func:`check_target`. Every command's ``--to`` goes through here, so an unknown
    code is exit 2 everywhere (a known one without a model is exit 3, later, from the engine)."""
    items = [values] if isinstance(values, str) else list(values or [])
    codes = [c.strip() for v in items for c in str(v).split(",") if c.strip()]
    if not codes:
        raise InputError("--to needs at least one target language, e.g. --to ru,en")
    try:
        return list(dict.fromkeys(check_target(c) for c in codes))
    except InputError as exc:
        raise InputError(f"--to: {exc.message}") from None


def po_language(po: polib.POFile, path: Path) -> str | None:
    """The PO file's language: its Language header, else the ``OUT/<lang>/`` folder it sits in; None if neither."""
    header = (po.metadata.get("Language") or "").strip()
    code = re.split(r"[_\-@.]", header)[0].lower() if header else ""
    if code:
        return code
    for part in reversed(Path(path).parent.parts):
        if part in languages.targets():
            return part
    return None


def now_stamp() -> str:
    """Now as a PO date (``2026-02-04 10:00+0000``); ``SOURCE_DATE_EPOCH`` overrides the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    t = time.gmtime(int(epoch)) if epoch and epoch.isdigit() else time.gmtime()
    return time.strftime("%Y-%m-%d %H:%M+0000", t)


def new_catalog(slug: str, lang: str | None, *, created: str | None = None) -> polib.POFile:
    """An empty POT (``lang`` None) or PO with a complete header."""
    po = polib.POFile(wrapwidth=WRAPWIDTH)
    stamp = created or now_stamp()
    if lang is None:
        po.header = f"Kazakh source sentences of the article \"{slug}\", extracted by kztranslate."
        # A template has no target language: Language stays empty and Plural-Forms absent, as
        # xgettext writes them (msginit/Weblate fill both when a language is added).
        language, team, plural = "", "none", None
    else:
        info = languages.get(check_target(lang))
        if info is None:  # check_target() accepts only registry codes
            raise InputError(f"unknown target language {lang!r}")
        po.header = f"{info.name} translation of the Kazakh article \"{slug}\".\nTranslator comments (lines starting with '# ') are yours: kztranslate never changes them,\nexcept its own machine-state lines '# kz-mt:' and '# kz-tm:' (see docs/po-format.md)."
        language, team, plural = lang, f"{info.name} <{lang}@li.org>", info.plural_forms
    po.metadata = {
        "Project-Id-Version": f"{slug}",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": stamp,
        "Last-Translator": "kztranslate (machine translation) <>",
        "Language-Team": team,
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural,
        "X-Generator": GENERATOR,
        "X-Source-Language": SOURCE_LANGUAGE,
    }
    if plural is None:
        del po.metadata["Plural-Forms"]
    return po


_STRING = r'"(?:[^"\\]|\\.)*"'
_LINE = re.compile(r'^(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])[ \t]+' + _STRING + r'|' + _STRING + r')[ \t]*$')


def syntax_error(text: str) -> str | None:
    """``line N: ...`` for the first line that is not PO syntax, else None.

    polib is lenient (``msgid broken`` parses as ``roke``), so files are checked line by line first:
    every non-blank line is a comment, a keyword with one quoted C string, or a quoted continuation.
    """
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip() and not _LINE.match(line.strip()):
            shown = line.strip()
            return f"line {n}: {shown[:40]}{'…' if len(shown) > 40 else ''}"
    return None


def read_po(path: str | os.PathLike[str]) -> polib.POFile:
    """Read a PO/POT file, or raise a one-line :class:`InputError` naming it (malformed, unreadable)."""
    p = Path(path)
    data = read_bytes(p, "PO file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{p}: malformed PO file (not UTF-8)") from None
    if not text.strip():
        raise InputError(f"{p}: malformed PO file (empty)")
    problem = syntax_error(text)
    if problem:
        raise InputError(f"{p}: malformed PO file ({problem})")
    if "\n" not in text:
        text += "\n"  # polib treats a one-line string as a file name
    try:
        # Duplicates are found below in one pass: polib's check_for_duplicates searches every entry
        # read so far for each new one (quadratic: a 30,000-entry PO took minutes to build).
        po = polib.pofile(text, wrapwidth=WRAPWIDTH)
        _refuse_duplicates(po)
    except Exception as exc:  # polib raises OSError/ValueError/IndexError on broken syntax
        reason = " ".join(str(exc).split()) or exc.__class__.__name__
        raise InputError(f"{p}: malformed PO file ({reason})") from None
    if not po.metadata and not len(po):
        raise InputError(f"{p}: malformed PO file (no header and no entries)")
    return po


def _refuse_duplicates(po: polib.POFile) -> None:
    """polib's duplicate rule in linear time: an entry whose (msgctxt, msgid) a live entry before it
    already has is an error (the same ValueError polib raises)."""
    live: set[tuple[str | None, str]] = set()
    for entry in po:
        key = (entry.msgctxt, entry.msgid)
        if key in live:
            raise ValueError(f'Entry "{entry.msgid}" already exists')
        if not entry.obsolete:
            live.add(key)


def render_entry(entry: polib.POEntry, wrapwidth: int = WRAPWIDTH) -> str:
    """One entry as polib writes it, except that comment lines are never wrapped.

    polib wraps long ``#.``/``#`` lines into several comment lines, which read back as separate
    lines: a long ``kz-term`` tag would break in two and a translator's long comment would change
    on every save. gettext's own tools never wrap comments either.
    """
    comment, tcomment = entry.comment, entry.tcomment
    entry.comment, entry.tcomment = "", ""
    try:
        body = entry.__unicode__(wrapwidth)
    finally:
        entry.comment, entry.tcomment = comment, tcomment
    lines = [f"# {line}" for line in tcomment.split("\n")] if tcomment else []
    if comment and not entry.obsolete:
        lines += [f"#. {line}" for line in comment.split("\n")]
    return "\n".join(lines + [body])


def render(po: polib.POFile) -> str:
    """The file text exactly as it will be written: polib's layout at :data:`WRAPWIDTH` whatever
    width the catalogue was made with, comments unwrapped. The one writer's rules, for every file."""
    head = ""
    for line in (po.header.split("\n") if po.header else []):  # polib's header comment rules
        head += "#\n" if not line else (f"#{line}\n" if line[:1] in (",", ":") else f"# {line}\n")
    parts = [head + render_entry(po.metadata_as_entry())]
    parts += [render_entry(e) for e in po if not e.obsolete]
    parts += [render_entry(e) for e in po if e.obsolete]
    text = "\n".join(parts)
    return text if text.endswith("\n") else text + "\n"


def content(po: polib.POFile) -> tuple:
    """What a PO file says, without how it is laid out: header, entries and their fields, with
    wrapped ``kz-`` comment lines joined again. Two files with the same content are the same file
    to every command; ``translate`` leaves a file alone when its content would not change."""
    from kztranslate.po.entries import logical_lines

    entries = tuple(
        (e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, tuple(sorted(e.msgstr_plural.items())), tuple(logical_lines(e.comment)), e.tcomment,
         tuple(e.occurrences), tuple(e.flags), e.previous_msgctxt, e.previous_msgid, e.previous_msgid_plural, e.obsolete)
        for e in po
    )
    return (po.header, tuple(sorted(po.metadata.items())), bool(po.metadata_is_fuzzy), entries)


def write_po(po: polib.POFile, path: str | os.PathLike[str], *, guard: Callable[[], None] | None = None, parents: bool = True) -> None:
    """Write atomically (temp file + rename); OutputError with a one-line reason on failure.

    ``guard`` runs right before the rename (see :func:`kztranslate.textio.atomic_write`): the
    optimistic-concurrency check that a reviewer did not save the file meanwhile. ``parents``: as
    in :func:`~kztranslate.textio.atomic_write`.
    """
    atomic_write(path, render(po), guard=guard, parents=parents)
