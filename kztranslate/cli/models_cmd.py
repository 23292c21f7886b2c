"""``kztranslate models list|get|install|import|remove``: manage the models directory.

``get`` is the one command of kztranslate that uses the network, and only when a user runs it.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from kztranslate.cli.app import TextOrJson, app, fail
import kztranslate.cli.options as opt
from kztranslate.cli.options import KzTyper

models_app = KzTyper(name="models", help="List, download, install, import and remove translation models.", no_args_is_help=True)
app.add_typer(models_app, name="models")

class TokenOrder(str, Enum):
    fairseq = "fairseq"
    hf = "hf"


@models_app.command("list")
def list_command(
    format: str = opt.format_option("text", "json", help="text (one model per line) or json."),
    models_dir: Optional[Path] = opt.models_dir_option(),
) -> None:
    """List installed models once each, with the languages they serve (broken folders with the reason)."""
    from kztranslate.engine.archive import human_size
    from kztranslate.engine.store import list_models, models_dir as resolve, partial_downloads

    root = resolve(models_dir)
    models = list_models(root)
    partial = partial_downloads(root)
    if format is TextOrJson.json:
        payload = [m.as_dict() for m in models]
        payload += [{"name": n, "kind": "partial-download", "bytes": size, "running": running} for n, size, running in partial]
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if not models and not partial:
        typer.echo(f"no models installed in {root}")
        return
    for m in models:
        line = f"{m.name}\t{m.directions()}\t{m.kind}\t{m.version or '-'}"
        if m.details.get("licence"):
            line += f"\t{m.details['licence']}"
        typer.echo(line + (f"\tBROKEN: {m.problem}" if m.problem else ""))
    for name, size, running in partial:
        state = "downloading now" if running else f"run `kztranslate models get {name}` to resume or `kztranslate models remove {name}` to discard"
        typer.echo(f"{name}\tpartial download ({human_size(size)})\t{state}")


@models_app.command("get")
def get_command(
    name: Optional[str] = typer.Argument(None, metavar="[NAME]", help="A model of the catalogue; without it the catalogue is listed."),
    catalog: Optional[Path] = typer.Option(None, "--catalog", metavar="FILE", help="A model catalogue (JSON) instead of the shipped one."),
    accept_licence: bool = typer.Option(False, "--accept-licence", help="Accept the model's licence without asking (needed for non-commercial licences when not at a terminal)."),
    format: str = opt.format_option("text", "json"),
    models_dir: Optional[Path] = opt.models_dir_option(),
) -> None:
    """Download a model from the catalogue (the one command that uses the network), verify and install it."""
    from kztranslate.engine.archive import human_size
    from kztranslate.engine.model_catalog import find, load_catalog

    models = load_catalog(catalog)
    if name is None:
        if format is TextOrJson.json:
            rows = [{"name": m.name, "kind": m.kind, "size": m.size, "licence": m.licence, "languages": list(m.languages),
                     "token_order": m.token_order, "description": m.description, "urls": [f.url for f in m.files]} for m in models]
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            for m in models:
                size = f"about {human_size(m.size)}" if m.size else "size unknown"
                typer.echo(f"{m.name}\t{size}\t{m.licence}\t{','.join(m.languages)}\t{m.description}")
        return
    model = find(models, name)
    if model.non_commercial and not accept_licence:
        notice = f"{model.name} is licensed {model.licence}: non-commercial use only"
        if not sys.stdin.isatty():
            raise fail(f"{notice}; pass --accept-licence to download it")
        typer.echo(f"kztranslate: {notice} ({model.homepage or 'see the publisher'}).", err=True)
        if not typer.confirm("Accept the licence and download?", default=False, err=True):
            raise fail("licence not accepted; nothing downloaded")
    elif model.non_commercial:
        typer.echo(f"kztranslate: {model.name} is licensed {model.licence} (non-commercial use only); licence accepted with --accept-licence", err=True)
    from kztranslate.engine.download import progress_for
    from kztranslate.engine.get import get_model

    info = get_model(model, models_dir, progress=progress_for())
    if format is TextOrJson.json:
        typer.echo(json.dumps(info.as_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(f"installed {info.name} ({info.directions()}, {info.kind}, token order {info.details.get('token_order')}) in {info.path.parent}")


@models_app.command("install")
def install_command(
    file: Path = typer.Argument(..., metavar="FILE", help="An .argosmodel package file."),
    models_dir: Optional[Path] = opt.models_dir_option(),
) -> None:
    """Install an .argosmodel package (checked, unpacked aside, then moved into place)."""
    from kztranslate.engine.install import install_argosmodel

    info = install_argosmodel(file, models_dir)
    typer.echo(f"installed {info.name} ({info.source}→{info.target}, argos {info.version or '-'}) in {info.path.parent}")


@models_app.command("import")
def import_command(
    folder: Path = typer.Argument(..., metavar="DIR", help="A converted CTranslate2 model folder (NLLB-200 or OPUS-MT/Marian)."),
    source: Optional[str] = typer.Option(None, "--from", metavar="LANG", help="Source language (Marian: required; NLLB: checked, the model serves all its languages)."),
    target: Optional[str] = typer.Option(None, "--to", metavar="LANG", help="Target language (Marian: required; NLLB: checked)."),
    kind: Optional[str] = typer.Option(None, "--kind", metavar="nllb|marian", help="Model kind (default: detected from the files)."),
    name: Optional[str] = typer.Option(None, "--name", metavar="NAME", help="Installed name (default: KIND-FOLDER)."),
    link: bool = typer.Option(False, "--link", help="Register the folder where it is instead of copying it (it must stay there)."),
    token_order: Optional[TokenOrder] = typer.Option(None, "--token-order", metavar="fairseq|hf", help="NLLB source token order: fairseq (pieces </s> lang) or hf (lang pieces </s>); default: from the files."),
    tokenizer: Optional[Path] = typer.Option(None, "--tokenizer", metavar="FILE", help="The SentencePiece model or tokenizer.json, when it is not inside or beside DIR."),
    models_dir: Optional[Path] = opt.models_dir_option(),
) -> None:
    """Import a CTranslate2 folder once: an NLLB model serves every pair of its languages."""
    from kztranslate.engine.importer import import_folder

    info = import_folder(
        folder, source, target, kind, name, models_dir, link=link, tokenizer=tokenizer, token_order=token_order.value if token_order else None
    )
    how = "linked" if link else "imported"
    typer.echo(f"{how} {info.name} ({info.directions()}, {info.kind} {info.version}) in {info.path.parent}")


@models_app.command("remove")
def remove_command(
    name: str = typer.Argument(..., metavar="NAME", help="Model name as shown by `kztranslate models list`."),
    models_dir: Optional[Path] = opt.models_dir_option(),
) -> None:
    """Remove an installed model (a linked folder itself is left alone), or discard a partial download."""
    from kztranslate.engine.store import remove_model

    info = remove_model(name, models_dir)
    if info is None:
        typer.echo(f"discarded the partial download of {name}")
    else:
        typer.echo(f"removed {info.name} ({info.directions()})")
