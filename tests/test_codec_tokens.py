"""The exact token sequences each NLLB layout is fed (wrong order = fluent nonsense, no error).

fairseq conversions (OpenNMT's zips): ``pieces + ["</s>", "kaz_Cyrl"]``; transformers conversions
(Hub): ``["kaz_Cyrl"] + pieces + ["</s>"]``; both with the target prefix ``["rus_Cyrl"]`` or
``["eng_Latn"]``, which is stripped from the output. Checked on the real Codec of real imported
tiny models, and on what actually reaches CTranslate2's translate_batch.
"""

from __future__ import annotations

import shutil
import zipfile

import pytest

from kztranslate.engine import ct2_engine, load_engine
from kztranslate.engine.codec import Codec
from kztranslate.engine.importer import import_folder

pytestmark = pytest.mark.slow
SENTENCE = "Мәжіліс сайлау туралы заң жобасын мақұлдады."


@pytest.fixture
def layouts(tiny_models, tmp_path, models_dir):
    unpacked = tmp_path / "opennmt"
    with zipfile.ZipFile(tiny_models["nllb_zip"]) as zf:
        zf.extractall(unpacked)
    shutil.copy(tiny_models["nllb_zip_spm"], unpacked)  # published beside the folder, not inside
    fairseq = import_folder(unpacked / "nllb-tiny_int8_ct2", name="fs", root=models_dir)
    hub = import_folder(tiny_models["nllb_hub"], name="hub", root=models_dir)
    return {"fairseq": fairseq, "hf": hub}


def test_orders_detected_from_the_files(layouts):
    assert layouts["fairseq"].details["token_order"] == "fairseq"
    assert layouts["hf"].details["token_order"] == "hf"
    assert layouts["hf"].details["tokenizer"]["type"] == "tokenizers"


def test_exact_source_and_target_sequences(layouts, tiny_models):
    import sentencepiece as spm

    pieces = spm.SentencePieceProcessor(model_file=str(tiny_models["spm"])).encode(SENTENCE, out_type=str)
    fs, hf = Codec(layouts["fairseq"]), Codec(layouts["hf"])
    assert fs.pieces(SENTENCE) == pieces
    assert hf.pieces(SENTENCE) == pieces  # tokenizer.json segments exactly like the SentencePiece model
    assert fs.source_tokens(pieces, "kk", "ru") == pieces + ["</s>", "kaz_Cyrl"]
    assert hf.source_tokens(pieces, "kk", "ru") == ["kaz_Cyrl"] + pieces + ["</s>"]
    for codec in (fs, hf):
        assert codec.target_prefix("kk", "ru") == ["rus_Cyrl"]
        assert codec.target_prefix("kk", "en") == ["eng_Latn"]
        assert codec.overhead("kk", "ru") == 2
        assert codec.decode(["rus_Cyrl"] + pieces, "kk", "ru") == SENTENCE
        assert codec.decode(["eng_Latn"] + pieces + ["</s>"], "kk", "en") == SENTENCE


def test_format_1_manifest_reads_as_transformers_order(tiny_models, models_dir):
    """Imports written before format 2 (one direction, prefixes in the manifest) keep working."""
    import json

    info = import_folder(tiny_models["kk_ru_nllb"], "kk", "ru", root=models_dir)
    path = info.path / "kztranslate.json"
    old = {"format": 1, "kind": "nllb", "source": "kk", "target": "ru", "version": "x", "spm": "sentencepiece.bpe.model",
           "source_prefix": ["kaz_Cyrl"], "target_prefix": ["rus_Cyrl"], "add_source_eos": True, "max_source_tokens": 1000}
    path.write_text(json.dumps(old))
    engine = load_engine(models_dir)
    assert engine.route("kk", "ru") == ("kk", "ru")
    with pytest.raises(Exception, match="no kk→en model"):
        engine.route("kk", "en")
    codec = Codec(engine.plan("kk", "ru")[0].model)
    assert codec.source_tokens(["▁a"], "kk", "ru") == ["kaz_Cyrl", "▁a", "</s>"]


@pytest.mark.parametrize("order", ["fairseq", "hf"])
def test_what_reaches_translate_batch(layouts, models_dir, order):
    ct2_engine.clear_caches()
    name = "fs" if order == "fairseq" else "hub"
    engine = ct2_engine.Ct2Engine(models_dir, only=[name])
    seen = []
    translator, _ = engine._load(engine.plan("kk", "en")[0].model)

    class Spy:
        def translate_batch(self, batch, **kw):
            seen.append((batch, kw.get("target_prefix")))
            return translator.translate_batch(batch, **kw)

    for key in list(ct2_engine._TRANSLATORS):
        ct2_engine._TRANSLATORS[key] = Spy()
    for target, token in (("ru", "rus_Cyrl"), ("en", "eng_Latn")):
        [t] = engine.translate([SENTENCE], "kk", target)
        batch, prefix = seen[-1]
        if order == "fairseq":
            assert batch[0][-2:] == ["</s>", "kaz_Cyrl"]
        else:
            assert batch[0][0] == "kaz_Cyrl" and batch[0][-1] == "</s>"
        assert prefix == [[token]]
        assert t.route == ("kk", target) and t.models == (name,) and not t.text.startswith(token)
    ct2_engine.clear_caches()


def test_without_tokenizers_the_hub_layout_is_one_clear_line(cli, tiny_models, models_dir, monkeypatch, tmp_path):
    """`tokenizers` is the optional ``hf`` extra: without it, importing a folder that ships only
    tokenizer.json is refused with how to get it (exit 3, nothing installed), and a model already
    installed that way fails to load with the same line; SentencePiece layouts never need it."""
    import sys

    hub = import_folder(tiny_models["nllb_hub"], name="hub-before", root=models_dir)  # installed while the library was there
    ct2_engine.clear_caches()
    monkeypatch.setitem(sys.modules, "tokenizers", None)  # import tokenizers -> ImportError
    r = cli("models", "import", str(tiny_models["nllb_hub"]), "--name", "hub-after")
    assert r.returncode == 3 and "pip install 'kztranslate[hf]'" in r.stderr and "Traceback" not in r.stderr
    assert "hub-after" not in cli("models", "list").stdout and "hub-before" in cli("models", "list").stdout
    from kztranslate.errors import ModelError

    with pytest.raises(ModelError, match=r"only tokenizer\.json.*kztranslate\[hf\]"):
        Codec(hub)
    unpacked = tmp_path / "opennmt-no-hf"
    with zipfile.ZipFile(tiny_models["nllb_zip"]) as zf:
        zf.extractall(unpacked)
    shutil.copy(tiny_models["nllb_zip_spm"], unpacked)
    fairseq = import_folder(unpacked / "nllb-tiny_int8_ct2", name="fs-no-hf", root=models_dir)
    assert Codec(fairseq).pieces(SENTENCE)
