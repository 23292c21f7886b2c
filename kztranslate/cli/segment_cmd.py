"""``kztranslate segment``: print the segmentation of an article."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from kztranslate.cli.app import TextOrJson, app
import kztranslate.cli.options as opt


@app.command("segment")
def segment_command(
    file: Path = typer.Argument(..., metavar="FILE", help="Article file (UTF-8/UTF-16/KZ-1048/cp1251/KOI8)."),
    format: str = opt.format_option("text", "json", "jsonl", help="text: one sentence per line; json: one array; jsonl: one JSON object per sentence."),
) -> None:
    """Split an article into paragraphs and sentences (offsets into the normalised text)."""
    from kztranslate.segment import segment
    from kztranslate.textio import read_text

    text = read_text(file)
    paragraphs = segment(text)
    out: list[str] = []
    if format is not TextOrJson.text:
        rows = [{"paragraph": p.index, "sentence": s.index, "start": s.start, "end": s.end, "kind": p.kind, "text": s.text} for p in paragraphs for s in p.sentences]
        if format is TextOrJson.json:
            out.append(json.dumps(rows, ensure_ascii=False))
        else:
            out.extend(json.dumps(r, ensure_ascii=False) for r in rows)
    else:
        for i, p in enumerate(paragraphs):
            if i:
                out.append("")
            out.extend(s.text for s in p.sentences)
    typer.echo("\n".join(out))
