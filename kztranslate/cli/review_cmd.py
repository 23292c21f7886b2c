"""``kztranslate check``, ``stats``, ``tm export|import``, ``export`` and ``import`` (no logic here)."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from kztranslate.cli.app import TextOrJson, app, fail
import kztranslate.cli.options as opt
from kztranslate.cli.options import KzTyper

tm_app = KzTyper(help="Translation memory interchange: reviewed pairs as TMX 1.4.", no_args_is_help=True)
app.add_typer(tm_app, name="tm")


class ExchangeFormat(str, Enum):
    xliff = "xliff"  # XLIFF 2.0
    xliff12 = "xliff12"  # XLIFF 1.2, for CAT tools that read only 1.x


@app.command("check")
def check_command(
    paths: List[Path] = typer.Argument(..., metavar="PATH", help="PO files or folders (searched recursively for *.po)."),
    format: str = opt.format_option("text", "json", help="text for people, json for tools (stable keys)."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too."),
) -> None:
    """Check translations against their Kazakh source; exit 1 on any error-level finding."""
    from kztranslate.qa import run

    report = run(paths)
    if format is TextOrJson.json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2, sort_keys=True))
    else:
        for f in report.findings:
            typer.echo(f"{f.ref()}: {f.severity}: {f.check}: {f.message}")
            if f.msgid:
                snippet = f.msgid if len(f.msgid) <= 70 else f.msgid[:67] + "..."
                typer.echo(f"    {snippet}")
        s = report.to_json()["summary"]
        typer.echo(f"{s['errors']} error(s), {s['warnings']} warning(s) in {s['files']} file(s)")
    raise typer.Exit(report.exit_code(strict))


@app.command("stats")
def stats_command(
    paths: List[Path] = typer.Argument(..., metavar="PATH", help="PO files or folders (searched recursively for *.po)."),
    format: str = opt.format_option("text", "json", legacy={"table": "text"}, help="text (a table) for people, json for tools."),
) -> None:
    """Per file and per language: entries, words, reviewed / tm / mt / fuzzy / untranslated / copied / flagged."""
    from kztranslate.qa.stats import collect

    per_file, totals = collect(paths)
    if format is TextOrJson.json:
        typer.echo(json.dumps({"files": [s.to_json() for s in per_file], "languages": [s.to_json() for s in totals]}, ensure_ascii=False, indent=2, sort_keys=True))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Translation status")
    columns = ("file", "lang", "entries", "words", "reviewed", "tm", "mt", "fuzzy", "untranslated", "copied", "flagged", "reviewed %")
    for col in columns:
        table.add_column(col, justify="left" if col in ("file", "lang") else "right", no_wrap=True)
    for s in per_file + totals:
        name = s.file if s.file != "*" else f"all {s.lang}"
        table.add_row(name, s.lang, *(str(v) for v in (s.entries, s.words, s.reviewed, s.tm, s.mt, s.fuzzy, s.untranslated, s.copied, s.flagged, s.reviewed_percent)), end_section=s is per_file[-1])
    # Wide enough for every column unwrapped: a file name is never split across lines.
    widest = len(max((s.file for s in per_file), key=len, default="file"))
    Console(width=widest + sum(len(c) + 3 for c in columns[1:]) + 8).print(table)


@tm_app.command("export")
def tm_export_command(
    out: Path = typer.Argument(..., metavar="DIR", help="Output folder of `kztranslate translate` (holds <lang>/*.po)."),
    to: Optional[List[str]] = opt.to_option(required=False, help="Target languages: a comma list (ru,en), also repeatable."),
    legacy_lang: Optional[List[str]] = opt.legacy_lang_option(),
    output: Path = opt.output_file_option(help="TMX file to write (- for standard output).", required=True),
) -> None:
    """Write the reviewed kk -> LANG pairs under OUT as TMX 1.4 (OmegaT, Trados, memoQ)."""
    from kztranslate.po.tmx import export_tmx

    lang = opt.targets_or_legacy(to, legacy_lang, required=True)
    if not out.is_dir():
        raise fail(f"{out}: not a folder")
    count = export_tmx(out, lang, output)
    typer.echo(f"{output}: {count} reviewed pair(s) ({', '.join(lang)})")


@tm_app.command("import")
def tm_import_command(
    tmx_file: Path = typer.Argument(..., metavar="FILE", help="TMX file with kk source segments."),
    out: Path = opt.out_folder_option(help="Output folder of `kztranslate translate`; pairs go to OUT/.tm/<lang>.po."),
    legacy_o: Optional[Path] = opt.legacy_o_option(),
    to: Optional[List[str]] = opt.to_option(required=False, help="Only these target languages, a comma list (default: all in the file)."),
    legacy_lang: Optional[List[str]] = opt.legacy_lang_option(),
) -> None:
    """Merge a TMX file into the translation memory that `translate` reuses (OUT/.tm/<lang>.po)."""
    from kztranslate.po.tmx import import_tmx

    out = opt.out_folder(out, legacy_o)
    lang = opt.targets_or_legacy(to, legacy_lang, required=False) or None  # None: every language in the file

    for r in import_tmx(tmx_file, out, lang):
        typer.echo(f"{r.path}: {r.added} added, {r.updated} updated, {r.unchanged} unchanged")


@app.command("export")
def export_command(
    po_file: Path = typer.Argument(..., metavar="FILE", help="A translated PO file, e.g. OUT/ru/<slug>.po."),
    format: ExchangeFormat = typer.Option(ExchangeFormat.xliff, "--format", "-f", metavar="xliff|xliff12", help="xliff: XLIFF 2.0; xliff12: XLIFF 1.2 (for tools that read only XLIFF 1.x)."),
    output: Optional[Path] = opt.output_file_option(help="File to write (default: the PO path with .xlf; - for standard output)."),
) -> None:
    """Export a PO file for CAT tools that do not read PO (XLIFF 2.0 or 1.2; `kztranslate import` reads either back)."""
    from kztranslate.po.xliff import export_xliff

    dest = output or po_file.with_suffix(".xlf")
    count = export_xliff(po_file, dest, "1.2" if format is ExchangeFormat.xliff12 else "2.0")
    typer.echo(f"{dest}: {count} unit(s)")


@app.command("import")
def import_command(
    xliff_file: Path = typer.Argument(..., metavar="FILE", help="An XLIFF 2.0 or 1.2 file written by `kztranslate export` (possibly edited)."),
    output: Optional[Path] = opt.output_file_option(help="PO file to write (default: the XLIFF path with .po, only if no such file exists)."),
) -> None:
    """Turn an XLIFF 2.0 or 1.2 file back into PO (segments approved in the CAT tool become reviewed)."""
    from kztranslate.po.xliff import import_xliff

    dest, count = import_xliff(xliff_file, output)
    typer.echo(f"{dest}: {count} entr{'y' if count == 1 else 'ies'}")
