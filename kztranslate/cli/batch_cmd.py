"""``kztranslate batch``: translate a folder tree of articles into PO files (incremental, parallel)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from kztranslate.cli.app import TextOrJson, app, fail
import kztranslate.cli.options as opt
from kztranslate.cli.options import EngineChoice


@app.command("batch")
def batch_command(
    folder: Path = typer.Argument(..., metavar="DIR", help="Folder of articles (*.txt), searched recursively."),
    to: List[str] = opt.to_option(),
    out: Path = opt.out_folder_option(),
    legacy_o: Optional[Path] = opt.legacy_o_option(),
    engine: EngineChoice = opt.engine_option(help="auto: the installed models (a missing route is exit 3); none: no machine translation (untranslated PO files, translation memory still applied)."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Worker processes (CTranslate2 threads per worker = cores // jobs)."),
    executor: str = typer.Option("local", "--executor", metavar="local|dask", help="local (processes on this machine) or dask (dask.distributed)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help="dask scheduler address tcp://HOST:PORT (default: a LocalCluster)."),
    format: str = opt.format_option("text", "json", help="text or json (final summary on stdout)."),
    force: bool = typer.Option(False, "--force", help="Translate every article again, even unchanged ones, and even those that do not look like Kazakh."),
    threads: Optional[int] = typer.Option(None, "--threads", help="CTranslate2 cores per worker (default: cores // jobs)."),
    models_dir: Optional[Path] = opt.models_dir_option(),
    glossary: Optional[Path] = opt.glossary_option(),
) -> None:
    """Translate every article under FOLDER into PO files under OUT, skipping unchanged ones.

    Exit code 1 when some articles failed (listed in the summary), 0 when all succeeded. An article
    refused as not Kazakh fails once; re-runs list it as ``refused`` (exit 0) until its bytes change.
    """
    from kztranslate.batch import run_batch
    from kztranslate.batch.progress import make_progress
    from kztranslate.batch.worker import NO_ENGINE

    out = opt.out_folder(out, legacy_o)
    targets = opt.parse_targets(to)
    opt.use_glossary(glossary)
    if executor not in ("local", "dask"):
        raise fail(f"unknown --executor {executor!r} (choose local or dask)")
    if threads is not None and threads < 1:
        raise fail("--threads must be at least 1")
    engine_options = {NO_ENGINE: True} if engine is EngineChoice.none else None
    summary = run_batch(folder, out, targets, jobs=jobs, executor=executor, scheduler=scheduler, force=force, progress=make_progress(), models_dir=models_dir, threads=threads, engine_options=engine_options)
    for note in summary.notes:
        typer.echo(f"kztranslate: note: {note}", err=True)
    if format is TextOrJson.json:
        typer.echo(json.dumps(summary.as_dict(), ensure_ascii=False))
    else:
        typer.echo(
            f"{summary.articles} articles: {summary.translated} translated, {summary.skipped} skipped (unchanged), "
            f"{len(summary.failed)} failed; {summary.sentences} sentences in {summary.seconds:.1f}s -> {summary.out}"
        )
        for f in summary.failed:
            typer.echo(f"failed: {f['path']}: {f['error']}")
        for f in summary.refused:
            typer.echo(f"refused (unchanged since refused): {f['path']}: {f['error']}")
        for i in summary.ignored:
            typer.echo(f"ignored: {i['path']}: {i['reason']}")
    raise typer.Exit(summary.exit_code)
