"""Fetch one file over HTTP(S) with resume, verification and progress: the only network code there is.

``models get`` is the one command that may use the network, and only because a user runs it. Every
request goes through :func:`fetch`, with the standard library's ``urllib`` (so ``HTTP_PROXY``,
``HTTPS_PROXY`` and ``NO_PROXY`` are honoured as everywhere else, and no heavy client is needed):

* an existing partial file is continued with an HTTP ``Range`` request (``206``); a server that
  ignores ranges (``200``) is read from the start again, the partial file being truncated;
* the size (``Content-Length``/``Content-Range``, or the catalogue's) and the sha256 (catalogue) are
  verified; the sha256 is computed in any case, while the bytes stream by, and returned for the
  manifest. A file that fails verification is deleted, so a rerun starts clean;
* a dead connection, a timeout, a refused connection or an HTTP error is one :class:`ModelError`
  naming the URL (exit 3); what was received stays on disk for the next run to resume.
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol

from kztranslate.engine.archive import human_size
from kztranslate.errors import ModelError

CHUNK = 1 << 20
TIMEOUT_S = 60
_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)")


class Progress(Protocol):
    """What :func:`fetch` reports to (a rich bar on a terminal, nothing otherwise)."""

    def start(self, label: str, total: int | None, done: int) -> None: ...

    def advance(self, n: int) -> None: ...

    def finish(self) -> None: ...


class Silent:
    def start(self, label: str, total: int | None, done: int) -> None:
        pass

    def advance(self, n: int) -> None:
        pass

    def finish(self) -> None:
        pass


class PlainLog:
    """One line when a file starts and one when it ends (logs, CI, no terminal)."""

    def __init__(self, stream=None) -> None:
        import sys

        self.stream = stream or sys.stderr
        self._label, self._t0, self._done, self._first = "", 0.0, 0, 0

    def start(self, label: str, total: int | None, done: int) -> None:
        import time

        self._label, self._t0, self._done, self._first = label, time.monotonic(), done, done
        size = human_size(total) if total is not None else "size unknown"
        resumed = f", resuming at {human_size(done)}" if done else ""
        print(f"kztranslate: downloading {label} ({size}{resumed})", file=self.stream, flush=True)

    def advance(self, n: int) -> None:
        self._done += n

    def finish(self) -> None:
        import time

        took = max(time.monotonic() - self._t0, 1e-9)
        rate = (self._done - self._first) / took
        print(f"kztranslate: {self._label}: {human_size(self._done)} in {took:.1f} s ({human_size(rate)}/s)", file=self.stream, flush=True)


if TYPE_CHECKING:
    from rich.progress import TaskID


class RichBar:
    """A rich progress bar per file on a terminal: bytes, rate, time left."""

    def __init__(self, stream=None) -> None:
        import sys

        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

        self._progress = Progress(
            TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn(),
            console=Console(file=stream or sys.stderr), transient=False,
        )
        self._task: TaskID | None = None

    def start(self, label: str, total: int | None, done: int) -> None:
        from rich.markup import escape

        self._progress.start()
        self._task = self._progress.add_task(escape(label), total=total, completed=done)

    def advance(self, n: int) -> None:
        if self._task is not None:
            self._progress.advance(self._task, n)

    def finish(self) -> None:
        self._progress.stop()
        self._task = None


def progress_for(stream=None) -> Progress:
    """A rich bar when ``stream`` (stderr) is a terminal, plain lines otherwise."""
    import sys

    stream = stream or sys.stderr
    return RichBar(stream) if getattr(stream, "isatty", lambda: False)() else PlainLog(stream)


@dataclass(frozen=True)
class Fetched:
    path: Path
    size: int
    sha256: str
    resumed_from: int


def _user_agent() -> str:
    from kztranslate import __version__

    return f"kztranslate/{__version__} (models get)"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        exc = exc.reason if isinstance(exc.reason, BaseException) else exc
        if not isinstance(exc, BaseException):
            return str(exc)
    if isinstance(exc, socket.timeout):
        return f"no answer for {TIMEOUT_S} s"
    text = getattr(exc, "strerror", None) or str(exc) or exc.__class__.__name__
    return " ".join(str(text).split())


def remote_size(url: str) -> int | None:
    """The size a server announces for ``url`` (HEAD), or None when it does not say."""
    req = urllib.request.Request(url, method="HEAD", headers={"User-Agent": _user_agent()})
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT_S) as resp:
            length = resp.headers.get("Content-Length")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise ModelError(f"cannot reach {url} ({_reason(exc)})") from None
    return int(length) if length and length.isdigit() else None


def _hash_existing(path: Path) -> tuple[hashlib._Hash, int]:
    h = hashlib.sha256()
    done = 0
    if path.is_file():
        with open(path, "rb") as f:
            while chunk := f.read(CHUNK):
                h.update(chunk)
                done += len(chunk)
    return h, done


def _open(url: str, have: int, size: int | None):
    """The response for what is still missing (``Range`` when ``have`` bytes are there), or None
    when the server says nothing is left (416 on a partial file that may be complete)."""
    headers = {"User-Agent": _user_agent(), "Accept-Encoding": "identity"}
    if have and (size is None or have < size):
        headers["Range"] = f"bytes={have}-"
    try:
        return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=TIMEOUT_S)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:
            return None
        raise ModelError(f"cannot download {url} ({_reason(exc)})") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise ModelError(f"cannot download {url} ({_reason(exc)})") from None


def _expected_total(resp, url: str, have: int) -> tuple[int | None, bool]:
    """(total size the server announces, whether it continues at ``have``); a 200 restarts at 0."""
    if getattr(resp, "status", 200) == 206:
        m = _CONTENT_RANGE.match(resp.headers.get("Content-Range", ""))
        if not m or int(m.group(1)) != have:
            raise ModelError(f"cannot download {url} (server resumed at the wrong offset)")
        return (int(m.group(3)) if m.group(3) != "*" else None), True
    length = resp.headers.get("Content-Length")
    return (int(length) if length and length.isdigit() else None), False


def _stream(resp, dest: Path, h, have: int, url: str, progress: Progress, on_chunk: Callable[[int], None] | None) -> int:
    """Append what arrives to ``dest`` (hashing it), fsync, and return the bytes now on disk."""
    try:
        with open(dest, "ab" if have else "wb") as out:
            while True:
                chunk = resp.read1(CHUNK)  # what has arrived: a kill loses at most one chunk
                if not chunk:
                    break
                out.write(chunk)
                h.update(chunk)
                have += len(chunk)
                progress.advance(len(chunk))
                if on_chunk is not None:
                    on_chunk(have)
            out.flush()
            os.fsync(out.fileno())
    except (OSError, ValueError) as exc:  # connection reset, timeout, IncompleteRead, disk full
        if isinstance(exc, OSError) and "No space" in (exc.strerror or ""):
            raise ModelError(f"{dest.parent}: disk full while downloading {url}") from None
        raise ModelError(f"download of {url} broke off after {human_size(have)} ({_reason(exc)}); run the same command again to resume") from None
    finally:
        progress.finish()
    return have


def fetch(
    url: str,
    dest: Path,
    *,
    size: int | None = None,
    sha256: str | None = None,
    progress: Progress | None = None,
    label: str | None = None,
    on_chunk: Callable[[int], None] | None = None,
) -> Fetched:
    """Download ``url`` to ``dest``, continuing a partial ``dest``; verify; return size and sha256."""
    progress = progress or Silent()
    h, have = _hash_existing(dest)
    if size is not None and have > size:
        dest.unlink()
        h, have = hashlib.sha256(), 0
    resumed_from, total = have, size
    if not (size is not None and have == size):
        resp = _open(url, have, size)
        if resp is None:
            total = have
        else:
            with resp:
                total, continues = _expected_total(resp, url, have)
                if not continues:  # the whole file again
                    h, have, resumed_from = hashlib.sha256(), 0, 0
                total = total if total is not None else size
                if size is not None and total is not None and total != size:
                    raise ModelError(f"cannot download {url} (server says {total} bytes, the catalogue {size})")
                progress.start(label or dest.name, total, have)
                have = _stream(resp, dest, h, have, url, progress, on_chunk)
    if total is not None and have != total:
        raise ModelError(f"download of {url} broke off after {human_size(have)} of {human_size(total)}; run the same command again to resume")
    digest = h.hexdigest()
    if sha256 and digest != sha256.lower():
        dest.unlink(missing_ok=True)
        raise ModelError(f"{url}: sha256 mismatch (got {digest[:16]}…, the catalogue says {sha256[:16]}…); the file was deleted, run again to download it anew")
    return Fetched(path=dest, size=have, sha256=digest, resumed_from=resumed_from)
