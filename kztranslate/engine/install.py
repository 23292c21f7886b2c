"""Install an ``.argosmodel`` file safely.

Argos' own ``install_from_path`` extracts straight into the package directory: a truncated archive
leaves half a package behind, and it trusts entry names. We vet the archive's directory first
(:mod:`kztranslate.engine.archive`: names, declared sizes and ratios, free space), require one
top-level folder holding ``metadata.json`` (or ``metadata.json`` at the root), unpack into a hidden
staging folder inside the models directory, check the result is a package argostranslate can read,
and only then rename it into place. Any failure leaves the directory as it was.
"""

from __future__ import annotations

from pathlib import Path

from kztranslate.engine import archive
from kztranslate.engine.store import ARGOS_METADATA, ModelInfo, Staging, models_dir, publish, read_model
from kztranslate.errors import InputError, ModelError

WHAT = ".argosmodel archive"


def _package_root(vetted: archive.Vetted, label: str) -> str | None:
    """The folder inside the archive that holds ``metadata.json`` (None: the archive's root)."""
    if vetted.top and f"{vetted.top}/{ARGOS_METADATA}" in vetted.names:
        return vetted.top
    if ARGOS_METADATA in vetted.names:
        return None
    raise ModelError(f"{label}: not an Argos package (no {ARGOS_METADATA} in a single top-level folder)")


def install_argosmodel(file: Path, root: Path | None = None) -> ModelInfo:
    """Install ``file`` into the models directory and return the installed model."""
    file = Path(file)
    if not file.exists():
        raise InputError(f"{file}: no such file")
    if not file.is_file():
        raise InputError(f"{file}: not a file")
    root = models_dir(root)
    vetted = archive.vet(file, file.name, what=WHAT)
    top = _package_root(vetted, file.name)
    with Staging(root, "installing") as stage:
        archive.extract(vetted, stage / "pkg", file.name, what=WHAT)
        package = stage / "pkg" / top if top else stage / "pkg"
        info = read_model(package)
        if info is None:
            raise ModelError(f"{file.name}: not a translation package (metadata.json type is not 'translate')")
        if not info.usable:
            raise ModelError(f"{file.name}: unusable package: {info.problem}")
        dest = publish(package, root, top or file.stem)
    return _installed(dest)


def _installed(dest: Path) -> ModelInfo:
    info = read_model(dest)
    if info is None:  # publish() only moves folders read_model accepted a moment ago
        raise ModelError(f"{dest}: installed folder cannot be read back")
    return info
