"""Register a converted CTranslate2 model folder (NLLB-200 or OPUS-MT/Marian) in the models directory.

NLLB-200 is multilingual: one folder serves kk→ru, kk→en and every other pair of its languages, so
it is imported **once**; the language tokens its vocabulary holds decide which of our languages it
serves. The folder comes in the layouts users actually meet:

* ``ct2-transformers-converter --copy_files ...`` (and the Hugging Face Hub repositories made with
  it): ``model.bin``, ``config.json``, ``shared_vocabulary.json`` and either
  ``sentencepiece.bpe.model`` or only ``tokenizer.json`` (+ ``tokenizer_config.json``,
  ``special_tokens_map.json``). Source tokens in transformers' order: ``[kaz_Cyrl] + pieces + [</s>]``.
* OpenNMT's conversions of the fairseq checkpoints (``nllb-200_600M_int8_ct2.zip``): the model folder,
  with ``flores200_sacrebleu_tokenizer_spm.model`` published *beside* it, not inside. Source
  tokens in fairseq's order: ``pieces + [</s>, kaz_Cyrl]``.

Both use the target prefix ``[rus_Cyrl]``. The token order is recorded in the manifest: given
(``--token-order``, or the catalogue for ``models get``), else told from the files (transformers'
tokenizer files mean ``hf``, the FLORES-200 SentencePiece file means ``fairseq``); a folder that
says neither is refused rather than fed a guess, since the wrong order gives fluent nonsense
without any error.

Only the files the model needs are copied (a conversion folder often still holds the multi-GB
PyTorch checkpoint), symlinks leaving the folder are refused (a link to ``/etc/passwd`` must not end
up in a shared models directory), and ``link=True`` registers the folder in place instead of
copying gigabytes. The manifest (format 2)::

    {"format": 2, "kind": "nllb", "languages": ["kk", "ru", "en", ...],
     "language_tokens": {"kk": "kaz_Cyrl", "ru": "rus_Cyrl", ...}, "token_order": "hf",
     "tokenizer": {"type": "sentencepiece", "file": "sentencepiece.bpe.model"},
     "max_source_tokens": 1000, "version": "<content hash>", "model_path": null,
     "imported_from": "/path/DIR"}

Marian manifests keep one direction: ``source``, ``target``, ``source_spm``, ``target_spm``,
``source_prefix`` (``>>rus<<`` for multi-target OPUS-MT), ``target_prefix``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

from kztranslate.engine.langcodes import known_codes, language_token
from kztranslate.engine.store import ARGOS_METADATA, MANIFEST, MANIFEST_FORMAT, ModelInfo, Staging, models_dir, publish, read_model
from kztranslate.errors import InputError, ModelError

NLLB_SPM_NAMES = ("sentencepiece.bpe.model", "flores200_sacrebleu_tokenizer_spm.model", "sentencepiece.model", "spm.model", "tokenizer.model")
FAIRSEQ_SPM_NAMES = ("flores200_sacrebleu_tokenizer_spm.model",)
HF_TOKENIZER_JSON = "tokenizer.json"
HF_MARKERS = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "sentencepiece.bpe.model")
KINDS = ("nllb", "marian")
TOKEN_ORDERS = ("fairseq", "hf")
VOCAB_NAMES = ("shared_vocabulary.json", "shared_vocabulary.txt", "source_vocabulary.json", "source_vocabulary.txt", "target_vocabulary.json", "target_vocabulary.txt")
# Files worth keeping beside the model (the rest of a conversion folder is left where it is).
EXTRA_NAMES = ("config.json", "generation_config.json", "tokenizer_config.json", "special_tokens_map.json", "README.md", "LICENSE", "LICENSE.txt", "LICENSE.md")
NLLB_MAX_SOURCE_TOKENS = 1000
MARIAN_MAX_SOURCE_TOKENS = 500


def read_vocabulary(folder: Path, side: str = "source") -> list[str]:
    """Tokens of a CTranslate2 vocabulary (shared or per side; .json or .txt)."""
    for stem in ("shared_vocabulary", f"{side}_vocabulary"):
        j, t = folder / f"{stem}.json", folder / f"{stem}.txt"
        try:
            if j.is_file():
                tokens = json.loads(j.read_text(encoding="utf-8"))
                if not isinstance(tokens, list) or not all(isinstance(x, str) for x in tokens):
                    raise ModelError(f"{j}: not a vocabulary (expected a JSON list of tokens)")
                return tokens
            if t.is_file():
                return t.read_text(encoding="utf-8").split("\n")
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ModelError(f"{j if j.is_file() else t}: unreadable vocabulary ({exc.__class__.__name__})") from None
    return []


def detect_kind(folder: Path, tokenizer: Path | None = None) -> str:
    if (folder / "source.spm").is_file() and (folder / "target.spm").is_file():
        return "marian"
    if tokenizer is not None or any((folder / n).is_file() for n in NLLB_SPM_NAMES + (HF_TOKENIZER_JSON,)):
        return "nllb"
    if (folder / "model.bin").is_file() and any((folder.parent / n).is_file() for n in FAIRSEQ_SPM_NAMES):
        return "nllb"  # OpenNMT's layout: the SentencePiece model beside the folder
    raise ModelError(
        f"{folder}: cannot tell the model kind (no source.spm/target.spm for Marian, no sentencepiece.bpe.model or tokenizer.json for NLLB); pass --kind"
    )


def content_version(files: list[Path]) -> str:
    """A cheap, stable content id: names, sizes, and each file's first and last MiB."""
    h = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.name):
        h.update(path.name.encode())
        size = path.stat().st_size
        h.update(str(size).encode())
        with open(path, "rb") as f:
            h.update(f.read(1 << 20))
            if size > 2 << 20:
                f.seek(-(1 << 20), 2)
                h.update(f.read())
    return h.hexdigest()[:12]


