"""Import a converted CTranslate2 model folder (NLLB-200 or OPUS-MT/Marian) into the models directory.

The folder is what ``ct2-transformers-converter ... --copy_files`` (or ``ct2-opus-mt-converter``)
produces: ``model.bin``, ``config.json``, the vocabulary files and the SentencePiece model(s). We
decide which kind it is (or check the kind given), check that the language tokens we will need are in
its vocabulary, copy it into a staging folder, write the manifest ``kztranslate.json`` and rename it
into place. The manifest (format 1)::

    {"format": 1, "kind": "nllb", "source": "kk", "target": "ru", "version": "<content hash>",
     "spm": "sentencepiece.bpe.model",                 # nllb: one SentencePiece model
     "source_spm": "source.spm", "target_spm": "target.spm",   # marian
     "source_prefix": ["kaz_Cyrl"], "target_prefix": ["rus_Cyrl"],  # tokens, may be []
     "add_source_eos": true, "max_source_tokens": 1000, "imported_from": "/path/DIR"}
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

from kztranslate.errors import InputError, ModelError
from kztranslate.engine.langcodes import language_token
from kztranslate.engine.store import ARGOS_METADATA, MANIFEST, MANIFEST_FORMAT, ModelInfo, models_dir, publish, read_model, staging_dir

NLLB_SPM_NAMES = ("sentencepiece.bpe.model", "sentencepiece.model", "spm.model", "tokenizer.model")
KINDS = ("nllb", "marian")


def read_vocabulary(folder: Path, side: str = "source") -> list[str]:
    """Tokens of a CTranslate2 vocabulary (shared or per side; .json or .txt)."""
    for stem in ("shared_vocabulary", f"{side}_vocabulary"):
        j, t = folder / f"{stem}.json", folder / f"{stem}.txt"
        if j.is_file():
            return json.loads(j.read_text(encoding="utf-8"))
        if t.is_file():
            return t.read_text(encoding="utf-8").split("\n")
    return []


def detect_kind(folder: Path) -> str:
    if (folder / "source.spm").is_file() and (folder / "target.spm").is_file():
        return "marian"
    if any((folder / n).is_file() for n in NLLB_SPM_NAMES):
        return "nllb"
    raise ModelError(f"{folder}: cannot tell the model kind (no source.spm/target.spm for Marian, no sentencepiece.bpe.model for NLLB); pass --kind")


def content_version(folder: Path) -> str:
    """A cheap, stable content id: hash of config, vocabularies, and model.bin's size, head and tail."""
    h = hashlib.sha256()
    for name in sorted(p.name for p in folder.iterdir() if p.is_file() and p.name not in (MANIFEST, ARGOS_METADATA)):
        path = folder / name
        h.update(name.encode())
        size = path.stat().st_size
        h.update(str(size).encode())
        with open(path, "rb") as f:
            h.update(f.read(1 << 20))
            if size > 2 << 20:
                f.seek(-(1 << 20), 2)
                h.update(f.read())
    return h.hexdigest()[:12]


def build_manifest(folder: Path, kind: str, source: str, target: str) -> dict:
    """Check the folder for ``kind`` and describe how to feed it; raise :class:`ModelError` if unusable."""
    if not (folder / "model.bin").is_file():
        raise ModelError(f"{folder}: not a CTranslate2 model folder (no model.bin)")
    vocab = set(read_vocabulary(folder, "source")) | set(read_vocabulary(folder, "target"))
    if not vocab:
        raise ModelError(f"{folder}: no vocabulary file (shared_vocabulary.json/.txt or source_/target_vocabulary)")
    config = {}
    if (folder / "config.json").is_file():
        try:
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        except ValueError:
            raise ModelError(f"{folder}: config.json is not valid JSON") from None
    manifest: dict = {"format": MANIFEST_FORMAT, "kind": kind, "source": source, "target": target}
    if kind == "nllb":
        spm = next((n for n in NLLB_SPM_NAMES if (folder / n).is_file()), None)
        if spm is None:
            raise ModelError(f"{folder}: NLLB folder without its SentencePiece model ({' or '.join(NLLB_SPM_NAMES)})")
        src_tok, tgt_tok = language_token(source, "nllb"), language_token(target, "nllb")
        missing = [t for t in (src_tok, tgt_tok) if t not in vocab]
        if missing:
            raise ModelError(f"{folder}: vocabulary lacks the language token(s) {', '.join(missing)}; is this an NLLB model for {source}→{target}?")
        manifest.update(spm=spm, source_prefix=[src_tok], target_prefix=[tgt_tok], add_source_eos=True, max_source_tokens=1000)
    else:
        tgt_tok = language_token(target, "marian")
        manifest.update(source_spm="source.spm", target_spm="target.spm", target_prefix=[], add_source_eos=True, max_source_tokens=500)
        # Multi-target OPUS-MT models expect the target token at the start of the source.
        manifest["source_prefix"] = [tgt_tok] if tgt_tok in vocab else []
    return manifest


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "model"


def import_folder(folder: Path, source: str, target: str, kind: str | None = None, name: str | None = None, root: Path | None = None) -> ModelInfo:
    """Copy a converted CTranslate2 folder into the models directory with its manifest."""
    folder = Path(folder)
    if not folder.exists():
        raise InputError(f"{folder}: no such directory")
    if not folder.is_dir():
        raise InputError(f"{folder}: not a directory (import takes a CTranslate2 model folder; use `models install` for .argosmodel files)")
    if source == target:
        raise InputError(f"--from and --to are both {source!r}")
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown --kind {kind!r} (choose nllb or marian)")
    kind = kind or detect_kind(folder)
    manifest = build_manifest(folder, kind, source, target)
    root = models_dir(root)
    name = slug(name or f"{kind}-{source}_{target}-{folder.resolve().name}")
    stage = staging_dir(root, "importing")
    try:
        copy = stage / "model"
        try:
            shutil.copytree(folder, copy, symlinks=False)
        except (OSError, shutil.Error) as exc:
            raise ModelError(f"{folder}: cannot copy the model folder ({exc})") from None
        manifest["version"] = content_version(copy)
        manifest["imported_from"] = str(folder.resolve())
        (copy / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        # Argos may share this directory: give it a metadata.json it will list but not load.
        stub = {"type": "kztranslate-ct2", "from_code": source, "to_code": target, "package_version": manifest["version"], "from_name": "", "to_name": ""}
        if not (copy / ARGOS_METADATA).exists():
            (copy / ARGOS_METADATA).write_text(json.dumps(stub, indent=2) + "\n", encoding="utf-8")
        dest = publish(copy, root, name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    info = read_model(dest)
    assert info is not None
    return info
