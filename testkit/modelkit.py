"""Build real (random-weight) translation models at test time, for tests and benchmarks.

No model can be downloaded, so tests and benchmarks build their own: a SentencePiece model trained
on a few hundred Kazakh/Russian/English lines from the repository, and a Transformer written with
CTranslate2's model-spec API (seeded random weights), saved as a real CTranslate2 model. The same
model is then packaged the three ways a newsroom would bring one:

* an ``.argosmodel`` zip (``metadata.json``, ``model/``, ``sentencepiece.model``), as Argos Translate
  itself packages models;
* an NLLB-style CTranslate2 folder (one ``sentencepiece.bpe.model``, language tokens such as
  ``kaz_Cyrl`` in the shared vocabulary);
* a Marian/OPUS-MT style folder (``source.spm``, ``target.spm``, an optional ``>>rus<<`` token).

The weights are random, so the output is nonsense; but it goes through the real loading, tokenising
and beam-search code, it is deterministic, and it has the size and cost of a real model when built
at transformer-base size (see bench/). Shared by tests/ and bench/ (see :mod:`testkit`).
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
KIT_DATA = Path(__file__).resolve().parent / "data" / "modelkit"
NLLB_TOKENS = ("kaz_Cyrl", "rus_Cyrl", "eng_Latn")
MARIAN_TOKENS = (">>kaz<<", ">>rus<<", ">>eng<<")


def corpus_lines(extra: list[str] | None = None) -> list[str]:
    """Kazakh lines from examples/articles plus the kit's English and Russian lines (repo content only)."""
    lines: list[str] = []
    for path in sorted((ROOT / "examples" / "articles").glob("*.txt")):
        lines += [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    for name in ("en.txt", "ru.txt"):
        lines += [ln.strip() for ln in (KIT_DATA / name).read_text(encoding="utf-8").splitlines() if ln.strip()]
    lines += extra or []
    # Kazakh paragraphs are long; sentence-ish pieces train SentencePiece better.
    out: list[str] = []
    for ln in lines:
        out += [p.strip() + "." for p in ln.split(". ") if p.strip()]
    return out


def train_sentencepiece(lines: list[str], prefix: Path, vocab_size: int = 400, seed: int = 0) -> Path:
    """Train a unigram SentencePiece model (ids: <unk>=0, <s>=1, </s>=2, no pad) and return its path."""
    import sentencepiece as spm

    prefix.parent.mkdir(parents=True, exist_ok=True)
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        model_type="unigram",
        character_coverage=1.0,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,
        num_threads=1,
        minloglevel=2,
    )
    return prefix.with_suffix(".model")


def spm_pieces(model_path: Path) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(model_path))
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def build_transformer(
    out_dir: Path,
    vocabulary: list[str],
    *,
    seed: int = 0,
    layers: int = 2,
    d_model: int = 64,
    heads: int = 4,
    ffn: int | None = None,
    quantization: str | None = None,
) -> Path:
    """Write a CTranslate2 Transformer with seeded random weights and a shared vocabulary."""
    from ctranslate2.specs import model_spec, transformer_spec

    ffn = ffn or 4 * d_model
    rng = np.random.default_rng(seed)
    spec = transformer_spec.TransformerSpec.from_config((layers, layers), heads)
    vocab = len(vocabulary)
    scale = 1.0 / np.sqrt(d_model)

    def shape_of(name: str) -> tuple[int, ...]:
        parts = name.split("/")
        leaf, owner = parts[-1], parts[-2]
        if "embeddings" in owner or owner == "projection":
            return (vocab, d_model)
        if leaf in ("gamma", "beta"):
            return (d_model,)
        if "ffn" in parts:
            return (ffn, d_model) if owner == "linear_0" else (d_model, ffn)
        if "self_attention" in parts:
            return (3 * d_model, d_model) if owner == "linear_0" else (d_model, d_model)
        if "attention" in parts:  # encoder-decoder attention: query, fused key/value, output
            return {"linear_0": (d_model, d_model), "linear_1": (2 * d_model, d_model)}.get(owner, (d_model, d_model))
        raise ValueError(f"unexpected weight {name}")

    def fill(spec_layer, name, value):
        if value is not None:
            return
        leaf = name.split("/")[-1]
        shape = shape_of(name)
        if leaf == "gamma":
            array = np.ones(shape, dtype=np.float32)
        elif leaf == "beta":
            array = np.zeros(shape, dtype=np.float32)
        else:
            array = (rng.standard_normal(shape) * scale).astype(np.float32)
        setattr(spec_layer, leaf, array)

    model_spec.visit_spec(spec, fill)
    spec.register_source_vocabulary(list(vocabulary))
    spec.register_target_vocabulary(list(vocabulary))
    spec.validate()
    spec.optimize(quantization=quantization)
    out_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(out_dir))
    return out_dir


