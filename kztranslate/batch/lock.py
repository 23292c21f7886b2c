"""One batch run per output folder at a time: ``OUT/.kztranslate.lock``.

Why ``flock`` and not only a pid file: a run killed with ``kill -9`` cannot clean up, and a pid
check alone races (two new runs could both find the old pid dead and both take over). The kernel
releases an ``flock`` when its holder dies, so a stale lock is taken over automatically and two
live runs can never both hold it. The pid written into the file is for the error message only
("OUT is locked by pid N"). The file is removed on release; a run that opened the file just before
it was removed notices the inode changed and tries again. Where ``fcntl`` is missing (Windows) we
fall back to an exclusive create plus a pid liveness check.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from kztranslate.errors import OutputError

LOCK_NAME = ".kztranslate.lock"

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _read_pid(path: Path) -> int | None:
    for _ in range(20):  # the holder writes its pid right after locking; give it a moment
        try:
            text = path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            text = ""
        if text.isdigit():
            return int(text)
        time.sleep(0.01)
    return None


class OutLock:
    """Context manager holding the lock on an output folder (created if missing)."""

    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        self.path = self.out / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> "OutLock":
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{self.out}: cannot create the output folder ({exc.strerror or exc})") from None
        if fcntl is None:  # pragma: no cover
            return self._acquire_without_flock()
        for _ in range(50):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise OutputError(f"{self.out}: cannot write ({exc.strerror or exc})") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                pid = _read_pid(self.path)
                raise OutputError(f"{self.out} is locked by pid {pid if pid is not None else '?'} (another kztranslate batch is writing there)") from None
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if not same:  # the previous holder removed the file between our open and flock
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
            os.fsync(fd)
            self._fd = fd
            return self
        raise OutputError(f"{self.out}: cannot take the lock {self.path}")

    def _acquire_without_flock(self) -> "OutLock":  # pragma: no cover - Windows only
        for _ in range(3):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                pid = _read_pid(self.path)
                if pid is not None and _pid_alive(pid):
                    raise OutputError(f"{self.out} is locked by pid {pid} (another kztranslate batch is writing there)") from None
                try:
                    os.unlink(self.path)
                except OSError:
                    pass
                continue
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
            self._fd = fd
            return self
        raise OutputError(f"{self.out}: cannot take the lock {self.path}")

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.unlink(self.path)
        except OSError:
            pass
        os.close(self._fd)  # closing drops the flock
        self._fd = None

    def __enter__(self) -> "OutLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
