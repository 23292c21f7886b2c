"""Vet and unpack model archives (``.argosmodel`` packages and downloaded ``.zip`` models).

Both ``models install`` and ``models get`` unpack archives that came from somewhere else, so both go
through here. Everything that can be decided from the archive's central directory is decided
*before* a byte is decompressed: entry names (no absolute paths, no ``..``, no symlinks or other
special files), the declared unpacked size against a hard cap, each entry's compression ratio (a zip
bomb declares gigabytes for a few kilobytes) and the free space on the destination's file system.
Only then are the entries decompressed, one at a time, with the bytes actually written counted
against what the entry declared, and every CRC checked as it is read (``zipfile`` raises on a bad
CRC at the end of each member), so a damaged archive fails during the one pass that unpacks it
instead of being decompressed twice (``testzip`` and then ``extract``).
"""

from __future__ import annotations

import shutil
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kztranslate.errors import ModelError

MAX_UNPACKED_BYTES = 64 * 1024**3  # above NLLB-200 3.3B in float32 (about 18 GB); stops zip bombs
MAX_RATIO = 200  # deflate reaches about 1000:1 only on degenerate data; model weights compress < 2:1
RATIO_FLOOR = 16 * 1024**2  # entries declaring less than this are never refused for their ratio
SPACE_MARGIN = 64 * 1024**2  # keep this much free after unpacking


@dataclass(frozen=True)
class Vetted:
    """An archive whose directory passed every check; ``top`` is its single top-level folder or None."""

    path: Path
    top: str | None
    names: frozenset[str]
    unpacked_bytes: int


def _entry_problem(info: zipfile.ZipInfo) -> str:
    name = info.filename
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return f"absolute path {name!r}"
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if ".." in parts:
        return f"path escaping the package folder {name!r}"
    mode = info.external_attr >> 16
    if mode and stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
        kind = "symlink" if stat.S_ISLNK(mode) else "special file"
        return f"{kind} {name!r}"
    return ""


def human_size(n: float) -> str:
    """``623.0 MB`` style sizes for messages (decimal units, as download sizes are quoted)."""
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if abs(n) < 1000 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"


def free_bytes(folder: Path) -> int:
    """Free space on the file system holding ``folder`` (its nearest existing ancestor)."""
    probe = Path(folder)
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    return shutil.disk_usage(probe).free


def ensure_space(folder: Path, needed: int, what: str) -> None:
    """Refuse, before writing, when ``needed`` bytes (plus a margin) do not fit in ``folder``."""
    free = free_bytes(folder)
    if needed + SPACE_MARGIN > free:
        raise ModelError(f"{what} needs {human_size(needed)} but {folder} has only {human_size(free)} free")


def vet(path: Path, label: str, *, what: str = "archive", max_unpacked: int = MAX_UNPACKED_BYTES) -> Vetted:
    """Check the archive's directory (names, sizes, ratios) without decompressing anything."""
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{label}: not {'an' if what[0] in '.aeiou' else 'a'} {what} (not a zip archive, or truncated)")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise ModelError(f"{label}: damaged {what} ({exc})") from None
    total = 0
    for info in infos:
        problem = _entry_problem(info)
        if problem:
            raise ModelError(f"{label}: refused: archive contains {problem}")
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ModelError(
                f"{label}: refused: entry {info.filename!r} declares {human_size(info.file_size)} from "
                f"{human_size(info.compress_size)} (compression ratio above {MAX_RATIO}:1, a zip bomb?)"
            )
    if total > max_unpacked:
        raise ModelError(f"{label}: refused: archive declares {human_size(total)} unpacked (limit {human_size(max_unpacked)})")
    names = frozenset(i.filename.replace("\\", "/") for i in infos)
    tops = {PurePosixPath(n).parts[0] for n in names if n.strip("/")}
    top = next(iter(tops)) if len(tops) == 1 and any("/" in n.strip("/") for n in names) else None
    return Vetted(path=Path(path), top=top, names=names, unpacked_bytes=total)


def extract(vetted: Vetted, dest: Path, label: str, *, what: str = "archive") -> None:
    """Unpack a vetted archive into the new folder ``dest`` (regular files and folders only).

    Free space is checked first from the declared sizes; each member is decompressed once, its CRC
    checked by ``zipfile`` at the end of the member, and the bytes written may not exceed what it
    declared (a lying header cannot fill the disk).
    """
    ensure_space(dest.parent, vetted.unpacked_bytes, f"unpacking {label}")
    dest.mkdir(parents=True)
    base = dest.resolve()
    try:
        with zipfile.ZipFile(vetted.path) as zf:
            for info in zf.infolist():
                rel = info.filename.replace("\\", "/")
                target = (dest / rel).resolve()
                if base not in target.parents and target != base:
                    raise ModelError(f"{label}: refused: archive entry {info.filename!r} escapes the package folder")
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                written = 0
                with zf.open(info) as src, open(target, "wb") as out:
                    while True:
                        chunk = src.read(1 << 20)
                        if not chunk:
                            break
                        written += len(chunk)
                        if written > info.file_size:
                            raise ModelError(f"{label}: refused: entry {info.filename!r} unpacks to more than it declares")
                        out.write(chunk)
    except ModelError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, zlib.error) as exc:
        reason = "bad CRC" if "CRC" in str(exc) else str(exc) or exc.__class__.__name__
        raise ModelError(f"{label}: damaged {what} ({reason})") from None
