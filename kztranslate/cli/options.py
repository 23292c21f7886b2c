"""The one option vocabulary of the CLI: every shared option is defined here, once.

Like translate-toolkit's shared options, each command takes its options from these factories so
that a spelling means the same everywhere (docs/hostile-inputs.md, "One option vocabulary"):

* ``-o/--output FILE`` is always a file (``-`` for standard output); ``--out DIR`` always a folder.
  ``translate``, ``batch`` and ``tm import`` took ``-o`` for their folder: it keeps working one
  release, with a one-line warning (:func:`out_folder`).
* ``--to ru,en``: target languages, a comma list, also repeatable; unknown codes are exit 2
  (:func:`parse_targets`). ``tm export/import --lang`` is the old spelling (warned).
* ``--format text|json`` (``jsonl`` where a stream makes sense); ``stats --format table`` is the
  old spelling of ``text`` (warned).
* ``--engine auto|none``, ``--glossary FILE``, ``--models-dir DIR`` wherever they apply.

:class:`KzTyper` gives every command real metavars in its help (``FILE...``, ``DIR``, no ``<bool>``).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any, Iterable, List, Optional

import typer
from typer.core import TyperCommand, TyperGroup


class Format(str, Enum):
    """``--format``: text for people, json for tools, jsonl (one object a line) for streams."""

    text = "text"
    json = "json"
    jsonl = "jsonl"


class EngineChoice(str, Enum):
    """``--engine``: auto uses the installed models; none writes untranslated PO files."""

    auto = "auto"
    none = "none"


def warn(message: str) -> None:
    """One line on stderr for a deprecated spelling (the command goes on)."""
    typer.echo(f"kztranslate: warning: {message}", err=True)


def format_option(*choices: str, default: str = "text", legacy: dict[str, str] | None = None, help: str | None = None) -> Any:
    """``--format/-f`` limited to ``choices`` (values of :class:`Format`); ``legacy`` maps old
    spellings to new ones, accepted with a warning. The command receives a :class:`Format`."""
    legacy = legacy or {}

    def check(value: Any) -> Format:
        raw = value.value if isinstance(value, Enum) else str(value)
        if raw in legacy:
            warn(f"--format {raw} is deprecated; use --format {legacy[raw]}")
            raw = legacy[raw]
        if raw not in choices:
            raise typer.BadParameter(f"{raw!r} is not one of {', '.join(repr(c) for c in choices)}")
        return Format(raw)

    text = help or f"{' or '.join(choices)} ({'text for people, json for tools' if 'json' in choices else 'output format'})."
    return typer.Option(default, "--format", "-f", metavar="|".join(choices), callback=check, help=text)


def output_file_option(help: str = "Write here (atomically) instead of standard output; - is standard output.", required: bool = False) -> Any:
    """``-o/--output FILE``: always a file."""
    return typer.Option(... if required else None, "-o", "--output", metavar="FILE", help=help)


def out_folder_option(default: Optional[Path] = Path("locales"), help: str = "Output folder: OUT/<slug>.pot and OUT/<lang>/<slug>.po.") -> Any:
    """``--out DIR``: always a folder."""
    return typer.Option(default, "--out", metavar="DIR", help=help)


def legacy_o_option() -> Any:
    """The old ``-o DIR`` of translate/batch/tm import (hidden; see :func:`out_folder`)."""
    return typer.Option(None, "-o", hidden=True, metavar="DIR")


def out_folder(out: Path, legacy: Optional[Path]) -> Path:
    """The output folder: ``--out``, or the deprecated ``-o`` with a one-line warning."""
    if legacy is None:
        return out
    warn("-o for the output folder is deprecated (-o/--output is a file in every command); use --out DIR")
    return legacy


def to_option(required: bool = True, help: str = "Target languages: a comma list (ru,en), also repeatable (--to ru --to en).") -> Any:
    """``--to LANG[,LANG]``: target languages, comma-separated and/or repeated."""
    return typer.Option(... if required else None, "--to", metavar="LANG[,LANG]", help=help)


def legacy_lang_option() -> Any:
    """The old ``--lang/-l`` of ``tm export/import`` (hidden; see :func:`targets_or_legacy`)."""
    return typer.Option(None, "--lang", "-l", hidden=True, metavar="LANG")


def parse_targets(values: Iterable[str] | str | None) -> list[str]:
    """Target languages from ``--to`` values (:func:`kztranslate.po.catalog.check_targets`)."""
    from kztranslate.po.catalog import check_targets

    return check_targets(values)


def targets_or_legacy(to: Optional[List[str]], legacy: Optional[List[str]], *, required: bool) -> list[str]:
    """``--to`` values, or the deprecated ``--lang`` ones with a warning; [] when neither is given
    and they are optional."""
    if legacy:
        warn("--lang is deprecated; use --to ru,en (the same spelling as every other command)")
        to = [*(to or []), *legacy]
    if not to and not required:
        return []
    return parse_targets(to)  # none given: its one-line "--to needs at least one target language"


def engine_option(help: str = "auto: installed models (none installed: entries stay untranslated); none: no machine translation.") -> Any:
    return typer.Option(EngineChoice.auto, "--engine", metavar="auto|none", help=help)


def models_dir_option() -> Any:
    return typer.Option(None, "--models-dir", metavar="DIR", help="Models directory (default: $KZTRANSLATE_MODELS, else Argos Translate's package directory).")


def glossary_option() -> Any:
    return typer.Option(None, "--glossary", "-g", metavar="FILE", help="Glossary TSV (default: glossary/civic.tsv or $KZTRANSLATE_GLOSSARY).")


def _metavar_for(param: Any) -> str:
    """A real metavar for a parameter that has none (typer would show ``<bool>``/``<list[Path]>``)."""
    if getattr(param, "is_flag", False):
        return ""
    if param.param_type_name == "argument":
        name = (param.name or "value").upper()
        return name[:-1] if param.nargs != 1 and name.endswith("S") else name
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    return {int: "N", float: "NUMBER", Path: "PATH"}.get(annotation, "TEXT")  # type: ignore[arg-type]


def _fix_metavars(params: list) -> list:
    """Give every parameter a metavar; an argument's name is its metavar, so no type column either."""
    for p in params:
        if p.metavar is None:
            p.metavar = _metavar_for(p)
        if p.param_type_name == "argument":
            p.display_type_rich = lambda ctx: None  # the name (FILE, PATH) already says it
    return params


class KzCommand(TyperCommand):
    """A typer command whose help shows real metavars (FILE..., DIR, N; flags show none)."""

    def get_params(self, ctx: Any) -> list:
        return _fix_metavars(super().get_params(ctx))


class KzGroup(TyperGroup):
    def get_params(self, ctx: Any) -> list:
        return _fix_metavars(super().get_params(ctx))


class KzTyper(typer.Typer):
    """``typer.Typer`` whose commands and groups are :class:`KzCommand`/:class:`KzGroup`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("cls", KzGroup)
        super().__init__(*args, **kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", KzCommand)
        return super().command(*args, **kwargs)


def use_glossary(path: Optional[Path]) -> None:
    """Make ``--glossary`` the glossary of this run, batch workers included (they inherit the
    environment): the same variable a user can set, so there is one way to choose a glossary."""
    import os

    if path is None:
        return
    if not path.is_file():
        from kztranslate.errors import InputError

        raise InputError(f"--glossary {path}: no such file")
    os.environ["KZTRANSLATE_GLOSSARY"] = str(path.resolve())
