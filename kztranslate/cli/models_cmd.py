"""``kztranslate models list|install|import|remove``: manage the models directory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from kztranslate.cli import TextOrJson, app

models_app = typer.Typer(name="models", help="List, install, import and remove translation models (offline).", no_args_is_help=True)
app.add_typer(models_app, name="models")

MODELS_DIR_HELP = "Models directory (default: $KZTRANSLATE_MODELS, else Argos Translate's package directory)."


@models_app.command("list")
def list_command(
    format: TextOrJson = typer.Option(TextOrJson.text, "--format", "-f", help="text (one model per line) or json."),
    models_dir: Optional[Path] = typer.Option(None, "--models-dir", help=MODELS_DIR_HELP),
) -> None:
    """List installed models (broken folders are listed with the reason)."""
    from kztranslate.engine.store import list_models, models_dir as resolve
    from kztranslate.errors import InputError

    root = resolve(models_dir)
    models = list_models(root)
    if format is TextOrJson.json:
        typer.echo(json.dumps([m.as_dict() for m in models], ensure_ascii=False, indent=2))
        return
    if not models:
        typer.echo(f"no models installed in {root}")
        return
    for m in models:
        line = f"{m.name}\t{m.source}→{m.target}\t{m.kind}\t{m.version or '-'}"
        typer.echo(line + (f"\tBROKEN: {m.problem}" if m.problem else ""))


@models_app.command("install")
def install_command(
    file: Path = typer.Argument(..., help="An .argosmodel package file."),
    models_dir: Optional[Path] = typer.Option(None, "--models-dir", help=MODELS_DIR_HELP),
) -> None:
    """Install an .argosmodel package (checked, unpacked aside, then moved into place)."""
    from kztranslate.engine.install import install_argosmodel

    info = install_argosmodel(file, models_dir)
    typer.echo(f"installed {info.name} ({info.source}→{info.target}, argos {info.version or '-'}) in {info.path.parent}")


@models_app.command("import")
def import_command(
    folder: Path = typer.Argument(..., help="A converted CTranslate2 model folder (NLLB-200 or OPUS-MT/Marian)."),
    source: str = typer.Option(..., "--from", help="Source language code, e.g. kk."),
    target: str = typer.Option(..., "--to", help="Target language code, e.g. ru or en."),
    kind: Optional[str] = typer.Option(None, "--kind", help="nllb or marian (default: detected from the files)."),
    name: Optional[str] = typer.Option(None, "--name", help="Installed name (default: KIND-FROM_TO-FOLDER)."),
    models_dir: Optional[Path] = typer.Option(None, "--models-dir", help=MODELS_DIR_HELP),
) -> None:
    """Import a CTranslate2 folder for one language direction (writes a kztranslate.json manifest)."""
    from kztranslate.engine.importer import import_folder

    info = import_folder(folder, source, target, kind, name, models_dir)
    typer.echo(f"imported {info.name} ({info.source}→{info.target}, {info.kind} {info.version}) in {info.path.parent}")


@models_app.command("remove")
def remove_command(
    name: str = typer.Argument(..., help="Model name as shown by `kztranslate models list`."),
    models_dir: Optional[Path] = typer.Option(None, "--models-dir", help=MODELS_DIR_HELP),
) -> None:
    """Remove an installed model."""
    from kztranslate.engine.store import remove_model

    info = remove_model(name, models_dir)
    typer.echo(f"removed {info.name} ({info.source}→{info.target})")
