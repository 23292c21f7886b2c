"""The models directory: where models live, what is installed, and removing one.

One directory holds every model, one sub-folder each. By default it is Argos Translate's own package
directory, so packages installed with ``argospm`` show up here and ours show up in Argos. A folder is

* an **Argos package** when it has ``metadata.json`` of type ``translate`` (read with
  argostranslate's own :class:`argostranslate.package.Package`): ``model/`` holds the CTranslate2
  model, ``sentencepiece.model`` or ``bpe.model`` the tokenizer;
* an **imported CTranslate2 folder** when it has our manifest ``kztranslate.json`` (kind ``nllb`` or
  ``marian``). Imported folders also get a ``metadata.json`` of type ``kztranslate-ct2`` so that
  Argos, sharing the directory, lists them without trying to load them as its own.

Folders whose name starts with ``.`` are our temporary install/remove folders and are skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kztranslate.errors import InputError, ModelError, OutputError

MANIFEST = "kztranslate.json"
ARGOS_METADATA = "metadata.json"
MANIFEST_FORMAT = 1
ENV_MODELS_DIR = "KZTRANSLATE_MODELS"


@dataclass(frozen=True)
class ModelInfo:
    """One installed model (or a broken folder, with ``problem`` saying why it cannot be used)."""

    name: str
    kind: str  # "argos" | "nllb" | "marian" | "broken"
    source: str
    target: str
    path: Path
    version: str = ""
    max_source_tokens: int = 256
    details: dict = field(default_factory=dict, compare=False, hash=False)
    problem: str = ""

    @property
    def usable(self) -> bool:
        return not self.problem

    @property
    def id(self) -> str:
        """Stable identifier used in fingerprints and PO comments: ``name@version``."""
        return f"{self.name}@{self.version}" if self.version else self.name

    def as_dict(self) -> dict:
        d = {"name": self.name, "kind": self.kind, "source": self.source, "target": self.target, "version": self.version, "path": str(self.path)}
        if self.problem:
            d["problem"] = self.problem
        return d


def models_dir(override: Path | str | None = None) -> Path:
    """The models directory: ``override``, else ``$KZTRANSLATE_MODELS``, else Argos' package directory."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_MODELS_DIR)
    if env:
        return Path(env).expanduser()
    return argos_package_dir()


def argos_package_dir() -> Path:
    """Argos Translate's package directory (``ARGOS_PACKAGES_DIR`` or its XDG default)."""
    from argostranslate import settings  # imported late: it creates its data folders on import

    return Path(settings.package_data_dir)


