"""Per-model tokenisation: sentence -> source tokens, output tokens -> text, for one direction.

Each kind of model wants its input differently:

* Argos packages: SentencePiece pieces (or Moses + BPE through argostranslate's own
  :class:`~argostranslate.tokenizer.BPETokenizer`, which is local code, no download), with the
  package's optional ``target_prefix`` token;
* NLLB-200, transformers' conversions (``token_order: hf``): ``[kaz_Cyrl] + pieces + [</s>]``;
  fairseq conversions (``token_order: fairseq``, OpenNMT's zips): ``pieces + [</s>, kaz_Cyrl]``;
  both with the target prefix ``[rus_Cyrl]``. The pieces come from a SentencePiece model or, for Hub
  repositories that ship only ``tokenizer.json``, from the ``tokenizers`` library (no torch);
* OPUS-MT/Marian: ``source.spm`` pieces (after ``>>xxx<<`` for multi-target models) and
  ``target.spm`` for the output; the converted config usually appends ``</s>`` itself.

We never call argostranslate's sentence splitter: our segmenter has already split the text, and
Argos' MiniSBD would download a model at run time.
"""

from __future__ import annotations

from pathlib import Path

from kztranslate.engine.store import ModelInfo, ct2_config
from kztranslate.errors import ModelError

EOS = "</s>"


def _spm(path: Path):
    import sentencepiece as spm

    return spm.SentencePieceProcessor(model_file=str(path))


def require_tokenizers(what: Path | str):
    """The ``tokenizers`` library's ``Tokenizer``, or a one-line :class:`ModelError` saying how to get it.

    Why optional (the ``hf`` extra): only models that ship nothing but ``tokenizer.json`` need it
    (every catalogue model has a SentencePiece file), and it pulls in huggingface_hub and hf-xet,
    which the product never loads: about 30 MB of a plain install (docs/install.md)."""
    try:
        from tokenizers import Tokenizer
    except ImportError:
        raise ModelError(f"{what}: this model ships only tokenizer.json, which needs the `tokenizers` library: pip install 'kztranslate[hf]'") from None
    return Tokenizer


class _HfTokenizer:
    """A ``tokenizer.json`` (Hugging Face ``tokenizers``) behind the SentencePiece calls we use."""

    def __init__(self, path: Path) -> None:
        self._tok = require_tokenizers(path).from_file(str(path))

    def encode(self, text: str, out_type=str) -> list[str]:
        return list(self._tok.encode(text, add_special_tokens=False).tokens)

    def decode_pieces(self, pieces: list[str]) -> str:
        decoder = self._tok.decoder
        if decoder is None:
            return "".join(pieces).replace("\u2581", " ")
        return decoder.decode(list(pieces))


class Codec:
    """Tokeniser for one installed model; the direction-dependent parts take ``source``, ``target``."""

    def __init__(self, info: ModelInfo) -> None:
        self.info = info
        self._bpe = None
        d = info.details
        self.model_dir = info.model_dir or info.path
        self._order = d.get("token_order", "")
        self._lang_tokens: dict[str, str] = dict(d.get("language_tokens", {}))
        if info.kind == "argos":
            if (info.path / "sentencepiece.model").is_file():
                self._src = self._tgt = _spm(info.path / "sentencepiece.model")
            else:
                from argostranslate.tokenizer import BPETokenizer

                self._src = self._tgt = None
                self._bpe = BPETokenizer(info.path / "bpe.model", info.source, info.target)
            prefix = d.get("target_prefix") or ""
            self._fixed_source_prefix: list[str] = []
            self._fixed_target_prefix: list[str] = [prefix] if prefix else []
            add_eos = False
        elif info.kind == "nllb":
            tok = d["tokenizer"]
            path = Path(tok["file"])
            path = path if path.is_absolute() else self.model_dir / path
            self._src = self._tgt = _HfTokenizer(path) if tok["type"] == "tokenizers" else _spm(path)
            self._fixed_source_prefix, self._fixed_target_prefix = [], []
            add_eos = True
        else:
            self._src = _spm(self.model_dir / d.get("source_spm", "source.spm"))
            self._tgt = _spm(self.model_dir / d.get("target_spm", "target.spm"))
            self._fixed_source_prefix = list(d.get("source_prefix", []))
            self._fixed_target_prefix = list(d.get("target_prefix", []))
            add_eos = bool(d.get("add_source_eos", True))
        # Append </s> only when the model needs it and its config does not add it already.
        self._eos = [EOS] if add_eos and not ct2_config(self.model_dir).get("add_source_eos") else []

    def pieces(self, text: str) -> list[str]:
        """Content tokens of ``text`` (what counts against the model's length limit)."""
        if self._bpe is not None:
            return list(self._bpe.encode(text))
        return self._src.encode(text, out_type=str)

    def source_tokens(self, pieces: list[str], source: str, target: str) -> list[str]:
        """The full source sequence for one direction (language tokens and ``</s>`` in the model's order)."""
        if self.info.kind == "nllb":
            lang = self._lang_tokens[source]
            if self._order == "fairseq":
                return list(pieces) + [EOS, lang]
            return [lang] + list(pieces) + self._eos
        return self._fixed_source_prefix + list(pieces) + self._eos

    def target_prefix(self, source: str, target: str) -> list[str]:
        if self.info.kind == "nllb":
            return [self._lang_tokens[target]]
        return list(self._fixed_target_prefix)

    def overhead(self, source: str, target: str) -> int:
        """Tokens added around the pieces (they count against ``max_source_tokens`` too)."""
        return len(self.source_tokens([], source, target))

    def decode(self, tokens: list[str], source: str, target: str) -> str:
        prefix = self.target_prefix(source, target)
        if prefix and tokens[: len(prefix)] == prefix:
            tokens = tokens[len(prefix):]
        if tokens and tokens[-1] == EOS:
            tokens = tokens[:-1]
        if self._bpe is not None:
            return self._bpe.decode(tokens).strip()
        return self._tgt.decode_pieces(list(tokens)).strip()