def find_nllb_tokenizer(folder: Path, given: Path | None = None) -> Path:
    """The NLLB tokenizer: ``given``, else a SentencePiece model inside or beside the folder, else tokenizer.json."""
    if given is not None:
        given = Path(given)
        if not given.is_file():
            raise InputError(f"{given}: no such tokenizer file")
        return given
    for place in (folder, folder.parent):
        names = NLLB_SPM_NAMES if place == folder else FAIRSEQ_SPM_NAMES + ("sentencepiece.bpe.model",)
        for name in names:
            if (place / name).is_file():
                return place / name
    if (folder / HF_TOKENIZER_JSON).is_file():
        return folder / HF_TOKENIZER_JSON
    raise ModelError(
        f"{folder}: NLLB folder without its tokenizer (no {', '.join(NLLB_SPM_NAMES[:2])} inside or beside it, no {HF_TOKENIZER_JSON}); pass --tokenizer FILE"
    )


def detect_token_order(folder: Path, tokenizer: Path) -> str:
    """``hf`` when transformers' tokenizer files are there, ``fairseq`` for the FLORES-200 SentencePiece file."""
    if tokenizer.name in FAIRSEQ_SPM_NAMES:
        return "fairseq"
    if tokenizer.name in HF_MARKERS or any((folder / n).is_file() for n in HF_MARKERS):
        return "hf"
    raise ModelError(f"{folder}: cannot tell the NLLB token order from the files (fairseq or transformers conversion?); pass --token-order fairseq|hf")


def nllb_language_tokens(vocab: set[str]) -> dict[str, str]:
    """Our language codes whose NLLB token is in the vocabulary (``kaz_Cyrl``, or fairseq's ``__kaz_Cyrl__``)."""
    found = {}
    for code in known_codes():
        token = language_token(code, "nllb")
        for candidate in (token, f"__{token}__"):
            if candidate in vocab:
                found[code] = candidate
                break
    return found


def _check_code(code: str | None, option: str) -> str | None:
    if code is None:
        return None
    if code not in known_codes():
        raise InputError(f"unknown language code {code!r} for {option} (known: {', '.join(known_codes())})")
    return code


def build_manifest(
    folder: Path,
    kind: str,
    source: str | None = None,
    target: str | None = None,
    *,
    tokenizer: Path | None = None,
    token_order: str | None = None,
) -> tuple[dict, dict[str, Path]]:
    """Check the folder for ``kind``; return the manifest and the files it needs (name -> path).

    Raises :class:`ModelError` when the folder cannot serve (no model.bin, no tokenizer, missing
    language tokens) and :class:`InputError` for bad options.
    """
    source, target = _check_code(source, "--from"), _check_code(target, "--to")
    if source is not None and source == target:
        raise InputError(f"--from and --to are both {source!r}")
    if token_order is not None and token_order not in TOKEN_ORDERS:
        raise InputError(f"unknown --token-order {token_order!r} (choose fairseq or hf)")
    if not (folder / "model.bin").is_file():
        raise ModelError(f"{folder}: not a CTranslate2 model folder (no model.bin)")
    vocab = set(read_vocabulary(folder, "source")) | set(read_vocabulary(folder, "target"))
    if not vocab:
        raise ModelError(f"{folder}: no vocabulary file (shared_vocabulary.json/.txt or source_/target_vocabulary)")
    config: dict = {}
    if (folder / "config.json").is_file():
        try:
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise ModelError(f"{folder}: config.json is not valid JSON") from None
        if not isinstance(config, dict):
            raise ModelError(f"{folder}: config.json is not a JSON object")
    files = {p.name: p for p in (folder / n for n in VOCAB_NAMES + EXTRA_NAMES + ("model.bin",)) if p.is_file()}
    manifest: dict = {"format": MANIFEST_FORMAT, "kind": kind}
    if kind == "nllb":
        tok_file = find_nllb_tokenizer(folder, tokenizer)
        order = token_order or detect_token_order(folder, tok_file)
        tokens = nllb_language_tokens(vocab)
        wanted = [c for c in (source, target) if c] or ["kk"]
        missing = [language_token(c, "nllb") for c in wanted if c not in tokens]
        if missing:
            raise ModelError(f"{folder}: vocabulary lacks the language token(s) {', '.join(missing)}; is this an NLLB-200 model?")
        if len(tokens) < 2:
            raise ModelError(f"{folder}: vocabulary holds only one known language token ({', '.join(tokens.values())}); is this an NLLB-200 model?")
        ttype = "tokenizers" if tok_file.suffix == ".json" else "sentencepiece"
        if ttype == "tokenizers":  # refused now rather than at the first translation
            from kztranslate.engine.codec import require_tokenizers

            require_tokenizers(folder)
        files[tok_file.name] = tok_file
        manifest.update(
            languages=list(tokens),
            language_tokens=tokens,
            token_order=order,
            tokenizer={"type": ttype, "file": tok_file.name},
            max_source_tokens=NLLB_MAX_SOURCE_TOKENS,
        )
    else:
        if source is None or target is None:
            raise InputError("a Marian (OPUS-MT) model serves one direction: give --from and --to")
        for name in ("source.spm", "target.spm"):
            if not (folder / name).is_file():
                raise ModelError(f"{folder}: Marian folder without {name}")
            files[name] = folder / name
        tgt_tok = language_token(target, "marian")
        manifest.update(
            source=source, target=target, languages=[source, target], source_spm="source.spm", target_spm="target.spm",
            target_prefix=[], add_source_eos=True, max_source_tokens=MARIAN_MAX_SOURCE_TOKENS,
        )
        # Multi-target OPUS-MT models expect the target token at the start of the source.
        manifest["source_prefix"] = [tgt_tok] if tgt_tok in vocab else []
    return manifest, files


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "model"


