"""``kztranslate glossary``: lint, match, export and import the civic glossary (no logic here)."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from kztranslate.cli.app import TextOrJson, app
import kztranslate.cli.options as opt
from kztranslate.cli.options import KzTyper
from kztranslate.errors import ExitCode

glossary_app = KzTyper(help="Civic glossary: lint it, find its terms in Kazakh text, export/import TBX or CSV.", no_args_is_help=True)
app.add_typer(glossary_app, name="glossary")

class ExportFormat(str, Enum):
    tbx = "tbx"
    csv = "csv"


def _emit(content: str, output: Optional[Path]) -> None:
    from kztranslate.textio import write_output

    write_output("-" if output is None else output, content)


@glossary_app.command("lint")
def lint_command(path: Optional[Path] = typer.Argument(None, metavar="[FILE]", help="Glossary TSV to check (default: the project glossary).")) -> None:
    """Check the glossary: header, missing fields, vocabularies, duplicates, conflicting entries."""
    from kztranslate.glossary.store import lint_path

    p, count, issues = lint_path(path)
    for issue in issues:
        typer.echo(issue.format(str(p)))
    errors = sum(1 for i in issues if i.level == "error")
    warnings = len(issues) - errors
    typer.echo(f"{p}: {count} entries, {errors} error(s), {warnings} warning(s)", err=True)
    if errors:
        raise typer.Exit(ExitCode.PARTIAL)


@glossary_app.command("match")
def match_command(
    file: Path = typer.Argument(..., metavar="FILE", help="Kazakh text file."),
    format: str = opt.format_option("jsonl", "json", "text", default="jsonl", help="jsonl: one JSON object per match; json: one array; text: a readable table."),
    glossary: Optional[Path] = opt.glossary_option(),
) -> None:
    """Find glossary terms in any inflected form and any script (code-point offsets into the decoded text)."""
    from kztranslate.glossary import load_glossary
    from kztranslate.textio import read_text

    text = read_text(file)
    matches = load_glossary(glossary).match_written(text)
    if format is TextOrJson.json:
        typer.echo(json.dumps([m.as_json() for m in matches], ensure_ascii=False))
        return
    lines = []
    for m in matches:
        if format is TextOrJson.jsonl:
            lines.append(json.dumps(m.as_json(), ensure_ascii=False))
        else:
            lines.append(f"{m.start}-{m.end}\t{m.text}\t{m.term.kk}\t{m.term.ru}\t{m.term.en}")
    if lines:
        typer.echo("\n".join(lines))


@glossary_app.command("export")
def export_command(
    format: ExportFormat = typer.Option(ExportFormat.tbx, "--format", "-f", metavar="tbx|csv", help="tbx (TBX-Basic) or csv."),
    output: Optional[Path] = opt.output_file_option(),
    glossary: Optional[Path] = opt.glossary_option(),
) -> None:
    """Export the glossary for CAT tools (OmegaT, Weblate, memoQ) or spreadsheets."""
    from kztranslate.glossary import load_glossary
    from kztranslate.glossary.tbx import export_csv, export_tbx

    terms = load_glossary(glossary).terms
    _emit(export_tbx(terms) if format is ExportFormat.tbx else export_csv(terms), output)


@glossary_app.command("import")
def import_command(
    file: Path = typer.Argument(..., metavar="FILE", help="TBX file (TBX-Basic)."),
    output: Optional[Path] = opt.output_file_option(help="Write the glossary TSV here (atomically) instead of standard output."),
) -> None:
    """Convert a TBX file into the glossary TSV format (lint it afterwards)."""
    from kztranslate.errors import InputError
    from kztranslate.glossary.store import dump_tsv
    from kztranslate.glossary.tbx import import_tbx

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {file}: {exc.strerror or exc}") from None
    _emit(dump_tsv(import_tbx(data)), output)
