"""One article end to end: read -> segment -> detect -> glossary -> merge -> TM -> engine -> PO files.

:func:`translate_articles` is what ``translate`` and ``batch`` both call. It prepares every article
of the call first (reading, detection, segmentation, merging with the PO files already in OUT), then
calls the engine ONCE per target language with every sentence still needing machine translation
(the engine dedupes, sorts and batches), and only then writes the files, so a bad input or an
unwritable OUT is found before anything is written.

Per sentence, in order of preference: a reviewed entry already in the article's PO (never touched),
an exact translation-memory hit (reused, no MT), the engine's output (fuzzy), and, when no model is
installed, a close translation-memory hit as a fuzzy suggestion. Layout (paragraph/sentence
position, headings, line breaks) is stored in each entry's ``kz-`` comments so that ``build`` needs
only the PO file.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import polib

from kztranslate.engine.base import Engine, NoMT, Route, Translation
from kztranslate.errors import InputError, KzError, OutputError
from kztranslate.po import catalog
from kztranslate.po.catalog import SOURCE_LANGUAGE
from kztranslate.po.entries import (
    TAG_ARABIC,
    TAG_COPIED,
    TAG_KIND,
    TAG_LATIN,
    TAG_MT,
    TAG_POSITION,
    TAG_SEP,
    TAG_TM,
    counts,
    has_tag,
    set_state,
    tag_line,
)
from kztranslate.po.memory import TranslationMemory
from kztranslate.po.merge import merge
from kztranslate import detect as detection
from kztranslate import languages
from kztranslate import safepath
from kztranslate.glossary import default_glossary
from kztranslate.glossary.enforce import enforced_text, required_terms, term_comments
from kztranslate.segment import segment
from kztranslate.normalize import normalize
from kztranslate.outlock import FolderId, OutFolderGone, ensure_same_folder, folder_identity, make_folder_below
from kztranslate.untranslatable import NO_CONTENT, nothing_to_translate
from kztranslate.textio import PROBE_PREFIX, FileIdentity, ensure_unchanged, file_identity, one_line, read_text

N_BEST_FOR_GLOSSARY = 4


@dataclass(frozen=True)
class ArticleJob:
    """One article to translate; ``slug`` may contain '/' (e.g. ``2026/feb/x``) for nested layouts."""

    path: Path
    slug: str


@dataclass
class ArticleResult:
    """What happened to one article.

    ``counts[lang]`` partitions the active entries of the written PO file by
    :func:`~kztranslate.po.entries.category` (the same on every re-run until a person changes an
    entry): ``reviewed`` (a person approved it), ``tm`` (filled from the translation memory),
    ``mt`` (machine output awaiting review), ``fuzzy`` (other suggestions awaiting review),
    ``untranslated``, ``copied`` (foreign-language paragraphs passed through); plus ``flagged``
    (translations that break the glossary, recomputed) and ``obsolete`` (``#~`` entries kept).
    ``routes[lang]`` is the MT route used, or why none was.
    """

    path: Path
    slug: str
    files: list[Path]
    sentences: int
    counts: dict[str, dict[str, int]]
    routes: dict[str, Route]
    error: str | None = None
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Unit:
    """One unique sentence of an article and everything the PO entry says about its source."""

    text: str
    mt_text: str
    occurrences: list[tuple[int, int, str, str, int]] = field(default_factory=list)  # (par, sent, kind, sep, line)
    copied: str | None = None
    script: str = "Cyrl"  # as written: Cyrl, Latn (kz-latin) or Arab (kz-arabic); mt_text is Cyrillic


@dataclass
class _Prepared:
    job: ArticleJob
    label: str
    units: list[Unit]
    sentences: int
    pot: polib.POFile | None = None
    pos: dict[str, polib.POFile] = field(default_factory=dict)
    identities: dict[str, FileIdentity] = field(default_factory=dict)  # target -> PO file as read
    error: str | None = None
    written: list[Path] = field(default_factory=list)




# ----------------------------------------------------------------------------------------------
# preparation


def reference_path(path: Path) -> str:
    """The path written in ``#:`` references: relative to the working directory when inside it."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            pass
    return one_line(p.as_posix()).replace(" ", "\u00a0")


def article_units(text: str, paragraphs=None, detections=None) -> tuple[list[Unit], int]:
    """Unique sentences of ``text`` with their occurrences and layout, plus the sentence count.

    ``paragraphs``/``detections``: the segmentation and per-paragraph language detection when the
    caller already has them (``_prepare`` needs both for the is-it-Kazakh check first).

    What is copied rather than translated: a paragraph entirely in Russian or English (``kz-copied:
    ru``), and a sentence with nothing to translate, such as a timestamp or a reading (``kz-copied:
    zxx``, see :mod:`kztranslate.untranslatable`). Every other sentence goes to MT as its
    :func:`kztranslate.normalize.normalize` form: Latin and Arabic-script Kazakh transliterated
    (``kz-latin`` / ``kz-arabic``), look-alike letters folded.
    """
    paragraphs = paragraphs if paragraphs is not None else segment(text)
    # Without detections each paragraph is detected only if it could be a foreign one (lazily, in
    # is_foreign_paragraph): detecting all of 100,000 one-line paragraphs would dominate the run.
    detections = detections if detections is not None else [None] * len(paragraphs)
    units: dict[str, Unit] = {}
    count = 0
    previous_end: int | None = None
    line, counted_to = 1, 0  # line numbers counted incrementally: counting from 0 each time is quadratic
    for par, found in zip(paragraphs, detections, strict=True):
        par_text = text[par.start:par.end]
        copied = detection.is_foreign_paragraph(par_text, found)
        for k, s in enumerate(par.sentences):
            count += 1
            gap = text[previous_end:s.start] if previous_end is not None else ""
            if previous_end is None:
                sep = "blank"
            elif k == 0:
                sep = "blank" if gap.count("\n") >= 2 else "newline"
            else:
                sep = "newline" if "\n" in gap else "space"
            previous_end = s.end
            line += text.count("\n", counted_to, s.start)
            counted_to = s.start
            unit = units.get(s.text)
            if unit is None:
                if copied is None and nothing_to_translate(s.text):
                    unit = units[s.text] = Unit(s.text, s.text, copied=NO_CONTENT)
                elif copied is None:
                    norm = normalize(s.text)
                    unit = units[s.text] = Unit(s.text, norm.text, script=norm.script)
                else:
                    unit = units[s.text] = Unit(s.text, s.text, copied=copied)
            unit.occurrences.append((par.index, k, par.kind, sep, line))
    return list(units.values()), count


def _layout_lines(unit: Unit) -> list[str]:
    """kz-position / kz-kind / kz-sep lines; kind and sep carry a position when occurrences differ."""
    lines = [tag_line(TAG_POSITION, f"{p}.{s}") for p, s, _, _, _ in unit.occurrences]
    for tag, index, default in ((TAG_KIND, 2, "body"), (TAG_SEP, 3, None)):
        values = [(o[index], f"{o[0]}.{o[1]}") for o in unit.occurrences]
        special = [(v, pos) for v, pos in values if v != default and not (tag == TAG_SEP and v in ("space", "blank"))]
        if not special:
            continue
        if len(special) == len(values) and len({v for v, _ in special}) == 1:
            lines.append(tag_line(tag, str(special[0][0])))
        else:
            lines += [tag_line(tag, f"{v} {pos}") for v, pos in special]
    return lines


def target_languages() -> list[str]:
    """Every target language the project knows (the POT carries glossary terms for each)."""
    return languages.targets()


def pot_catalog(slug: str, label: str, units: list[Unit], glossary, created: str | None = None) -> polib.POFile:
    """The POT: everything derived from the Kazakh source, for every target language, so that
    msgmerge/Weblate carry it into each PO (layout, Latin/copied markers, ``kz-term-LANG`` lines)."""
    pot = catalog.new_catalog(one_line(slug), None, created=created)
    for u in units:
        comment = _layout_lines(u)
        if u.script == "Latn":
            comment.append(tag_line(TAG_LATIN, u.mt_text))
        elif u.script == "Arab":
            comment.append(tag_line(TAG_ARABIC, u.mt_text))
        if u.copied:
            comment.append(tag_line(TAG_COPIED, u.copied))
        else:
            required = required_terms(glossary.match(u.mt_text))
            for lang in target_languages():
                comment += term_comments(required, lang)
        pot.append(polib.POEntry(msgid=u.text, msgstr="", occurrences=[(label, str(o[4])) for o in u.occurrences], comment="\n".join(comment)))
    return pot


def _prepare(job: ArticleJob, out: Path, force: bool, glossary) -> _Prepared:
    text = read_text(job.path)
    paragraphs = segment(text)
    detection.ensure_kazakh(text, str(job.path), force=force, segmented=paragraphs)
    units, count = article_units(text, paragraphs)
    if not units:
        raise InputError(f"{job.path}: no sentences found")
    prep = _Prepared(job, reference_path(job.path), units, count)
    path = catalog.pot_path(out, job.slug)
    prep.pot = pot_catalog(job.slug, prep.label, units, glossary)
    if path.is_file():
        old = catalog.read_po(path)
        stamp = old.metadata.get("POT-Creation-Date")
        if stamp:
            candidate = pot_catalog(job.slug, prep.label, units, glossary, created=stamp)
            if catalog.render(candidate) == path.read_text("utf-8-sig"):
                prep.pot = candidate
    return prep


# ----------------------------------------------------------------------------------------------
# translation


def route_for(engine: Engine | None, target: str) -> Route:
    """The route to ``target``, or why there is none (``engine`` None: the user chose no MT)."""
    if engine is None:
        return Route(SOURCE_LANGUAGE, target, why_not=NoMT.ENGINE_NONE)
    return engine.resolve(SOURCE_LANGUAGE, target)


def n_best_for(engine) -> int:
    """How many hypotheses to ask for so the glossary step can choose (at most the beam size)."""
    beam = getattr(getattr(engine, "options", None), "beam_size", N_BEST_FOR_GLOSSARY)
    return max(1, min(N_BEST_FOR_GLOSSARY, int(beam)))


def _apply_mt(entry: polib.POEntry, tr: Translation, unit: Unit, target: str, glossary) -> None:
    """Machine output into a fuzzy entry: the n-best hypothesis with the most required glossary terms
    (``enforce.select``); what it still breaks, ``check`` recomputes and reports."""
    entry.msgstr = enforced_text(tr, required_terms(glossary.match(unit.mt_text)), target)
    if "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    set_state(entry, TAG_MT, tr.describe_route())


def _apply_tm(entry: polib.POEntry, hit, *, fuzzy: bool) -> None:
    entry.msgstr = hit.msgstr
    if fuzzy:
        if "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
        entry.previous_msgid = hit.msgid
        set_state(entry, TAG_TM, f"fuzzy {hit.score:.0f}%")
    else:
        set_state(entry, TAG_TM, "exact")


def _needs_translation(e: polib.POEntry) -> bool:
    return not e.obsolete and not e.msgstr and not has_tag(e, TAG_COPIED)


# ----------------------------------------------------------------------------------------------
# writing


def _probe_writable(folder: Path) -> None:
    """Check that ``folder`` can be created and written, without creating anything.

    Walks up to the nearest existing ancestor (which must be a folder) and creates and removes a
    probe file there: root ignores mode bits, a read-only file system or an immutable folder does not.
    """
    existing = folder
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"{existing}: exists and is not a folder")
    try:
        fd, tmp = tempfile.mkstemp(prefix=PROBE_PREFIX, dir=existing)
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        raise OutputError(f"{existing}: cannot write ({exc.strerror or exc})") from None


