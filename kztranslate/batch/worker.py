"""The per-chunk work, identical for every executor: translate a few articles in one worker.

A worker process keeps one engine per settings (module-level cache), so each model is loaded once
per worker however many chunks it runs. The worker checks that its engine would use the same models
as the coordinating process computed for the state file (a remote dask worker could have other
models installed); a mismatch is a :class:`ModelError`, never silently mixed output.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kztranslate.batch.threads import thread_options
from kztranslate.errors import ModelError
from kztranslate.outlock import FolderId, ensure_same_folder, folder_identity, out_gone

if TYPE_CHECKING:
    from kztranslate.pipeline import ArticleResult

SOURCE = "kk"
_ENGINES: dict[tuple, object] = {}


def set_parent_death_signal() -> None:
    """Linux: die with SIGKILL when the parent dies, so a killed ``batch`` leaves no writer behind."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # parent already gone before prctl took effect
            os._exit(1)
    except Exception:
        pass


# Not an engine option: carried in the same dict so every executor ships it to the workers unchanged.
ANY_LANGUAGE = "any_language"
# Likewise not an engine option: `batch --engine none` (no machine translation; the PO files are
# written untranslated, translation memory still applied), shipped to every worker.
NO_ENGINE = "no_engine"
NO_ENGINE_FINGERPRINT = "none"


def get_engine(models_dir: str | None, options: dict):
    """The worker's engine for these settings (None with ``options[NO_ENGINE]``)."""
    if options.get(NO_ENGINE):
        return None
    options = {k: v for k, v in options.items() if k not in (ANY_LANGUAGE, NO_ENGINE)}
    key = (models_dir, tuple(sorted(options.items())))
    engine = _ENGINES.get(key)
    if engine is None:
        from kztranslate.engine import load_engine

        engine = load_engine(Path(models_dir) if models_dir else None, **options)
        _ENGINES[key] = engine
    return engine


def init_local_worker(models_dir: str | None, options: dict) -> None:
    """ProcessPoolExecutor initializer: parent-death signal, then build the engine once."""
    set_parent_death_signal()
    get_engine(models_dir, options)


def run_chunk(chunk: list[tuple[str, str]], out: str, targets: list[str], fingerprints: dict[str, str], models_dir: str | None, options: dict, out_id: FolderId | None = None) -> list[ArticleResult]:
    """Translate ``chunk`` (``(path, slug)`` pairs) into ``out``; return the pipeline's ArticleResults.

    ``options[ANY_LANGUAGE]`` (set by ``batch --force``) is the pipeline's ``force``: translate an
    article even when it does not look like Kazakh, as the refusal message suggests.

    ``out_id``: OUT's identity as the coordinator took it with the lock (None: take it here). OUT
    must exist and still be that folder before the chunk starts and at every write (the pipeline
    checks), so a chunk that starts, or is still running, after OUT was deleted stops with
    :class:`~kztranslate.outlock.OutFolderGone` instead of recreating OUT.
    """
    from kztranslate.pipeline import ArticleJob, translate_articles

    out_id = out_id or folder_identity(out)
    if out_id is None:  # never create OUT from a worker: the coordinator did, under its lock
        raise out_gone(out)
    ensure_same_folder(out, out_id)

    engine = get_engine(models_dir, options)
    for target in targets:
        mine = engine.fingerprint(SOURCE, target) if engine is not None else NO_ENGINE_FINGERPRINT
        if mine != fingerprints[target]:
            raise ModelError(f"worker {os.uname().nodename}:{os.getpid()} would translate kk→{target} with {mine}, the coordinator with {fingerprints[target]}; install the same models on every worker")
    jobs = [ArticleJob(path=Path(p), slug=s) for p, s in chunk]
    return translate_articles(jobs, Path(out), list(targets), engine=engine, force=bool(options.get(ANY_LANGUAGE)), on_error="collect", out_id=out_id)


def run_chunk_dask(chunk: list[tuple[str, str]], out: str, targets: list[str], fingerprints: dict[str, str], models_dir: str | None, options: dict, threads: int | None = None, out_id: FolderId | None = None) -> list[ArticleResult]:
    """dask task: like :func:`run_chunk`; ``threads`` is this task's core budget (None: the
    worker machine's cores // the worker's task slots)."""
    if threads is None:
        try:
            from distributed import get_worker

            slots = max(1, get_worker().state.nthreads)
        except Exception:
            slots = 1
        threads = max(1, (os.cpu_count() or 1) // slots)
    return run_chunk(chunk, out, targets, fingerprints, models_dir, {**options, **thread_options(threads)}, out_id)
