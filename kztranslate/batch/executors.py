"""Where chunks of articles run: in this process, in local worker processes, or on dask.

All three run :func:`kztranslate.batch.worker.run_chunk` on the same chunks, so their output is
the same. Each yields ``(chunk, results, error)`` as chunks finish, in completion order; ``error``
is an exception raised by the whole chunk (the pipeline itself collects per-article errors).

* ``serial`` (``--jobs 1``, local): no process start-up cost, CTranslate2 uses every core.
* ``local`` (``--jobs N``): a ``ProcessPoolExecutor`` of N spawned workers, each allowed
  ``cores // N`` CTranslate2 threads (:func:`thread_options`) so the workers share the cores instead of fighting over them.
  Workers die with the coordinator (Linux parent-death signal), so ``kill -9`` leaves no writer.
* ``dask``: a ``distributed.Client`` on a LocalCluster (N single-threaded worker processes) or on
  ``--scheduler``; the engine is cached per worker process.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Iterator, Optional, Protocol

import kztranslate.batch.worker as worker
from kztranslate.batch.threads import cores, thread_options, threads_per_worker
from kztranslate.errors import InputError
from kztranslate.outlock import FolderId

if TYPE_CHECKING:
    from kztranslate.pipeline import ArticleResult

Chunk = list[tuple[str, str]]  # (article path, slug) pairs
# One finished chunk: its articles' results, or the exception that stopped the whole chunk.
ChunkOutcome = tuple[Chunk, Optional[list["ArticleResult"]], Optional[BaseException]]

__all__ = ["Chunk", "ChunkOutcome", "Executor", "make_executor", "cores", "thread_options", "threads_per_worker"]


class Executor(Protocol):
    """What the runner needs from where chunks run (serial, local processes, dask)."""

    name: str

    def run(self, chunks: list[Chunk], out: str, targets: list[str], fingerprints: dict[str, str], out_id: FolderId | None) -> Iterator[ChunkOutcome]:
        """Run every chunk into ``out`` and yield each outcome as it finishes (completion order).
        ``out_id``: OUT's identity taken with the lock; workers refuse to write once OUT is not it."""
        ...

    def close(self) -> None:
        """Stop the workers: wait for chunks in flight, cancel those not started."""
        ...


class SerialExecutor:
    name: str = "serial"

    def __init__(self, models_dir: str | None, options: dict, threads: int | None = None) -> None:
        self.models_dir = models_dir
        self.options = {**options, **thread_options(threads or cores())}

    def run(self, chunks: list[Chunk], out: str, targets: list[str], fingerprints: dict[str, str], out_id: FolderId | None) -> Iterator[ChunkOutcome]:
        for chunk in chunks:
            try:
                yield chunk, worker.run_chunk(chunk, out, targets, fingerprints, self.models_dir, self.options, out_id), None
            except Exception as exc:  # reported per article by the runner
                yield chunk, None, exc

    def close(self) -> None:
        pass


class LocalExecutor:
    name: str = "local"

    def __init__(self, jobs: int, models_dir: str | None, options: dict, threads: int | None = None) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.jobs = jobs
        self.models_dir = models_dir
        self.options = {**options, **thread_options(threads or threads_per_worker(jobs))}
        self.pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=worker.init_local_worker,
            initargs=(models_dir, self.options),
        )

    def run(self, chunks: list[Chunk], out: str, targets: list[str], fingerprints: dict[str, str], out_id: FolderId | None) -> Iterator[ChunkOutcome]:
        from concurrent.futures import as_completed

        futures = {self.pool.submit(worker.run_chunk, chunk, out, targets, fingerprints, self.models_dir, self.options, out_id): chunk for chunk in chunks}
        for fut in as_completed(futures):
            exc = fut.exception()
            yield futures[fut], (None if exc else fut.result()), exc

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    name: str = "dask"

    def __init__(self, jobs: int, models_dir: str | None, options: dict, scheduler: str | None = None, threads: int | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise InputError("--executor dask needs dask.distributed: pip install 'kztranslate[dask]'") from None
        self.cluster = None
        self.options = dict(options)
        self.remote = bool(scheduler)
        if scheduler:
            # A real cluster: models come from each worker's own models directory (checked against
            # our fingerprints in every task); threads from each worker's cores and task slots.
            self.models_dir = None
            self.threads = threads
            try:
                self.client = Client(scheduler, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise InputError(f"cannot reach the dask scheduler at {scheduler} ({exc})") from None
        else:
            self.models_dir = models_dir
            self.threads = threads or threads_per_worker(jobs)
            import dask

            # dask's nanny sets MALLOC_TRIM_THRESHOLD_=65536 for its workers: glibc then returns
            # memory to the OS after nearly every CTranslate2 batch, which doubled the decoding
            # time in our measurements (system time). Keep glibc's default for our own cluster.
            dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None})
            self.cluster = LocalCluster(
                n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
            )
            self.client = Client(self.cluster)

    def run(self, chunks: list[Chunk], out: str, targets: list[str], fingerprints: dict[str, str], out_id: FolderId | None) -> Iterator[ChunkOutcome]:
        from distributed import as_completed

        # A remote worker sees OUT through its own mount (another st_dev): it takes OUT's identity
        # itself at the start of each chunk. Our LocalCluster shares this machine's view.
        where = None if self.remote else out_id
        futures = {}
        for chunk in chunks:
            fut = self.client.submit(worker.run_chunk_dask, chunk, out, targets, fingerprints, self.models_dir, self.options, self.threads, where, pure=False)
            futures[fut.key] = (fut, chunk)
        for fut in as_completed([f for f, _ in futures.values()]):
            chunk = futures[fut.key][1]
            try:
                yield chunk, fut.result(), None
            except Exception as exc:
                yield chunk, None, exc

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()


def make_executor(kind: str, jobs: int, models_dir: str | None, options: dict, scheduler: str | None = None, threads: int | None = None) -> Executor:
    if kind == "dask":
        return DaskExecutor(jobs, models_dir, options, scheduler, threads)
    if kind != "local":
        raise InputError(f"unknown executor {kind!r} (use local or dask)")
    if scheduler:
        raise InputError("--scheduler only applies to --executor dask")
    if jobs == 1:
        return SerialExecutor(models_dir, options, threads)
    return LocalExecutor(jobs, models_dir, options, threads)