def make_argosmodel(dest: Path, ct2_dir: Path, spm_model: Path, source: str, target: str, *, version: str = "1.0", folder: str | None = None) -> Path:
    """Zip a CTranslate2 model and its SentencePiece model as an Argos ``.argosmodel`` package."""
    folder = folder or f"translate-{source}_{target}-{version.replace('.', '_')}"
    metadata = {
        "package_version": version,
        "argos_version": "1.0",
        "from_code": source,
        "from_name": {"kk": "Kazakh", "ru": "Russian", "en": "English"}.get(source, source),
        "to_code": target,
        "to_name": {"kk": "Kazakh", "ru": "Russian", "en": "English"}.get(target, target),
        "type": "translate",
        "links": [],
    }
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{folder}/metadata.json", json.dumps(metadata, indent=2))
        zf.writestr(f"{folder}/README.md", f"Test model {source}->{target} built by testkit/modelkit.py (random weights).\n")
        zf.write(spm_model, f"{folder}/sentencepiece.model")
        for f in sorted(ct2_dir.iterdir()):
            zf.write(f, f"{folder}/model/{f.name}")
    return dest


def make_nllb_folder(dest: Path, ct2_dir: Path, spm_model: Path) -> Path:
    """An NLLB-style converted folder: the CTranslate2 files plus ``sentencepiece.bpe.model``."""
    shutil.copytree(ct2_dir, dest)
    shutil.copy(spm_model, dest / "sentencepiece.bpe.model")
    return dest


def make_marian_folder(dest: Path, ct2_dir: Path, spm_model: Path) -> Path:
    """A Marian/OPUS-MT style converted folder: the CTranslate2 files plus ``source.spm``/``target.spm``."""
    shutil.copytree(ct2_dir, dest)
    shutil.copy(spm_model, dest / "source.spm")
    shutil.copy(spm_model, dest / "target.spm")
    return dest


FAIRSEQ_SPM_NAME = "flores200_sacrebleu_tokenizer_spm.model"


def make_tokenizer_json(spm_model: Path, dest: Path) -> Path:
    """A Hugging Face ``tokenizer.json`` equivalent to ``spm_model`` (what transformers' converter writes:
    a Unigram model with the same pieces and scores, Metaspace pre-tokenizer and decoder)."""
    import sentencepiece as spm
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers

    sp = spm.SentencePieceProcessor(model_file=str(spm_model))
    vocab = [(sp.id_to_piece(i), sp.get_score(i)) for i in range(sp.get_piece_size())]
    tok = Tokenizer(models.Unigram(vocab, unk_id=sp.unk_id(), byte_fallback=False))
    tok.normalizer = normalizers.NFKC()
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tok.save(str(dest))
    return dest


