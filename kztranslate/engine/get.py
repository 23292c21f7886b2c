"""``models get NAME``: download a catalogued model, verify it, unpack it and register it, safely.

The path from URL to usable model, and what each step guarantees:

1. **Work folder** ``MODELS/.downloading-NAME/``: downloads land here and stay between runs, so an
   interrupted download (Ctrl-C, a dead connection, kill -9) is continued by the next
   ``models get NAME`` with an HTTP ``Range`` request. The running process holds its owner lock
   (two ``get`` of one model cannot interleave); ``models list`` shows it as a partial download and
   ``models remove NAME`` discards it.
2. **Free space** is checked before the first byte: what is left to download plus the catalogue's
   installed size must fit, with a margin.
3. **Verify**: size and sha256 where the catalogue gives them (:mod:`.download`), the sha256 always
   computed and recorded in the manifest; archives are vetted from their directory and unpacked
   with every CRC checked (:mod:`.archive`). A file that fails is deleted.
4. **Assemble** the model folder in a staging folder on the same file system (downloaded files are
   moved, not copied), describe it with the importer's checks (language tokens, tokenizer,
   token order from the catalogue), and rename it into place. Until that rename nothing is
   installed; after it the work folder is deleted.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kztranslate.engine import archive
from kztranslate.engine.download import Progress, fetch, remote_size
from kztranslate.engine.importer import build_manifest, register
from kztranslate.engine.model_catalog import CatalogModel
from kztranslate.engine.store import DOWNLOAD_PREFIX, OWNER_LOCK, ModelInfo, Staging, ensure_writable_dir, hold_owner_lock, models_dir, read_model
from kztranslate.errors import InputError, ModelError, OutputError


def work_folder(root: Path, name: str) -> Path:
    return root / f"{DOWNLOAD_PREFIX}{name}"


def _take(work: Path, name: str) -> int:
    work.mkdir(exist_ok=True)
    if work.is_symlink() or not work.is_dir():
        raise OutputError(f"{work}: exists and is not a folder")
    try:
        return hold_owner_lock(work)
    except BlockingIOError:
        raise OutputError(f"another `kztranslate models get {name}` is running on {work.parent}") from None
    except OSError as exc:
        raise OutputError(f"{work}: cannot write ({exc.strerror or exc})") from None


def _needed_bytes(model: CatalogModel, work: Path) -> int:
    """Bytes still to download plus what unpacking will write (the catalogue's installed size)."""
    need = 0
    for f in model.files:
        size = f.size if f.size is not None else remote_size(f.url)
        have = (work / f.name).stat().st_size if (work / f.name).is_file() else 0
        need += max(0, (size or 0) - have)
    unpack = model.size or 0
    return need + (unpack if any(f.unpack for f in model.files) else 0)


def _model_folder(unpacked: Path, vetted: archive.Vetted) -> Path:
    """The folder inside an unpacked archive that holds model.bin (the archive's top folder, or its root)."""
    candidates = [unpacked / vetted.top] if vetted.top else []
    candidates.append(unpacked)
    for c in candidates:
        if (c / "model.bin").is_file():
            return c
    raise ModelError(f"{vetted.path.name}: the archive holds no model.bin at its top")


def get_model(model: CatalogModel, root: Path | None = None, *, progress: Progress | None = None) -> ModelInfo:
    """Download, verify and install ``model`` (see module docstring); the caller has dealt with its licence."""
    root = ensure_writable_dir(models_dir(root))
    if (root / model.name).exists():
        installed = read_model(root / model.name)
        if installed is not None and installed.usable and installed.details.get("catalog") == model.name:
            return installed  # already there: a rerun of the quick start is not an error
        raise InputError(f"a folder named {model.name!r} is already in {root} and is not this catalogue model; remove it first (`kztranslate models remove {model.name}`)")
    work = work_folder(root, model.name)
    fd = _take(work, model.name)
    try:
        archive.ensure_space(root, _needed_bytes(model, work), f"models get {model.name}")
        digests: dict[str, str] = {}
        for f in model.files:
            got = fetch(f.url, work / f.name, size=f.size, sha256=f.sha256, progress=progress, label=f.name)
            digests[f.name] = got.sha256
        info = _install(model, root, work, digests)
    finally:
        os.close(fd)
        if not any(p.name != OWNER_LOCK for p in work.iterdir()):
            shutil.rmtree(work, ignore_errors=True)  # nothing to resume: leave nothing behind
    shutil.rmtree(work, ignore_errors=True)
    return info


def _install(model: CatalogModel, root: Path, work: Path, digests: dict[str, str]) -> ModelInfo:
    with Staging(root, "installing") as stage:
        files: dict[str, Path] = {}
        folder: Path | None = None
        for f in model.files:
            if not f.unpack:
                continue
            try:
                vetted = archive.vet(work / f.name, f.name)
                archive.extract(vetted, stage / f.name, f.name)
            except ModelError:
                (work / f.name).unlink(missing_ok=True)  # a corrupt archive is fetched anew next time
                raise
            folder = _model_folder(stage / f.name, vetted)
        if folder is None:
            folder = work
        plain = [f for f in model.files if not f.unpack]
        if folder is not work:  # loose files (the tokenizer) join the unpacked folder
            for f in plain:
                (work / f.name).replace(folder / f.name)
        manifest, files = build_manifest(folder, "nllb", token_order=model.token_order, tokenizer=_tokenizer(folder, model))
        missing = [c for c in model.languages if c not in manifest["languages"]]
        if missing:
            raise ModelError(f"{model.name}: the downloaded model lacks the language(s) {', '.join(missing)} the catalogue promises")
        manifest.update(licence=model.licence, catalog=model.name, sha256=digests, urls=[f.url for f in model.files])
        manifest["version"] = next(iter(digests.values()))[:12]
        info = register(files, manifest, model.name, root, move=True)
    if read_model(info.path) is None:
        raise ModelError(f"{info.path}: installed folder cannot be read back")
    return info


def _tokenizer(folder: Path, model: CatalogModel) -> Path | None:
    """A SentencePiece model among the catalogue's loose files (None: the importer looks in the folder)."""
    for f in model.files:
        if not f.unpack and f.name.endswith(".model") and (folder / f.name).is_file():
            return folder / f.name
    return None