def _refuse_escaping_links(folder: Path, files: dict[str, Path]) -> None:
    """A file we would copy that is a symlink leaving ``folder`` is refused, not followed."""
    base = folder.resolve()
    for name, path in files.items():
        if path.parent == folder and path.is_symlink():
            real = path.resolve()
            if base not in real.parents:
                raise InputError(f"{folder}: refused: {name} is a symlink to {real}, outside the folder (copy the real files there, or use --link)")


def _stub_metadata(manifest: dict) -> dict:
    """Argos may share the models directory: a metadata.json it lists but never loads."""
    langs = manifest["languages"]
    return {"type": "kztranslate-ct2", "from_code": manifest.get("source", langs[0]), "to_code": manifest.get("target", langs[1]),
            "package_version": manifest["version"], "from_name": "", "to_name": ""}


def register(
    files: dict[str, Path],
    manifest: dict,
    name: str,
    root: Path,
    *,
    move: bool = False,
    link_to: Path | None = None,
) -> ModelInfo:
    """Publish a model folder: the ``files`` (moved, copied, or left in place when ``link_to``) plus
    ``manifest`` and the Argos stub, assembled in a staging folder and renamed into place."""
    root = Path(root)
    with Staging(root, "importing") as stage:
        dest = stage / "model"
        dest.mkdir()
        if link_to is None:
            for fname, src in files.items():
                try:
                    if move:
                        os.replace(src, dest / fname)
                    else:
                        shutil.copyfile(src, dest / fname)
                except OSError as exc:
                    raise ModelError(f"{src}: cannot copy into the models directory ({exc.strerror or exc})") from None
            manifest.setdefault("version", content_version([dest / f for f in files]))
        else:
            manifest["model_path"] = str(link_to)
            if manifest.get("tokenizer"):
                manifest["tokenizer"]["file"] = str(files[manifest["tokenizer"]["file"]].resolve())
            manifest.setdefault("version", content_version(list(files.values())))
        (dest / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (dest / ARGOS_METADATA).write_text(json.dumps(_stub_metadata(manifest), indent=2) + "\n", encoding="utf-8")
        info = read_model(dest)
        if info is None or not info.usable:
            raise ModelError(f"{name}: the assembled model cannot be read ({info.problem if info else 'no manifest'})")
        published = publish(dest, root, name)
    info = read_model(published)
    if info is None:
        raise ModelError(f"{published}: installed folder cannot be read back")
    return info


def import_folder(
    folder: Path,
    source: str | None = None,
    target: str | None = None,
    kind: str | None = None,
    name: str | None = None,
    root: Path | None = None,
    *,
    link: bool = False,
    tokenizer: Path | None = None,
    token_order: str | None = None,
) -> ModelInfo:
    """Import a converted CTranslate2 folder (copied, or registered in place with ``link``)."""
    folder = Path(folder)
    if not folder.exists():
        raise InputError(f"{folder}: no such directory")
    if not folder.is_dir():
        raise InputError(f"{folder}: not a directory (import takes a CTranslate2 model folder; use `models install` for .argosmodel files)")
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown --kind {kind!r} (choose nllb or marian)")
    kind = kind or detect_kind(folder, tokenizer)
    manifest, files = build_manifest(folder, kind, source, target, tokenizer=tokenizer, token_order=token_order)
    if not link:
        _refuse_escaping_links(folder, files)
    manifest["imported_from"] = str(folder.resolve())
    default = f"{kind}-{source}_{target}-{folder.resolve().name}" if source and target else f"{kind}-{folder.resolve().name}"
    return register(files, manifest, slug(name or default), models_dir(root), link_to=folder.resolve() if link else None)