def _final_text(po: polib.POFile, path: Path, date_field: str) -> str | None:
    """The text to write, or None when the file already holds exactly this content.

    "This content" is what the file says, not how it is laid out: a file another tool saved with
    its own wrapping (msgcat, Poedit, polib) but the same entries is left as it is, so a re-run
    after a reviewer's save rewrites nothing. The date field (POT-Creation-Date of a POT,
    PO-Revision-Date of a PO) moves only when something else in the file changed.
    """
    old_text = None
    if path.is_file():
        try:
            old_text = path.read_text("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            old_text = None
    if old_text is not None:
        text = catalog.render(po)
        if text == old_text:
            return None
        try:
            if catalog.content(catalog.read_po(path)) == catalog.content(po):
                return None
        except KzError:
            pass
    po.metadata[date_field] = catalog.now_stamp()
    return catalog.render(po)


TEST_PAUSE_ENV = "KZTRANSLATE_TEST_PAUSE"


def _test_pause() -> None:
    """Test hook (documented in docs/safety.md): with ``KZTRANSLATE_TEST_PAUSE=DIR`` set, stop after
    decoding and before the first write, create ``DIR/paused`` and wait (at most 120 s) for
    ``DIR/resume``. It lets a test save a PO file exactly in the window where a reviewer's save
    would otherwise be lost, with a handshake instead of a timing guess."""
    folder = os.environ.get(TEST_PAUSE_ENV)
    if not folder:
        return
    import time

    Path(folder, "paused").touch()
    deadline = time.monotonic() + 120
    while not Path(folder, "resume").exists() and time.monotonic() < deadline:
        time.sleep(0.05)


Write = tuple[Path, polib.POFile, "FileIdentity | None"]  # where, what, the PO file's identity as read (None: a POT)


def _fail(prep: _Prepared, exc: KzError, on_error: str) -> None:
    """One article's failure: raised (``on_error="raise"``) or recorded on the article."""
    if on_error == "raise":
        raise exc
    prep.error = prep.error or exc.message


def _check_call(out: Path, targets: Sequence[str], jobs: Sequence[ArticleJob], on_error: str) -> list[str]:
    """Arguments checked before anything is read: targets known, OUT a folder, slugs inside OUT."""
    if on_error not in ("raise", "collect"):
        raise ValueError(f"on_error must be 'raise' or 'collect', not {on_error!r}")
    checked = list(dict.fromkeys(catalog.check_target(t) for t in targets))
    if not checked:
        raise InputError("no target language given (e.g. --to ru,en)")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder")
    for job in jobs:  # the slug becomes a path: it must stay inside OUT
        safepath.inside(out, f"{job.slug}.pot", what="slug")
    return checked


def _merge_target(preps: list[_Prepared], out: Path, target: str, memory: TranslationMemory, on_error: str) -> list[tuple[polib.POEntry, Unit]]:
    """Merge each article's POT with its existing ``target`` PO, fill exact TM hits, and return the
    entries still needing a translation."""
    queue: list[tuple[polib.POEntry, Unit]] = []
    for prep in preps:
        if prep.error or prep.pot is None:
            continue
        path = catalog.po_path(out, target, prep.job.slug)
        try:
            # Taken before reading: a save between the two is seen as a change (the safe side).
            prep.identities[target] = file_identity(path)
            old = catalog.read_po(path) if path.exists() else None
        except KzError as exc:
            _fail(prep, exc, on_error)
            continue
        merged = merge(prep.pot, old, catalog.new_catalog(one_line(prep.job.slug), target))
        prep.pos[target] = merged.po
        by_text = {u.text: u for u in prep.units}
        for e in merged.po:
            if not _needs_translation(e):
                continue
            hit = memory.exact(e.msgid)
            if hit is not None:
                _apply_tm(e, hit, fuzzy=False)
            else:
                queue.append((e, by_text[e.msgid]))
    return queue


def _fill(queue: list[tuple[polib.POEntry, Unit]], engine: Engine | None, target: str, memory: TranslationMemory, glossary) -> Route:
    """Machine-translate the queue in one engine call (deduplicated), or, with no route, offer
    close translation-memory hits as fuzzy suggestions. Returns the route taken or why none was."""
    route = route_for(engine, target)
    if queue and route.usable and engine is not None:
        texts = list(dict.fromkeys(u.mt_text for _, u in queue))
        translations = engine.translate(texts, SOURCE_LANGUAGE, target, n_best=n_best_for(engine))
        by_source = dict(zip(texts, translations))
        for e, u in queue:
            _apply_mt(e, by_source[u.mt_text], u, target, glossary)
    else:
        for e, _unit in queue:
            hit = memory.fuzzy(e.msgid)
            if hit is not None:
                _apply_tm(e, hit, fuzzy=True)
    return route


def _planned_writes(prep: _Prepared, out: Path) -> list[Write]:
    """The files of one article whose content changed (dates move only then)."""
    writes: list[Write] = []
    if prep.pot is None:
        return writes
    pot_path = catalog.pot_path(out, prep.job.slug)
    if _final_text(prep.pot, pot_path, "POT-Creation-Date") is not None:
        writes.append((pot_path, prep.pot, None))
        for po in prep.pos.values():
            po.metadata["POT-Creation-Date"] = prep.pot.metadata["POT-Creation-Date"]
    for target, po in prep.pos.items():
        path = catalog.po_path(out, target, prep.job.slug)
        if _final_text(po, path, "PO-Revision-Date") is not None:
            writes.append((path, po, prep.identities.get(target, file_identity(path))))
    return writes


def _write_guard(out: Path, out_id: FolderId | None, path: Path, identity: FileIdentity | None) -> Callable[[], None]:
    """The check right before a write's rename: OUT is still the folder the run began with, and
    (a PO file only: POT files are ours alone) no reviewer saved the file since it was read."""

    def guard() -> None:
        ensure_same_folder(out, out_id)
        if identity is not None:
            ensure_unchanged(path, identity)

    return guard


def _write_all(pending: list[tuple[_Prepared, list[Write]]], out: Path, out_id: FolderId | None, on_error: str) -> None:
    """Probe every folder first (an unwritable OUT leaves nothing partial), then write atomically,
    each PO guarded against a reviewer's save made since it was read.

    ``out_id``: OUT's identity when the run began (None: OUT did not exist yet). At each folder
    created and right before each rename, OUT must still be that folder:
    a deleted or replaced OUT stops the call (:class:`OutFolderGone`, whatever ``on_error``) and
    is never recreated, so a run cannot leave a partial tree that looks finished."""
    folders = sorted({p.parent for _, writes in pending for p, _, _ in writes})
    for folder in folders:
        try:
            _probe_writable(folder)
        except OutputError:
            if on_error == "raise" or folder == out:
                raise
            for prep, writes in pending:
                if any(p.parent == folder for p, _, _ in writes):
                    prep.error = prep.error or f"{folder}: cannot write"
    _test_pause()
    for prep, writes in pending:
        if prep.error:
            continue
        try:
            for path, catalogue, identity in writes:
                make_folder_below(out, path.parent, out_id)  # checks OUT first: one check per write, not per article too
                guard = _write_guard(out, out_id, path, identity)
                catalog.write_po(catalogue, path, guard=guard, parents=False)  # the one PO writer; the folder was just made
                prep.written.append(path)
        except OutFolderGone:
            raise
        except OSError as exc:  # a folder could not be created
            _fail(prep, OutputError(f"{exc.filename}: cannot write ({exc.strerror or exc})"), on_error)
        except KzError as exc:
            _fail(prep, exc, on_error)


def _result(prep: _Prepared, out: Path, routes: dict[str, Route], notes: list[str], glossary) -> ArticleResult:
    if prep.error:
        return ArticleResult(path=prep.job.path, slug=prep.job.slug, files=[], sentences=0, counts={}, routes={}, error=prep.error, written=[], notes=notes)
    files = [catalog.pot_path(out, prep.job.slug)] + [catalog.po_path(out, t, prep.job.slug) for t in prep.pos]
    return ArticleResult(
        path=prep.job.path,
        slug=prep.job.slug,
        files=files,
        sentences=prep.sentences,
        counts={t: counts(po, t, glossary) for t, po in prep.pos.items()},
        routes={t: routes[t] for t in prep.pos},
        written=prep.written,
        notes=notes,
    )


def translate_articles(
    jobs: Sequence[ArticleJob],
    out: Path,
    targets: Sequence[str],
    *,
    engine: Engine | None,
    force: bool = False,
    on_error: str = "raise",
    out_id: FolderId | None = None,
) -> list[ArticleResult]:
    """Translate ``jobs`` into ``out`` (``OUT/<slug>.pot``, ``OUT/<lang>/<slug>.po``); see module doc.

    Stages: prepare every article (read, detect, segment, POT), then per target language merge
    with the existing POs and the TM and call the engine once for everything left, then write.
    ``on_error="raise"``: the first :class:`KzError` propagates and nothing is written.
    ``on_error="collect"``: a bad article gets ``error`` set and the others go on.
    ``out_id``: the identity OUT must still have when the files are written (batch workers get the
    coordinator's, taken with the lock); default: OUT's at the start of the call, if it exists.
    """
    out = Path(out)
    targets = _check_call(out, targets, jobs, on_error)
    out_id = out_id or folder_identity(out)
    glossary = default_glossary()
    preps: list[_Prepared] = []
    for job in jobs:
        try:
            preps.append(_prepare(job, out, force, glossary))
        except KzError as exc:
            if on_error == "raise":
                raise
            preps.append(_Prepared(job, str(job.path), [], 0, error=exc.message))
    routes: dict[str, Route] = {}
    notes: list[str] = []
    for target in targets:
        memory, warnings = TranslationMemory.load(out, target)
        notes += warnings
        queue = _merge_target(preps, out, target, memory, on_error)
        routes[target] = _fill(queue, engine, target, memory, glossary)
    pending = [(prep, _planned_writes(prep, out)) for prep in preps if not prep.error]
    _write_all(pending, out, out_id, on_error)
    notes = list(dict.fromkeys(notes))
    return [_result(prep, out, routes, notes, glossary) for prep in preps]
