"""``kztranslate translate`` (article -> POT + PO per language) and ``kztranslate build`` (PO -> article)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from kztranslate.cli.app import TextOrJson, app, fail
import kztranslate.cli.options as opt
from kztranslate.cli.options import EngineChoice


INSTALL_HINT = "get one with `kztranslate models get nllb-200-600M --accept-licence` (downloads about 0.6 GB once), or bring one with `kztranslate models install FILE.argosmodel` / `kztranslate models import DIR`"


@app.command("translate")
def translate_command(
    files: List[Path] = typer.Argument(..., metavar="FILE", help="Kazakh article files."),
    to: List[str] = opt.to_option(),
    out: Path = opt.out_folder_option(),
    legacy_o: Optional[Path] = opt.legacy_o_option(),
    engine: EngineChoice = opt.engine_option(),
    models_dir: Optional[Path] = opt.models_dir_option(),
    glossary: Optional[Path] = opt.glossary_option(),
    force: bool = typer.Option(False, "--force", help="Translate even if the text does not look Kazakh."),
    format: str = opt.format_option("text", "json", help="text or json (the report on standard output)."),
) -> None:
    """Write a PO template and one PO file per target language; re-runs keep reviewed translations."""
    from kztranslate.outlock import OutLock
    from kztranslate.engine.base import NoMT
    from kztranslate.pipeline import ArticleJob, translate_articles
    from kztranslate.po.catalog import slug_for
    from kztranslate.safepath import check_out_tree
    from kztranslate.textio import sweep_temp_files

    out = opt.out_folder(out, legacy_o)
    targets = opt.parse_targets(to)
    opt.use_glossary(glossary)
    slugs: dict[str, Path] = {}
    for f in files:
        other = slugs.setdefault(slug_for(f), f)
        if other != f:
            raise fail(f"{other} and {f} have the same slug {slug_for(f)!r}; translate them into different --out folders")
    eng = None
    if engine is EngineChoice.auto:
        from kztranslate.engine import load_engine

        eng = load_engine(models_dir)
    jobs = [ArticleJob(path=f, slug=s) for s, f in slugs.items()]
    # Like batch: refuse an OUT whose folders lead elsewhere, hold OUT's lock while writing, and
    # clear temporary files left by killed runs (safe: no writer of ours runs while we hold the lock).
    check_out_tree(out)
    with OutLock(out):
        sweep_temp_files(out)
        results = translate_articles(jobs, out, targets, engine=eng, force=force, on_error="raise")
    notes = list(dict.fromkeys(n for r in results for n in r.notes))
    if format is TextOrJson.json:
        payload = {
            "out": str(out),
            "articles": [
                {
                    "path": str(r.path),
                    "slug": r.slug,
                    "sentences": r.sentences,
                    "files": [str(p) for p in r.files],
                    "written": [str(p) for p in r.written],
                    "counts": r.counts,
                    "routes": {lang: str(route) for lang, route in r.routes.items()},
                }
                for r in results
            ],
            "notes": notes,
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for r in results:
            typer.echo(f"{r.path}: {r.sentences} sentences -> {out}/{r.slug}.pot" + ("" if any(p.suffix == ".pot" for p in r.written) else " (unchanged)"))
            for lang, c in r.counts.items():
                po = out / lang / f"{r.slug}.po"
                state = "" if po in r.written else " (unchanged)"
                parts = ", ".join(f"{k} {v}" for k, v in c.items() if v or k in ("reviewed", "tm", "mt", "untranslated"))
                typer.echo(f"  {lang}: {po}{state}: {parts}; route {r.routes.get(lang, '-')}")
    for note in notes:
        typer.echo(f"kztranslate: note: {note}", err=True)
    missing = sorted({lang for r in results for lang, route in r.routes.items() if route.why_not is NoMT.NO_MODEL})
    if eng is not None and missing:
        routes = ", ".join(f"kk→{lang}" for lang in missing)
        typer.echo(f"kztranslate: note: no model installed for {routes}: those entries stay untranslated (translation memory still applied); {INSTALL_HINT}", err=True)


@app.command("build")
def build_command(
    po_file: Path = typer.Argument(..., metavar="FILE", help="A PO file written by `kztranslate translate` (OUT/<lang>/<slug>.po)."),
    output: Optional[Path] = opt.output_file_option(help="Write the article here (default, or -: standard output; a FIFO or device is streamed into, a symlink written through)."),
    only_reviewed: bool = typer.Option(False, "--only-reviewed", help="Use only reviewed translations; fuzzy ones fall back to the source text too."),
) -> None:
    """Turn a (reviewed) PO file back into the translated article, keeping the source layout."""
    from kztranslate.build import build_text
    from kztranslate.textio import write_output

    text, report = build_text(po_file, only_reviewed=only_reviewed)
    write_output("-" if output is None else output, text)
    where = f"wrote {output}" if output is not None and str(output) != "-" else "article on standard output"
    typer.echo(
        f"kztranslate: {where}: {report.paragraphs} paragraphs; {report.reviewed} reviewed, {report.fuzzy} fuzzy used, "
        f"{report.fallback} fell back to the source ({report.fallback_untranslated} untranslated, {report.fallback_fuzzy} fuzzy), {report.copied} copied",
        err=True,
    )
