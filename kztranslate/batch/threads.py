"""How many cores a batch may use, and how a worker splits its share between CTranslate2 threads.

A module of its own because both sides need it: the coordinator (how many workers, ``--jobs``'s
default) and the workers (a dask task computes its own budget on a remote host), and neither the
executors nor the worker should import the other for it.
"""

from __future__ import annotations

import os


def cores() -> int:
    """The cores this process may run on (its CPU affinity, e.g. a container's or ``taskset``'s
    limit), not the machine's total: more workers than that would only time-share."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def threads_per_worker(jobs: int) -> int:
    return max(1, cores() // max(1, jobs))


def thread_options(budget: int) -> dict[str, int]:
    """CTranslate2 threads for a worker allowed ``budget`` cores: up to two batches in flight
    (inter_threads, what the engine does on its own for the whole machine), the rest as intra."""
    inter = max(1, min(2, budget))
    return {"inter_threads": inter, "intra_threads": max(1, budget // inter)}
