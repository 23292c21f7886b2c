"""Per-model tokenisation: sentence -> source tokens, output tokens -> text.

Each kind of model wants its input differently:

* Argos packages: SentencePiece pieces (or Moses + BPE through argostranslate's own
  :class:`~argostranslate.tokenizer.BPETokenizer`, which is local code, no download), with the
  package's optional ``target_prefix`` token;
* NLLB-200: ``[src_lang] + pieces + ["</s>"]`` as source, ``[tgt_lang]`` as target prefix;
* OPUS-MT/Marian: ``source.spm`` pieces (after ``>>xxx<<`` for multi-target models) and
  ``target.spm`` for the output; the converted config usually appends ``</s>`` itself.

We never call argostranslate's sentence splitter: our segmenter has already split the text, and
Argos' MiniSBD would download a model at run time.
"""

from __future__ import annotations

import json
from pathlib import Path

from kztranslate.engine.store import ModelInfo


def _spm(path: Path):
    import sentencepiece as spm

    return spm.SentencePieceProcessor(model_file=str(path))


def _config(folder: Path) -> dict:
    try:
        return json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


class Codec:
    """Tokeniser for one installed model."""

    def __init__(self, info: ModelInfo) -> None:
        self.info = info
        self._bpe = None
        if info.kind == "argos":
            self.model_dir = info.path / "model"
            if (info.path / "sentencepiece.model").is_file():
                self._src = self._tgt = _spm(info.path / "sentencepiece.model")
            else:
                from argostranslate.tokenizer import BPETokenizer

                self._src = self._tgt = None
                self._bpe = BPETokenizer(info.path / "bpe.model", info.source, info.target)
            prefix = info.details.get("target_prefix") or ""
            self.source_prefix: list[str] = []
            self.target_prefix: list[str] = [prefix] if prefix else []
            add_eos = False
        else:
            self.model_dir = info.path
            d = info.details
            if info.kind == "nllb":
                self._src = self._tgt = _spm(info.path / d["spm"])
            else:
                self._src = _spm(info.path / d.get("source_spm", "source.spm"))
                self._tgt = _spm(info.path / d.get("target_spm", "target.spm"))
            self.source_prefix = list(d.get("source_prefix", []))
            self.target_prefix = list(d.get("target_prefix", []))
            add_eos = bool(d.get("add_source_eos", True))
        # Append </s> only when the model needs it and its config does not add it already.
        self.source_suffix = ["</s>"] if add_eos and not _config(self.model_dir).get("add_source_eos") else []

    def pieces(self, text: str) -> list[str]:
        """Content tokens of ``text`` (what counts against the model's length limit)."""
        if self._bpe is not None:
            return list(self._bpe.encode(text))
        return self._src.encode(text, out_type=str)

    def source_tokens(self, pieces: list[str]) -> list[str]:
        return self.source_prefix + pieces + self.source_suffix

    @property
    def overhead(self) -> int:
        return len(self.source_prefix) + len(self.source_suffix)

    def decode(self, tokens: list[str]) -> str:
        prefix = self.target_prefix
        if prefix and tokens[: len(prefix)] == prefix:
            tokens = tokens[len(prefix):]
        if self._bpe is not None:
            return self._bpe.decode(tokens).strip()
        return self._tgt.decode_pieces(list(tokens)).strip()
