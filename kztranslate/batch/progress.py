"""Progress for a batch: a rich bar on a terminal, plain log lines otherwise.

Why two forms: a person at a terminal wants articles done/total, sentences per second and an ETA
on one redrawn line; a cron job or CI log wants one greppable line per finished article, never
carriage returns or colour codes. Both go to stderr, so stdout carries only the summary.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from rich.progress import TaskID


class Progress(Protocol):
    """What the runner tells the user while a batch runs (every reporter below implements it)."""

    def start(self, total: int, todo: int, skipped: int, ignored: int) -> None:
        """Before the first chunk: articles found, to translate, unchanged, ignored."""
        ...

    def article(self, slug: str, sentences: int, error: str | None) -> None:
        """One article finished (``error`` None) or failed (sentences 0)."""
        ...

    def close(self) -> None:
        """The run ended (successfully or not): stop redrawing."""
        ...


class PlainProgress:
    """One line per event on a non-terminal stream."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = 0
        self.done = 0
        self.sentences = 0
        self.t0 = time.monotonic()

    def _line(self, text: str) -> None:
        print(f"kztranslate: {text}", file=self.stream, flush=True)

    def start(self, total: int, todo: int, skipped: int, ignored: int) -> None:
        self.total = todo
        self._line(f"{total} articles: {todo} to translate, {skipped} unchanged (skipped), {ignored} ignored")

    def article(self, slug: str, sentences: int, error: str | None) -> None:
        self.done += 1
        self.sentences += sentences
        rate = self.sentences / max(1e-9, time.monotonic() - self.t0)
        status = f"FAILED: {error}" if error else f"{sentences} sentences"
        self._line(f"[{self.done}/{self.total}] {slug}: {status} ({rate:.1f} sentences/s)")

    def close(self) -> None:
        pass


class RichProgress:
    """A rich progress bar: articles done/total, sentences per second, ETA."""

    def __init__(self, stream: TextIO | None = None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self.console = Console(file=stream or sys.stderr)
        self.progress = Progress(
            TextColumn("[bold]translating"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("articles"),
            TextColumn("{task.fields[rate]:.1f} sentences/s"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self.console,
            transient=False,
        )
        self.task: TaskID | None = None
        self.sentences = 0
        self.t0 = time.monotonic()

    def start(self, total: int, todo: int, skipped: int, ignored: int) -> None:
        self.console.print(f"{total} articles: {todo} to translate, {skipped} unchanged (skipped), {ignored} ignored")
        self.progress.start()
        self.task = self.progress.add_task("batch", total=todo, rate=0.0)

    def article(self, slug: str, sentences: int, error: str | None) -> None:
        self.sentences += sentences
        if error:
            from rich.markup import escape  # a path or message may hold "[/...]", which rich reads as markup

            self.progress.console.print(f"[red]failed[/red] {escape(slug)}: {escape(error)}", markup=True, highlight=False)
        rate = self.sentences / max(1e-9, time.monotonic() - self.t0)
        if self.task is not None:
            self.progress.update(self.task, advance=1, rate=rate)

    def close(self) -> None:
        self.progress.stop()


class NoProgress:
    """Silence (library callers, ``quiet``)."""

    def start(self, total: int, todo: int, skipped: int, ignored: int) -> None:
        pass

    def article(self, slug: str, sentences: int, error: str | None) -> None:
        pass

    def close(self) -> None:
        pass


def make_progress(stream: TextIO | None = None, quiet: bool = False) -> Progress:
    stream = stream or sys.stderr
    if quiet:
        return NoProgress()
    return RichProgress(stream) if stream.isatty() else PlainProgress(stream)
