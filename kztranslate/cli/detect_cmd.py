"""``kztranslate detect``: language, script and confidence of a file (optionally per paragraph)."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer

from kztranslate.cli.app import TextOrJson, app
import kztranslate.cli.options as opt


class DetectBy(str, Enum):
    paragraph = "paragraph"


@app.command("detect")
def detect_command(
    file: Path = typer.Argument(..., metavar="FILE", help="Article file."),
    format: str = opt.format_option("text", "json"),
    by: DetectBy | None = typer.Option(None, "--by", metavar="paragraph", help="Also report every paragraph (with offsets)."),
) -> None:
    """Detect the language (kk, ky, tt, ba, ru, uk, bg, be, sr, mk, en, tr) and script of an article."""
    from kztranslate.detect import describe, detect_document, detect_paragraphs
    from kztranslate.textio import read_text

    text = read_text(file)
    d = detect_document(text)
    paragraphs = detect_paragraphs(text) if by else []
    if format is TextOrJson.json:
        out: dict = {"language": d.language, "script": d.script, "confidence": d.confidence}
        if by:
            out["paragraphs"] = [
                {"index": p.index, "start": p.start, "end": p.end, "kind": p.kind, "language": p.language, "script": p.script, "confidence": p.confidence}
                for p in paragraphs
            ]
        typer.echo(json.dumps(out, ensure_ascii=False))
        return
    typer.echo(f"{file}: {d.language} ({d.script}) {d.confidence:.2f} - {describe(d)}")
    for p in paragraphs:
        typer.echo(f"  paragraph {p.index} [{p.start}:{p.end}] {p.kind}: {p.language} ({p.script}) {p.confidence:.2f}")
