"""Scaling benchmark: ms per KB of ``glossary match`` and ``segment`` from 1 KB to 10 MB of input, in one run.

Why: an archive or a whole year of a paper is one input; a cost per KB that grows with the input
(a scan over the whole text per match, a regex that backtracks over a paragraph) makes such a file
take hours where an article takes milliseconds. The goal (issue 16) is a flat cost per KB within
1.5x from 1 KB to 10 MB.

Input: real Kazakh news text: the reference article (../shared/seed/, else the shipped example),
repeated and cut at a paragraph break to each size; one paragraph per article line, as in the
newsroom's files. Each size is timed on the functions the commands call (``Glossary.match_written``,
``segment``), in-process, after a warm-up (the glossary's matcher is built once, outside the
timing); small sizes are repeated until 0.3 s have passed and the best of three repetitions is
kept. Times are CPU seconds of this process (``time.process_time``): on a machine shared with
other jobs they move far less than wall-clock time. The machine's ceiling (the same fixed work in 2 processes vs 1) and the load average are
printed so a slow machine can be told from slow code.

Run: ``python bench/bench_scaling.py [--max-mb 10]``.
"""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kztranslate.glossary import default_glossary  # noqa: E402
from kztranslate.segment import segment  # noqa: E402

SHARED = ROOT.parent / "shared"
SIZES_KB = (1, 10, 100, 1000, 10000)


def source_text() -> str:
    seed = SHARED / "seed" / "dknews-referendum-meeting.kk.txt"
    if seed.exists():
        return seed.read_text("utf-8")
    return next((ROOT / "examples").rglob("*.kk.txt")).read_text("utf-8")


def text_of(kb: int, base: str) -> str:
    """``base`` repeated to at least ``kb`` KB (UTF-8), cut at the last paragraph break before it."""
    target = kb * 1024
    unit = base.rstrip("\n") + "\n\n"
    reps = target // len(unit.encode("utf-8")) + 1
    text = unit * reps
    while len(text.encode("utf-8")) > target and "\n\n" in text[: len(text) - 1]:
        cut = text.rfind("\n\n", 0, len(text) - 2)
        if cut <= 0 or len(text[:cut].encode("utf-8")) < target * 0.9:
            break
        text = text[: cut + 2]
    return text


def ms_per_kb(fn, text: str) -> float:
    size_kb = len(text.encode("utf-8")) / 1024
    best = float("inf")
    for _ in range(3 if size_kb < 5000 else 1):
        n, t0 = 0, time.process_time()
        while True:
            fn(text)
            n += 1
            spent = time.process_time() - t0
            if spent >= 0.3 or size_kb >= 1000:
                break
        best = min(best, spent / n)
    return best * 1000 / size_kb


def _fixed_work(_: int) -> float:
    t0 = time.perf_counter()
    sum(i * i for i in range(3_000_000))
    return time.perf_counter() - t0


def machine_ceiling() -> float:
    """Throughput of the same fixed CPU work in 2 processes vs 1 (2.0 on two idle cores)."""
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_fixed_work, range(2)))
        t0 = time.perf_counter()
        list(pool.map(_fixed_work, range(1)))
        one = time.perf_counter() - t0
        t0 = time.perf_counter()
        list(pool.map(_fixed_work, range(2)))
        two = time.perf_counter() - t0
    return 2 * one / two


def main() -> None:
    max_kb = 10000
    if "--max-mb" in sys.argv:
        max_kb = int(float(sys.argv[sys.argv.index("--max-mb") + 1]) * 1000)
    base = source_text()
    glossary = default_glossary()
    glossary.match_written(base)
    segment(base)
    systems = {"glossary match": glossary.match_written, "segment": segment}
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}; machine ceiling (2 processes vs 1) {machine_ceiling():.2f}x")
    print(f"{'size':>8}" + "".join(f"{name + ' ms/KB':>22}" for name in systems))
    rows: dict[str, list[float]] = {name: [] for name in systems}
    for kb in SIZES_KB:
        if kb > max_kb:
            break
        text = text_of(kb, base)
        line = f"{kb:>6}KB"
        for name, fn in systems.items():
            value = ms_per_kb(fn, text)
            rows[name].append(value)
            line += f"{value:22.3f}"
        print(line, flush=True)
    for name, values in rows.items():
        print(f"{name}: largest/smallest ms per KB {max(values) / min(values):.2f}x (goal <= 1.5x)")
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
