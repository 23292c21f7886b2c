"""``batch``: translate a folder tree into PO files like a build tool (only what changed).

Order of work, and why:

1. validate the options and look at OUT before anything else (a symlinked folder inside OUT that
   points elsewhere would let a write escape OUT, so it is refused);
2. find the articles (:mod:`.discover`), take the OUT lock (:mod:`.lock`), load the state
   (:mod:`.state`);
3. compute what each article's translation depends on: its bytes (sha256), the glossary version,
   the engine fingerprint per target, the kztranslate version; an article whose record matches and
   whose PO files exist is skipped; otherwise only its missing/stale targets are redone;
4. cut the rest into chunks (pooled by the pipeline into one engine call per target) and run them
   on an executor (:mod:`.executors`);
5. record every article in the state as soon as its result is back and its files exist.

A per-article error (undecodable, empty, not Kazakh) is collected; a model or output error is not
per article, so it stops the run (exit 3/4) after saving what finished. An article refused as not
Kazakh is remembered by content hash: re-runs report it under ``refused`` without failing (exit 0
unless something new failed) until its bytes change or ``--force`` is given.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kztranslate.batch.discover import Article, Discovery, discover
from kztranslate.batch.executors import Chunk, Executor, make_executor
from kztranslate.batch.threads import cores
from kztranslate.outlock import OutLock
from kztranslate.batch.progress import NoProgress, Progress
from kztranslate.batch.state import BatchState, Stamp, file_sha256
from kztranslate.batch.worker import ANY_LANGUAGE, NO_ENGINE, NO_ENGINE_FINGERPRINT, SOURCE
from kztranslate.po.catalog import check_targets
from kztranslate.errors import ExitCode, InputError, KzError, ModelError, OutputError
from kztranslate.safepath import check_out_tree as check_out
from kztranslate.textio import sweep_temp_files

if TYPE_CHECKING:
    from kztranslate.pipeline import ArticleResult

# At most this many articles per chunk: a chunk is what one engine call decodes and what a worker
# holds, so the peak memory of a batch follows it (32 made a 200-article run peak 1.14x above a
# 20-article one, 8 makes it 1.06-1.07x: docs/performance.md); with token-budget buckets a bigger
# pool of sentences no longer decodes faster.
MAX_CHUNK = 8


@dataclass
class BatchSummary:
    articles: int = 0
    translated: int = 0
    skipped: int = 0
    failed: list[dict] = field(default_factory=list)
    sentences: int = 0
    seconds: float = 0.0
    ignored: list[dict] = field(default_factory=list)
    out: str = ""
    notes: list[str] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)  # remembered refusals: not Kazakh, same bytes
    jobs: int = 0  # worker processes used (1: the command's own process; 0: nothing to translate)

    def as_dict(self) -> dict:
        return {
            "articles": self.articles,
            "translated": self.translated,
            "skipped": self.skipped,
            "failed": self.failed,
            "sentences": self.sentences,
            "seconds": round(self.seconds, 3),
            "ignored": self.ignored,
            "refused": self.refused,
            "out": self.out,
            "notes": self.notes,
            "jobs": self.jobs,
        }

    @property
    def exit_code(self) -> int:
        return ExitCode.PARTIAL if self.failed else ExitCode.OK


def parse_targets(value: str | list[str]) -> list[str]:
    """``--to`` of batch: the one parser of every command, so batch and translate refuse the same codes (exit 2)."""
    return check_targets(value)


def useful_jobs(jobs: int, executor: str, scheduler: str | None) -> int:
    """At most one local worker per core: each worker loads every model (hundreds of MB) and
    CTranslate2 already spreads a worker over its cores, so more processes only cost memory and
    start-up time (``--jobs 1000`` once started a process per article). A remote dask cluster
    brings its own cores, so its ``--jobs`` is not capped here."""
    if executor == "dask" and scheduler:
        return jobs
    return min(jobs, cores())


def chunk_size(n: int, jobs: int) -> int:
    """About four chunks per worker (load balance), at most ``MAX_CHUNK`` articles (progress, memory)."""
    return max(1, min(MAX_CHUNK, math.ceil(n / (max(1, jobs) * 4))))


def make_chunks(todo: list[tuple[Article, tuple[str, ...]]], size: int) -> list[tuple[tuple[str, ...], list[Article]]]:
    """Group articles needing the same targets, in slug order, into chunks of ``size``."""
    groups: dict[tuple[str, ...], list[Article]] = {}
    for article, targets in todo:
        groups.setdefault(targets, []).append(article)
    out = []
    for targets, arts in groups.items():
        for i in range(0, len(arts), size):
            out.append((targets, arts[i : i + size]))
    return out


def glossary_version() -> str:
    try:
        from kztranslate.glossary import load_glossary
    except ImportError:
        return "none"
    glossary = load_glossary()
    glossary.check_matchable()  # a glossary too large to match fails here, once, not in every worker
    return str(glossary.version)


def engine_fingerprints(targets: list[str], models_dir: str | None, options: dict) -> dict[str, str]:
    from kztranslate.engine import load_engine

    if options.get(NO_ENGINE):
        return {t: NO_ENGINE_FINGERPRINT for t in targets}
    engine = load_engine(Path(models_dir) if models_dir else None, **options)
    return {t: engine.fingerprint(SOURCE, t) for t in targets}


def resolve_models_dir(given: Path | None = None) -> str:
    from kztranslate.engine.store import models_dir

    return str(models_dir(given))


def _relative(path: Path, out_real: Path) -> str | None:
    try:
        return Path(path).resolve().relative_to(out_real).as_posix()
    except ValueError:
        return None


Todo = list[tuple[Article, tuple[str, ...]]]  # article, the targets it still needs
Chunks = list[tuple[tuple[str, ...], list[Article]]]  # targets, the articles of one chunk


@dataclass
class _Plan:
    """What this run will do, decided under the lock before any worker starts."""

    stamp: Stamp
    options: dict  # shipped to every worker (engine options plus ANY_LANGUAGE / NO_ENGINE)
    models_path: str
    hashes: dict[str, str]  # slug -> sha256 of the bytes read when planning
    todo: Todo
    chunks: Chunks
    jobs: int
    by_slug: dict[str, Article]
    out_real: Path


def run_batch(
    root: Path,
    out: Path,
    targets: list[str] | str,
    *,
    jobs: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    force: bool = False,
    progress: Progress | None = None,
    engine_options: dict | None = None,
    threads: int | None = None,
    models_dir: Path | None = None,
) -> BatchSummary:
    """Translate every article under ``root`` into ``out``; see the module docstring.

    Stages: check the options and OUT, find the articles, then under OUT's lock plan (hash, compare
    with the state, chunk), run the chunks and collect each result into the state as it comes back,
    and summarise. ``threads``: CTranslate2 cores per worker (default: cores // jobs).
    """
    t0 = time.monotonic()
    targets = parse_targets(targets)
    if jobs < 1:
        raise InputError("--jobs must be at least 1")
    root, out = Path(root), Path(out)
    progress = progress or NoProgress()
    check_out(out)
    found: Discovery = discover(root, out)
    summary = BatchSummary(articles=len(found.articles), ignored=[i.as_dict() for i in found.ignored], out=str(out))
    with OutLock(out) as lock:
        sweep_temp_files(out)
        state = BatchState(out).load()
        plan = _plan(found, out, targets, state, summary, engine_options=engine_options, force=force, jobs=jobs, executor=executor, scheduler=scheduler, models_dir=models_dir)
        progress.start(len(found.articles), len(plan.todo), summary.skipped, len(found.ignored))
        fatal = _run(plan, out, lock, state, summary, progress, executor=executor, scheduler=scheduler, threads=threads, force=force)
    if fatal is not None:
        raise fatal
    summary.failed.sort(key=lambda f: f["path"])
    summary.seconds = time.monotonic() - t0
    return summary


# -- plan ------------------------------------------------------------------------------------------


def _plan(
    found: Discovery,
    out: Path,
    targets: list[str],
    state: BatchState,
    summary: BatchSummary,
    *,
    engine_options: dict | None,
    force: bool,
    jobs: int,
    executor: str,
    scheduler: str | None,
    models_dir: Path | None,
) -> _Plan:
    """Fingerprint the engine, decide per article what is still to do, cut that into chunks and
    choose the number of workers. Unreadable, remembered-refused and unchanged articles go
    straight into ``summary``."""
    from kztranslate import __version__

    # No cross-chunk translation cache in batch workers: which chunks a worker ran before would
    # change which sentences reach CTranslate2 together (batch buckets, decoding caps), so output
    # would depend on scheduling. Within a chunk the engine still translates duplicates once.
    options = {"cache": False, **{k: v for k, v in (engine_options or {}).items() if v is not None}}
    models_path = resolve_models_dir(models_dir)
    fingerprints = engine_fingerprints(targets, models_path, options)  # ModelError (exit 3) if a route is missing
    if force:
        options = {**options, ANY_LANGUAGE: True}
    stamp = Stamp(glossary=glossary_version(), version=__version__, engines=fingerprints)
    todo, hashes = _still_to_do(found.articles, out, targets, state, stamp, summary, force)
    useful = useful_jobs(jobs, executor, scheduler)
    chunks = make_chunks(todo, chunk_size(len(todo), useful))
    workers = max(1, min(useful, len(chunks)))  # a worker without a chunk would only load models
    summary.jobs = workers if chunks else 0
    if chunks and workers < jobs:
        summary.notes.append(f"--jobs {jobs} capped at {workers} (the useful maximum: {cores()} core(s), {len(chunks)} chunk(s) of work)")
    return _Plan(stamp, options, models_path, hashes, todo, chunks, workers, {a.slug: a for a, _ in todo}, out.resolve())


def _still_to_do(articles: list[Article], out: Path, targets: list[str], state: BatchState, stamp: Stamp, summary: BatchSummary, force: bool) -> tuple[Todo, dict[str, str]]:
    """Hash every article and compare with the state: the articles (and targets) still to do,
    and the hashes read. Unreadable, remembered-refused and unchanged articles go to ``summary``."""
    hashes: dict[str, str] = {}
    todo: Todo = []
    for article in articles:
        try:
            sha = file_sha256(article.path)
        except OSError as exc:
            summary.failed.append({"path": article.rel, "error": f"cannot read ({exc.strerror or exc})"})
            continue
        hashes[article.slug] = sha
        known = None if force else state.refusal(sha, stamp.version)
        if known is not None:
            summary.refused.append({"path": article.rel, "error": known["error"]})
            continue
        need = list(targets) if force else state.is_current(article.slug, sha, stamp, out)
        if need:
            todo.append((article, tuple(need)))
        else:
            summary.skipped += 1
    return todo, hashes


# -- run chunks --------------------------------------------------------------------------------------


def _run(plan: _Plan, out: Path, lock: OutLock, state: BatchState, summary: BatchSummary, progress: Progress, *, executor: str, scheduler: str | None, threads: int | None, force: bool) -> KzError | None:
    """Run the plan's chunks; return the error that stopped the run (model, output), if any.

    Whatever happens, the workers are stopped and the state is saved, but never into an OUT
    that was deleted or replaced meanwhile (a recreated OUT must not look like a finished run)."""
    fatal: KzError | None = None
    pool: Executor | None = None
    try:
        if plan.chunks:
            pool = make_executor(executor, plan.jobs, plan.models_path, plan.options, scheduler, threads)
            fatal = _run_chunks(pool, plan, out, lock, state, summary, progress, force)
    except OutputError as exc:
        fatal = exc
    finally:
        if pool is not None:
            pool.close()
        progress.close()
        try:
            lock.check()
        except OutputError as exc:
            fatal = fatal or exc  # never write the state into a recreated OUT
            state.close()
        else:
            state.compact()
    return fatal


def _run_chunks(pool: Executor, plan: _Plan, out: Path, lock: OutLock, state: BatchState, summary: BatchSummary, progress: Progress, force: bool) -> KzError | None:
    """One executor pass per distinct target set (usually one); each chunk is collected as it
    finishes. A model or output error stops the run and is returned."""
    groups: dict[tuple[str, ...], list[Chunk]] = {}
    for tgts, arts in plan.chunks:
        groups.setdefault(tgts, []).append([(str(a.path), a.slug) for a in arts])
    for tgts, group in groups.items():
        fps = {t: plan.stamp.engines[t] for t in tgts}
        for chunk, results, error in pool.run(group, str(out), list(tgts), fps, lock.out_id):
            if isinstance(error, (ModelError, OutputError)):
                return error
            _collect_chunk(chunk, results, error, tgts, fps, plan, lock, state, summary, progress, force)
    return None


def _collect_chunk(chunk: Chunk, results: list[ArticleResult] | None, error: BaseException | None, tgts: tuple[str, ...], fps: dict[str, str], plan: _Plan, lock: OutLock, state: BatchState, summary: BatchSummary, progress: Progress, force: bool) -> None:
    """One finished chunk: an error of the whole chunk fails its articles; otherwise each result
    is collected, once OUT is known to be still the folder the run began with."""
    if error is not None:
        message = error.message if isinstance(error, KzError) else f"{error.__class__.__name__}: {error}"
        for _, slug in chunk:
            _failed(plan, summary, progress, slug, message)
        return
    missing = {slug for _, slug in chunk} - {res.slug for res in results or []}
    for slug in sorted(missing):
        _failed(plan, summary, progress, slug, "the pipeline returned no result")
    lock.check()  # OUT deleted meanwhile: stop before recording anything as done
    for res in results or []:
        _collect(res, tgts, fps, plan, state, summary, progress, force)


# -- collect -----------------------------------------------------------------------------------------


def _failed(plan: _Plan, summary: BatchSummary, progress: Progress, slug: str, message: str) -> None:
    summary.failed.append({"path": plan.by_slug[slug].rel, "error": message})
    progress.article(slug, 0, message)


def _collect(res: ArticleResult, tgts: tuple[str, ...], fps: dict[str, str], plan: _Plan, state: BatchState, summary: BatchSummary, progress: Progress, force: bool) -> None:
    """Record one article's result: in the state when its files are complete, else as failed
    (and, when refused as not Kazakh, remembered by content hash)."""
    article = plan.by_slug[res.slug]
    sha = plan.hashes[res.slug]
    error_text = res.error
    record = None
    if error_text is None:
        record, error_text = _record(article, res, tgts, fps, sha, plan.stamp, plan.out_real)
    if error_text is not None:
        summary.failed.append({"path": article.rel, "error": error_text})
        if res.error is not None and not force and _not_kazakh(article.path):
            state.refuse(sha, {"path": article.rel, "error": error_text, "kztranslate": plan.stamp.version})
    elif record is not None:
        state.record(res.slug, record)
        summary.translated += 1
        summary.sentences += res.sentences
    progress.article(res.slug, res.sentences if error_text is None else 0, error_text)


def _not_kazakh(path: Path) -> bool:
    """True when the article was refused for its language (the pipeline's own check, redone here
    for a failed article only), not for being unreadable or empty."""
    from kztranslate.detect import ensure_kazakh
    from kztranslate.textio import read_text

    try:
        text = read_text(path)
    except KzError:
        return False  # unreadable, empty, binary: not a refusal, reported every time
    try:
        ensure_kazakh(text, str(path))
    except InputError:
        return True
    return False


def _record(article: Article, res: ArticleResult, targets: tuple[str, ...], fingerprints: dict[str, str], sha: str, stamp: Stamp, out_real: Path) -> tuple[dict | None, str | None]:
    """The state record for a finished article, or why it cannot be recorded as complete."""
    files = []
    for f in res.files:
        rel = _relative(f, out_real)
        if rel is None:
            return None, f"pipeline wrote {f} outside the output folder"
        if not (out_real / rel).is_file():
            return None, f"output file {rel} is missing"
        files.append(rel)
    record_targets = {}
    for t in targets:
        want = f"{t}/{article.slug}.po"
        if want not in files:
            return None, f"no {t} PO file was written"
        record_targets[t] = {"engine": fingerprints[t], "file": want}
    pot = f"{article.slug}.pot"
    return {
        "path": article.rel,
        "sha256": sha,
        "glossary": stamp.glossary,
        "kztranslate": stamp.version,
        "pot": pot if pot in files else None,
        "targets": record_targets,
        "sentences": res.sentences,
    }, None