def ensure_writable_dir(path: Path) -> Path:
    """Create the models directory if needed; raise :class:`OutputError` when it cannot be written."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path}: cannot create the models directory ({exc.strerror or exc})") from None
    if not path.is_dir():
        raise OutputError(f"{path}: models directory is not a directory")
    if not os.access(path, os.W_OK | os.X_OK):
        raise OutputError(f"{path}: models directory is not writable")
    return path


STAGING_PREFIXES = (".installing-", ".importing-", ".removing-")
STALE_SECONDS = 24 * 3600


def sweep_stale_staging(root: Path) -> None:
    """Delete staging folders left by a run that was killed (older than a day: never a live one)."""
    import time

    now = time.time()
    for p in root.iterdir():
        try:
            if p.name.startswith(STAGING_PREFIXES) and p.is_dir() and now - p.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(p, ignore_errors=True)
        except OSError:
            continue


def staging_dir(root: Path, purpose: str) -> Path:
    """A hidden temporary folder inside ``root`` (same filesystem, so the final rename is atomic)."""
    ensure_writable_dir(root)
    sweep_stale_staging(root)
    try:
        return Path(tempfile.mkdtemp(prefix=f".{purpose}-", dir=root))
    except OSError as exc:
        raise OutputError(f"{root}: cannot write to the models directory ({exc.strerror or exc})") from None


def list_models(root: Path | None = None) -> list[ModelInfo]:
    """Every model folder in the directory, sorted by name; unreadable ones come back as ``broken``."""
    root = models_dir(root)
    if not root.is_dir():
        return []
    found: list[ModelInfo] = []
    for path in sorted(root.iterdir()):
        if path.name.startswith(".") or not path.is_dir():
            continue
        info = read_model(path)
        if info is not None:
            found.append(info)
    return found


def read_model(path: Path) -> ModelInfo | None:
    """Describe the model in ``path``; None when the folder is not a translation model at all."""
    if (path / MANIFEST).is_file():
        return _read_manifest(path)
    if (path / ARGOS_METADATA).is_file():
        return _read_argos(path)
    return None


def _broken(path: Path, problem: str, source: str = "?", target: str = "?") -> ModelInfo:
    return ModelInfo(name=path.name, kind="broken", source=source, target=target, path=path, problem=problem)


def _read_manifest(path: Path) -> ModelInfo:
    try:
        m = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        kind, source, target = m["kind"], m["source"], m["target"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return _broken(path, f"unreadable {MANIFEST} ({exc.__class__.__name__})")
    if kind not in ("nllb", "marian"):
        return _broken(path, f"unknown kind {kind!r} in {MANIFEST}", source, target)
    if not (path / "model.bin").is_file():
        return _broken(path, "model.bin is missing", source, target)
    return ModelInfo(
        name=path.name,
        kind=kind,
        source=source,
        target=target,
        path=path,
        version=str(m.get("version", "")),
        max_source_tokens=int(m.get("max_source_tokens", 256)),
        details=m,
    )


def _read_argos(path: Path) -> ModelInfo | None:
    try:
        meta = json.loads((path / ARGOS_METADATA).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return _broken(path, f"unreadable {ARGOS_METADATA} ({exc.__class__.__name__})")
    if not isinstance(meta, dict) or meta.get("type", "translate") != "translate":
        return None  # sbd packages, our own imported folders' stub metadata, ...
    source, target = meta.get("from_code"), meta.get("to_code")
    if not source or not target:
        return _broken(path, "metadata.json names no from_code/to_code")
    problem = argos_package_problem(path)
    if problem:
        return _broken(path, problem, source, target)
    details = {"target_prefix": meta.get("target_prefix", ""), "tokenizer": "sentencepiece" if (path / "sentencepiece.model").is_file() else "bpe"}
    config = _ct2_config(path / "model")
    return ModelInfo(
        name=path.name,
        kind="argos",
        source=source,
        target=target,
        path=path,
        version=str(meta.get("package_version", "")),
        max_source_tokens=int(meta.get("max_source_tokens", config.get("max_source_tokens", 256))),
        details=details,
    )


def argos_package_problem(path: Path) -> str:
    """Why the Argos package folder cannot be used, or ``""``; loads metadata with argostranslate's API."""
    if not (path / "model" / "model.bin").is_file():
        return "model/model.bin is missing"
    if not ((path / "sentencepiece.model").is_file() or (path / "bpe.model").is_file()):
        return "no sentencepiece.model or bpe.model tokenizer"
    try:
        from argostranslate.package import Package

        Package(path)
    except Exception as exc:  # argostranslate raises bare Exceptions for bad packages
        return f"argostranslate cannot read the package ({exc.__class__.__name__}: {exc})"
    return ""


def _ct2_config(model_dir: Path) -> dict:
    try:
        return json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def find_model(name: str, root: Path | None = None) -> ModelInfo:
    """The installed model called ``name`` or :class:`InputError` listing what is installed."""
    root = models_dir(root)
    if not name or "/" in name or "\\" in name or name in (".", "..") or name.startswith("."):
        raise InputError(f"{name!r} is not a model name (see `kztranslate models list`)")
    path = root / name
    info = read_model(path) if path.is_dir() else None
    if info is None:
        names = ", ".join(m.name for m in list_models(root)) or "none"
        raise InputError(f"no model named {name!r} in {root} (installed: {names})")
    return info


def remove_model(name: str, root: Path | None = None) -> ModelInfo:
    """Remove an installed model: rename it out of sight first (atomic), then delete the files."""
    root = models_dir(root)
    info = find_model(name, root)
    trash = staging_dir(root, "removing")
    try:
        os.rename(info.path, trash / info.path.name)
    except OSError as exc:
        shutil.rmtree(trash, ignore_errors=True)
        raise OutputError(f"{info.path}: cannot remove ({exc.strerror or exc})") from None
    shutil.rmtree(trash, ignore_errors=True)
    return info


def publish(staged: Path, root: Path, name: str) -> Path:
    """Move a fully written model folder into place under ``name``; refuse to overwrite one."""
    dest = root / name
    if dest.exists():
        raise InputError(f"a model named {name!r} is already installed in {root}; remove it first (`kztranslate models remove {name}`)")
    try:
        os.rename(staged, dest)
    except OSError as exc:
        raise OutputError(f"{dest}: cannot install ({exc.strerror or exc})") from None
    return dest
