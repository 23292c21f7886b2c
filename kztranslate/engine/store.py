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

from kztranslate.errors import InputError, OutputError

MANIFEST = "kztranslate.json"
ARGOS_METADATA = "metadata.json"
MANIFEST_FORMAT = 2
ENV_MODELS_DIR = "KZTRANSLATE_MODELS"


MULTILINGUAL_KINDS = ("nllb",)


@dataclass(frozen=True)
class ModelInfo:
    """One installed model (or a broken folder, with ``problem`` saying why it cannot be used).

    A bilingual model (Argos package, Marian) serves ``source``→``target``. A multilingual one
    (NLLB-200) serves every ordered pair of its ``languages``; its ``source``/``target`` are ``*``.
    ``model_dir`` is the CTranslate2 folder: inside ``path``, or elsewhere for a ``--link``ed import.
    """

    name: str
    kind: str  # "argos" | "nllb" | "marian" | "broken"
    source: str
    target: str
    path: Path
    version: str = ""
    max_source_tokens: int = 256
    details: dict = field(default_factory=dict, compare=False, hash=False)
    problem: str = ""
    languages: tuple[str, ...] = ()
    model_dir: Path | None = None

    @property
    def usable(self) -> bool:
        return not self.problem

    @property
    def multilingual(self) -> bool:
        return self.kind in MULTILINGUAL_KINDS

    @property
    def id(self) -> str:
        """Stable identifier used in fingerprints and PO comments: ``name@version``."""
        return f"{self.name}@{self.version}" if self.version else self.name

    def serves(self, source: str, target: str) -> bool:
        """Can this model translate ``source``→``target`` in one hop?"""
        if not self.usable or source == target:
            return False
        if self.multilingual:
            return source in self.languages and target in self.languages
        return (self.source, self.target) == (source, target)

    def directions(self) -> str:
        """``kk→ru`` for a bilingual model, ``kk,ru,en`` (any pair) for a multilingual one."""
        return ",".join(self.languages) if self.multilingual else f"{self.source}→{self.target}"

    def as_dict(self) -> dict:
        d = {
            "name": self.name,
            "kind": self.kind,
            "source": self.source,
            "target": self.target,
            "languages": list(self.languages),
            "version": self.version,
            "path": str(self.path),
        }
        if self.model_dir is not None and self.model_dir != self.path:
            d["model_dir"] = str(self.model_dir)
        for key in ("licence", "token_order", "sha256"):
            if self.details.get(key):
                d[key] = self.details[key]
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
DOWNLOAD_PREFIX = ".downloading-"
OWNER_LOCK = ".owner.lock"
STALE_SECONDS = 24 * 3600  # staging folders written before owner locks existed


