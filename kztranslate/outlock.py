"""One writing run (``translate`` or ``batch``) per output folder at a time: ``OUT/.kztranslate.lock``.

The lock is a file of its own, never one of the PO files it guards: editors replace PO files on
save (a new inode), which would silently drop a lock held on the file itself.

Why ``flock`` and not only a pid file: a run killed with ``kill -9`` cannot clean up, and a pid
check alone races (two new runs could both find the old pid dead and both take over). The kernel
releases an ``flock`` when its holder dies, so a stale lock is taken over automatically and two
live runs can never both hold it. The pid written into the file is for the error message only
("OUT is locked by pid N"). The file is removed on release; a run that opened the file just before
it was removed notices the inode changed and tries again. Where ``fcntl`` is missing (Windows) we
fall back to an exclusive create plus a pid liveness check.

Deleting OUT during a run deletes the lock file with it, and a second run could then take a new
lock on a recreated OUT. :meth:`OutLock.check` notices (OUT's or the lock file's identity changed)
so the holder stops with one line instead of writing into, and reporting success for, a folder
that lost the earlier files. Folders the lock had to create are removed again on release when they
are still empty, so a run refused for bad input leaves nothing behind.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

from kztranslate.errors import OutputError

LOCK_NAME = ".kztranslate.lock"

FolderId = tuple[int, int]  # (st_dev, st_ino) of a folder: "still the same folder", not only "same path"


class OutFolderGone(OutputError):
    """OUT was deleted or replaced while a run was writing into it: the run must stop (never
    recreate OUT, never report success), unlike a per-article write error that only fails one article."""


def out_gone(out: str | os.PathLike[str], what: str = "the output folder") -> OutFolderGone:
    """The one wording of :class:`OutFolderGone`, wherever the loss is seen (the coordinator's lock,
    a worker's start, a pipeline write). A function, not a constructor: workers send the error back
    pickled, and an exception is rebuilt from its message."""
    return OutFolderGone(f"{out}: {what} was deleted or replaced during the run; stopping (not recreating it): files written earlier are gone, run again")


def folder_identity(path: str | os.PathLike[str]) -> FolderId | None:
    """``(st_dev, st_ino)`` of the folder at ``path``, or None when there is no folder there."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISDIR(st.st_mode) else None


def ensure_same_folder(path: str | os.PathLike[str], identity: FolderId | None) -> None:
    """Raise :class:`OutFolderGone` unless ``path`` is still the folder whose identity was taken
    (nothing to check when ``identity`` is None: OUT did not exist when the caller started)."""
    if identity is not None and folder_identity(path) != identity:
        raise out_gone(path)


def make_folder_below(out: Path, folder: Path, identity: FolderId | None) -> None:
    """Create ``folder`` (inside ``out``) and its parents up to, but never including, ``out``.

    Why not ``mkdir(parents=True)``: a worker still writing when OUT is deleted would recreate OUT
    and leave a partial tree that looks like a finished run. Each level is created with a plain
    ``mkdir``, which fails when OUT is gone; OUT's identity is checked first and after.
    With ``identity`` None (OUT did not exist when the caller started) parents are created as usual.
    """
    if identity is None:
        folder.mkdir(parents=True, exist_ok=True)
        return
    ensure_same_folder(out, identity)
    current = out
    for part in folder.relative_to(out).parts:
        current = current / part
        try:
            os.mkdir(current)
        except FileExistsError:
            pass
        except FileNotFoundError:
            ensure_same_folder(out, identity)
            raise
    ensure_same_folder(out, identity)

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
        self._out_id: FolderId | None = None
        self._created: list[Path] = []

    def acquire(self) -> "OutLock":
        missing = [p for p in (self.out, *self.out.parents) if not p.exists()]
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            self._out_id = folder_identity(self.out)
            self._created = missing  # deepest first
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
                raise OutputError(f"{self.out} is locked by pid {pid if pid is not None else '?'} (another kztranslate translate or batch is writing there)") from None
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
                    raise OutputError(f"{self.out} is locked by pid {pid} (another kztranslate translate or batch is writing there)") from None
                try:
                    os.unlink(self.path)
                except OSError:
                    pass
                continue
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
            self._fd = fd
            return self
        raise OutputError(f"{self.out}: cannot take the lock {self.path}")

    def check(self) -> None:
        """Raise a one-line :class:`OutputError` when OUT or the lock file was deleted or replaced
        since :meth:`acquire` (the earlier files are gone, and another run may hold a new lock)."""
        if self._fd is None:
            return
        try:
            same = folder_identity(self.out) == self._out_id and os.fstat(self._fd).st_ino == os.stat(self.path).st_ino
        except OSError:
            same = False
        if not same:
            raise out_gone(self.out, "the output folder (or its lock file)")

    @property
    def out_id(self) -> FolderId | None:
        """OUT's identity when the lock was taken: workers refuse to write once OUT is no longer it."""
        return self._out_id

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            if os.fstat(self._fd).st_ino == os.stat(self.path).st_ino:
                os.unlink(self.path)  # never another run's lock on a recreated OUT
        except OSError:
            pass
        os.close(self._fd)  # closing drops the flock
        self._fd = None
        for folder in self._created:  # only folders we created, only while still empty
            try:
                os.rmdir(folder)
            except OSError:
                break
        self._created = []

    def __enter__(self) -> "OutLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
