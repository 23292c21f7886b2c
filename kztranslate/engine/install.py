"""Install an ``.argosmodel`` file safely.

Argos' own ``install_from_path`` extracts straight into the package directory: a truncated archive
leaves half a package behind, and it trusts entry names. We check every entry first (no absolute
paths, no ``..``, no symlinks or other special files, one top-level folder), extract into a hidden
staging folder inside the models directory, check the result is a package argostranslate can read,
and only then rename it into place. Any failure leaves the directory as it was.
"""

from __future__ import annotations

import shutil
import stat
import zipfile
from pathlib import Path, PurePosixPath

from kztranslate.errors import InputError, ModelError
from kztranslate.engine.store import ARGOS_METADATA, ModelInfo, models_dir, publish, read_model, staging_dir

MAX_UNPACKED_BYTES = 8 * 1024**3  # far above any real model; stops zip bombs filling the disk


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


def _check_archive(path: Path) -> tuple[zipfile.ZipFile, str | None]:
    """Open and vet the archive; return it and its single top-level folder (None: files at the root)."""
    label = path.name
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{label}: not an .argosmodel package (not a zip archive, or truncated)")
    try:
        zf = zipfile.ZipFile(path)
        bad = zf.testzip()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise ModelError(f"{label}: damaged .argosmodel archive ({exc})") from None
    except Exception as exc:  # zlib.error and friends on corrupt data
        raise ModelError(f"{label}: damaged .argosmodel archive ({exc.__class__.__name__})") from None
    if bad is not None:
        zf.close()
        raise ModelError(f"{label}: damaged .argosmodel archive (bad CRC in {bad!r})")
    infos = zf.infolist()
    for info in infos:
        problem = _entry_problem(info)
        if problem:
            zf.close()
            raise ModelError(f"{label}: refused: archive contains {problem}")
    if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        zf.close()
        raise ModelError(f"{label}: refused: archive unpacks to more than {MAX_UNPACKED_BYTES // 1024**3} GiB")
    tops = {PurePosixPath(i.filename.replace("\\", "/")).parts[0] for i in infos if i.filename.strip("/")}
    names = {i.filename.replace("\\", "/") for i in infos}
    if len(tops) == 1:
        top = next(iter(tops))
        if f"{top}/{ARGOS_METADATA}" in names:
            return zf, top
    if ARGOS_METADATA in names:
        return zf, None
    zf.close()
    raise ModelError(f"{label}: not an Argos package (no {ARGOS_METADATA} in a single top-level folder)")


def install_argosmodel(file: Path, root: Path | None = None) -> ModelInfo:
    """Install ``file`` into the models directory and return the installed model."""
    file = Path(file)
    if not file.exists():
        raise InputError(f"{file}: no such file")
    if not file.is_file():
        raise InputError(f"{file}: not a file")
    root = models_dir(root)
    zf, top = _check_archive(file)
    stage = staging_dir(root, "installing")
    try:
        with zf:
            try:
                _extract(zf, stage / "pkg")
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise ModelError(f"{file.name}: damaged .argosmodel archive ({exc})") from None
            except Exception as exc:
                raise ModelError(f"{file.name}: damaged .argosmodel archive ({exc.__class__.__name__})") from None
        package = stage / "pkg" / top if top else stage / "pkg"
        info = read_model(package)
        if info is None:
            raise ModelError(f"{file.name}: not a translation package (metadata.json type is not 'translate')")
        if not info.usable:
            raise ModelError(f"{file.name}: unusable package: {info.problem}")
        name = top if top else file.stem
        dest = publish(package, root, name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    installed = read_model(dest)
    assert installed is not None
    return installed


def _extract(zf: zipfile.ZipFile, dest: Path) -> None:
    """Extract vetted entries one by one (regular files and folders only)."""
    dest.mkdir(parents=True)
    base = dest.resolve()
    for info in zf.infolist():
        rel = info.filename.replace("\\", "/")
        target = (dest / rel).resolve()
        if base not in target.parents and target != base:
            raise ModelError(f"refused: archive entry {info.filename!r} escapes the package folder")
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with zf.open(info) as src, open(target, "wb") as out:
            shutil.copyfileobj(src, out, 1024 * 1024)
