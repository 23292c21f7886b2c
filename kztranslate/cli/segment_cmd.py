"""``kztranslate segment``: print the segmentation of an article."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer

from kztranslate.cli import app


class SegmentFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"


@app.command("segment")
def segment_command(
    file: Path = typer.Argument(..., help="Article file (UTF-8/UTF-16/KZ-1048/cp1251/KOI8)."),
    format: SegmentFormat = typer.Option(SegmentFormat.text, "--format", "-f", help="text: one sentence per line; jsonl: one JSON object per sentence."),
) -> None:
    """Split an article into paragraphs and sentences (offsets into the normalised text)."""
    from kztranslate.segment import segment
    from kztranslate.textio import read_text

    text = read_text(file)
    paragraphs = segment(text)
    out: list[str] = []
    if format is SegmentFormat.jsonl:
        for p in paragraphs:
            for s in p.sentences:
                out.append(json.dumps({"paragraph": p.index, "sentence": s.index, "start": s.start, "end": s.end, "kind": p.kind, "text": s.text}, ensure_ascii=False))
    else:
        for i, p in enumerate(paragraphs):
            if i:
                out.append("")
            out.extend(s.text for s in p.sentences)
    typer.echo("\n".join(out))