def _owner_alive(folder: Path) -> bool | None:
    """Is the process that made ``folder`` still running? None when the folder has no owner lock.

    The owner holds an exclusive ``flock`` on ``folder/.owner.lock`` for as long as it works there;
    the kernel drops it when the process dies, however it dies (kill -9 included).
    """
    import fcntl

    lock = folder / OWNER_LOCK
    try:
        fd = os.open(lock, os.O_RDWR | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return None
    finally:
        os.close(fd)
    return False


def hold_owner_lock(folder: Path) -> int:
    """Take ``folder``'s owner lock for this process (see :func:`_owner_alive`); returns the fd to keep."""
    import fcntl

    fd = os.open(folder / OWNER_LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise
    return fd


def sweep_stale_staging(root: Path) -> None:
    """Delete staging folders whose owner died (a killed install, import or remove).

    A folder with a live owner is never touched; one without an owner lock (older versions) only
    after a day. Partial downloads (``.downloading-NAME``) are kept: the next ``models get`` resumes them.
    """
    import time

    now = time.time()
    for p in root.iterdir():
        try:
            if not p.name.startswith(STAGING_PREFIXES) or p.is_symlink() or not p.is_dir():
                continue
            alive = _owner_alive(p)
            if alive is False or (alive is None and now - p.stat().st_mtime > STALE_SECONDS):
                shutil.rmtree(p, ignore_errors=True)
        except OSError:
            continue


class Staging:
    """A hidden working folder inside ``root``, owned by this process while the ``with`` block runs.

    Same file system as the models, so the final rename into place is atomic; removed on exit, on
    error and on Ctrl-C; swept by the next run if this process is killed (see :func:`sweep_stale_staging`).
    """

    def __init__(self, root: Path, purpose: str) -> None:
        self.root, self.purpose = root, purpose
        self.path: Path | None = None
        self._fd: int | None = None

    def __enter__(self) -> Path:
        ensure_writable_dir(self.root)
        sweep_stale_staging(self.root)
        try:
            self.path = Path(tempfile.mkdtemp(prefix=f".{self.purpose}-", dir=self.root))
            self._fd = hold_owner_lock(self.path)
        except OSError as exc:
            if self.path is not None:
                shutil.rmtree(self.path, ignore_errors=True)
            raise OutputError(f"{self.root}: cannot write to the models directory ({exc.strerror or exc})") from None
        return self.path

    def __exit__(self, *exc_info) -> None:
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)
        if self._fd is not None:
            os.close(self._fd)


def partial_downloads(root: Path | None = None) -> list[tuple[str, int, bool]]:
    """``(name, bytes so far, running now)`` for every unfinished ``models get`` in the directory."""
    root = models_dir(root)
    out: list[tuple[str, int, bool]] = []
    if not root.is_dir():
        return out
    for p in sorted(root.iterdir()):
        if p.name.startswith(DOWNLOAD_PREFIX) and p.is_dir() and not p.is_symlink():
            size = sum(f.stat().st_size for f in p.iterdir() if f.is_file() and not f.is_symlink() and f.name != OWNER_LOCK)
            out.append((p.name[len(DOWNLOAD_PREFIX):], size, bool(_owner_alive(p))))
    return out


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


def _int_field(value, default: int, what: str) -> int:
    """A positive integer metadata field; ValueError with a readable reason otherwise."""
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().isdigit() or int(value) < 1:
        raise ValueError(f"{what} is {value!r}, not a positive whole number")
    return int(value)


def _read_manifest(path: Path) -> ModelInfo:
    try:
        m = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        kind = m["kind"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return _broken(path, f"unreadable {MANIFEST} ({exc.__class__.__name__})")
    if not isinstance(m, dict) or kind not in ("nllb", "marian"):
        return _broken(path, f"unknown kind {kind!r} in {MANIFEST}")
    try:
        details = normalise_manifest(m)
        max_tokens = _int_field(m.get("max_source_tokens"), 1000 if kind == "nllb" else 500, "max_source_tokens")
    except (ValueError, KeyError, TypeError) as exc:
        return _broken(path, f"bad {MANIFEST}: {exc}")
    languages = tuple(details["languages"])
    source, target = ("*", "*") if kind in MULTILINGUAL_KINDS else (details["source"], details["target"])
    model_dir = Path(details["model_path"]) if details.get("model_path") else path
    if not (model_dir / "model.bin").is_file():
        where = "" if model_dir == path else f" in the linked folder {model_dir}"
        return _broken(path, f"model.bin is missing{where}", source, target)
    return ModelInfo(
        name=path.name,
        kind=kind,
        source=source,
        target=target,
        path=path,
        version=str(m.get("version", "")),
        max_source_tokens=max_tokens,
        details=details,
        languages=languages,
        model_dir=model_dir,
    )


def normalise_manifest(m: dict) -> dict:
    """Manifest fields in the current shape (format 2), whatever format the file was written in.

    Format 1 (one NLLB direction per import) had ``source``/``target``, ``spm`` and the two
    language tokens as prefixes; it is read as an NLLB model of those two languages in transformers'
    token order, which is what format-1 imports fed the model.
    """
    d = dict(m)
    if d["kind"] == "nllb":
        if "languages" not in d:
            src, tgt = d["source"], d["target"]
            d["languages"] = [src, tgt]
            d["language_tokens"] = {src: d["source_prefix"][0], tgt: d["target_prefix"][0]}
            d.setdefault("token_order", "hf")
            d.setdefault("tokenizer", {"type": "sentencepiece", "file": d["spm"]})
        if d.get("token_order") not in ("fairseq", "hf"):
            raise ValueError(f"token_order is {d.get('token_order')!r} (fairseq or hf)")
        tok = d.get("tokenizer")
        if not isinstance(tok, dict) or tok.get("type") not in ("sentencepiece", "tokenizers") or not tok.get("file"):
            raise ValueError("tokenizer must be {type: sentencepiece|tokenizers, file: NAME}")
        tokens = d.get("language_tokens")
        if not isinstance(tokens, dict) or not all(code in tokens for code in d["languages"]):
            raise ValueError("language_tokens must name a token for every language")
    else:
        d.setdefault("languages", [d["source"], d["target"]])
    if not isinstance(d["languages"], list) or len(d["languages"]) < 2:
        raise ValueError("languages must list at least two language codes")
    return d


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
    config = ct2_config(path / "model")
    try:
        max_tokens = _int_field(meta.get("max_source_tokens", config.get("max_source_tokens")), 256, "max_source_tokens")
    except ValueError as exc:
        return _broken(path, f"bad {ARGOS_METADATA}: {exc}", source, target)
    return ModelInfo(
        name=path.name,
        kind="argos",
        source=source,
        target=target,
        path=path,
        version=str(meta.get("package_version", "")),
        max_source_tokens=max_tokens,
        details=details,
        languages=(source, target),
        model_dir=path / "model",
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


def ct2_config(model_dir: Path) -> dict:
    """A CTranslate2 folder's ``config.json`` as a dict; ``{}`` when absent or unreadable."""
    try:
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return config if isinstance(config, dict) else {}


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


def remove_model(name: str, root: Path | None = None) -> ModelInfo | None:
    """Remove an installed model, or an unfinished download of that name (then None is returned).

    The model is renamed out of sight first (atomic), then its files are deleted. A ``--link``ed
    import only loses its registration: the linked folder is the user's and is never touched.
    """
    root = models_dir(root)
    partial = root / f"{DOWNLOAD_PREFIX}{name}"
    if not (root / name).is_dir() and partial.is_dir() and not partial.is_symlink() and "/" not in name:
        if _owner_alive(partial):
            raise OutputError(f"`kztranslate models get {name}` is running; stop it first")
        shutil.rmtree(partial, ignore_errors=True)
        return None
    info = find_model(name, root)
    with Staging(root, "removing") as trash:
        try:
            os.rename(info.path, trash / info.path.name)
        except OSError as exc:
            raise OutputError(f"{info.path}: cannot remove ({exc.strerror or exc})") from None
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