def make_opennmt_layout(dest: Path, ct2_dir: Path, spm_model: Path, folder: str = "nllb-tiny_int8_ct2") -> tuple[Path, Path]:
    """OpenNMT's published layout: ``FOLDER.zip`` (model.bin, config.json, shared_vocabulary.txt in one
    top folder) and the FLORES-200 SentencePiece model as a separate file beside it."""
    import json as _json

    dest.mkdir(parents=True, exist_ok=True)
    archive = dest / f"{folder}.zip"
    vocab = _json.loads((ct2_dir / "shared_vocabulary.json").read_text(encoding="utf-8"))
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(ct2_dir / "model.bin", f"{folder}/model.bin")
        zf.write(ct2_dir / "config.json", f"{folder}/config.json")
        zf.writestr(f"{folder}/shared_vocabulary.txt", "\n".join(vocab))
    spm_copy = dest / FAIRSEQ_SPM_NAME
    shutil.copy(spm_model, spm_copy)
    return archive, spm_copy


def make_hub_layout(dest: Path, ct2_dir: Path, spm_model: Path) -> Path:
    """A Hub repository made with ct2-transformers-converter that ships only ``tokenizer.json``
    (+ tokenizer_config.json, special_tokens_map.json), no SentencePiece file."""
    import json as _json

    dest.mkdir(parents=True, exist_ok=True)
    for name in ("model.bin", "config.json", "shared_vocabulary.json"):
        shutil.copy(ct2_dir / name, dest / name)
    make_tokenizer_json(spm_model, dest / "tokenizer.json")
    (dest / "tokenizer_config.json").write_text(_json.dumps({"tokenizer_class": "NllbTokenizer", "src_lang": "eng_Latn"}), encoding="utf-8")
    (dest / "special_tokens_map.json").write_text(_json.dumps({"eos_token": "</s>", "unk_token": "<unk>"}), encoding="utf-8")
    return dest


def build_tiny_models(dest: Path, *, seed: int = 0, layers: int = 2, d_model: int = 64, heads: int = 4, vocab_size: int = 400) -> dict[str, Path]:
    """Build every test model under ``dest`` in a few seconds; return their paths by role.

    Keys: ``spm`` (SentencePiece model), ``kk_en_argosmodel``, ``en_ru_argosmodel``,
    ``kk_ru_argosmodel`` (.argosmodel files), ``kk_ru_nllb`` (NLLB-style folder, kk/ru/en language
    tokens), ``kk_ru_marian`` (Marian-style folder with ``>>rus<<``), the same NLLB model in the two
    published layouts: ``nllb_zip`` + ``nllb_zip_spm`` (OpenNMT: zip and the SentencePiece file beside
    it) and ``nllb_hub`` (a Hub folder with only ``tokenizer.json``).
    Different seeds per language pair so the pivot hops are different models.
    """
    dest.mkdir(parents=True, exist_ok=True)
    spm_model = train_sentencepiece(corpus_lines(), dest / "spm" / "kit", vocab_size=vocab_size, seed=seed)
    pieces = spm_pieces(spm_model)
    out: dict[str, Path] = {"spm": spm_model}
    kw = dict(layers=layers, d_model=d_model, heads=heads)
    for i, (src, tgt) in enumerate((("kk", "en"), ("en", "ru"), ("kk", "ru"))):
        ct2 = build_transformer(dest / "ct2" / f"{src}_{tgt}", pieces, seed=seed + i, **kw)
        out[f"{src}_{tgt}_argosmodel"] = make_argosmodel(dest / f"translate-{src}_{tgt}.argosmodel", ct2, spm_model, src, tgt)
    nllb_ct2 = build_transformer(dest / "ct2" / "nllb", pieces + list(NLLB_TOKENS), seed=seed + 10, **kw)
    out["kk_ru_nllb"] = make_nllb_folder(dest / "nllb-tiny", nllb_ct2, spm_model)
    out["nllb_zip"], out["nllb_zip_spm"] = make_opennmt_layout(dest / "opennmt", nllb_ct2, spm_model)
    out["nllb_hub"] = make_hub_layout(dest / "hub" / "nllb-tiny-ct2", nllb_ct2, spm_model)
    marian_ct2 = build_transformer(dest / "ct2" / "marian", pieces + list(MARIAN_TOKENS), seed=seed + 20, **kw)
    out["kk_ru_marian"] = make_marian_folder(dest / "opus-mt-tiny", marian_ct2, spm_model)
    return out
