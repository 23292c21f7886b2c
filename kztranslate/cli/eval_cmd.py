"""``kztranslate eval``: chrF, chrF++, BLEU and glossary term accuracy of the installed models on reviewed PO files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from kztranslate.cli.app import TextOrJson, app
import kztranslate.cli.options as opt


@app.command("eval")
def eval_command(
    files: List[Path] = typer.Argument(..., metavar="FILE", help="Reviewed PO files (msgid Kazakh, reviewed msgstr the reference) or KAZAKH<TAB>REFERENCE .tsv files."),
    to: Optional[str] = typer.Option(None, "--to", metavar="LANG", help="Target language (required for TSV; checked against the PO files' Language)."),
    model: Optional[List[str]] = typer.Option(None, "--model", metavar="NAME", help="Evaluate this installed model (repeatable; A+B for a pivot). Default: every model serving kk→LANG, and the pivot route."),
    format: str = opt.format_option("text", "json", help="text (a table) or json."),
    models_dir: Optional[Path] = opt.models_dir_option(),
    glossary: Optional[Path] = opt.glossary_option(),
) -> None:
    """Score each model against your own reviewed translations (sacrebleu), to choose one."""
    from kztranslate.mt_eval import evaluate

    opt.use_glossary(glossary)
    lang, refs, results = evaluate(files, to, models_dir=models_dir, models=model)
    if format is TextOrJson.json:
        payload = {"target": lang, "references": len(refs), "files": [str(f) for f in files], "systems": [r.as_dict() for r in results]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{len(refs)} reviewed sentences, kk→{lang}, from {len(files)} file(s)")
    width = max([len("system")] + [len(r.system) for r in results])
    header = f"{'system':<{width}} {'chrF':>6} {'chrF++':>7} {'BLEU':>6}   {'terms plain → enforced':<26} {'sent/s':>7}  route"
    typer.echo(header)
    for r in results:
        e = r.scores["enforced"]
        terms = f"{r.terms['plain']:.0%} → {r.terms['enforced']:.0%} of {r.terms['required']}"
        typer.echo(f"{r.system:<{width}} {e['chrf']:>6.1f} {e['chrf++']:>7.1f} {e['bleu']:>6.1f}   {terms:<26} {r.sentences_per_s:>7.1f}  {r.route}")
    typer.echo("scores are for the enforced output (what `translate` writes); --format json also gives the plain 1-best scores")
    if results:
        for name, sig in results[0].signatures.items():
            typer.echo(f"{name} signature: {sig}")
