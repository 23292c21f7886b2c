"""``kztranslate batch``: translate a folder tree of articles into PO files (incremental, parallel)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from kztranslate.cli import TextOrJson, app, fail


@app.command("batch")
def batch_command(
    folder: Path = typer.Argument(..., help="Folder of articles (*.txt), searched recursively."),
    to: str = typer.Option(..., "--to", help="Target languages, comma-separated, e.g. ru,en."),
    out: Path = typer.Option(Path("locales"), "--out", "-o", help="Output folder: OUT/<slug>.pot and OUT/<lang>/<slug>.po."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Worker processes (CTranslate2 threads per worker = cores // jobs)."),
    executor: str = typer.Option("local", "--executor", help="local (processes on this machine) or dask (dask.distributed)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="dask scheduler address tcp://HOST:PORT (default: a LocalCluster)."),
    format: TextOrJson = typer.Option(TextOrJson.text, "--format", "-f", help="text or json (final summary on stdout)."),
    force: bool = typer.Option(False, "--force", help="Translate every article again, even unchanged ones, and even those that do not look like Kazakh."),
    threads: Optional[int] = typer.Option(None, "--threads", help="CTranslate2 cores per worker (default: cores // jobs)."),
    models_dir: Optional[Path] = typer.Option(None, "--models-dir", help="Models directory (default: $KZTRANSLATE_MODELS, else Argos Translate's package directory)."),
) -> None:
    """Translate every article under FOLDER into PO files under OUT, skipping unchanged ones.

    Exit code 1 when some articles failed (listed in the summary), 0 when all succeeded. An article
    refused as not Kazakh fails once; re-runs list it as ``refused`` (exit 0) until its bytes change.
    """
    from kztranslate.batch import run_batch
    from kztranslate.batch.progress import make_progress

    if executor not in ("local", "dask"):
        raise fail(f"unknown --executor {executor!r} (choose local or dask)")
    if threads is not None and threads < 1:
        raise fail("--threads must be at least 1")
    summary = run_batch(folder, out, to, jobs=jobs, executor=executor, scheduler=scheduler, force=force, progress=make_progress(), models_dir=models_dir, threads=threads)
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
