"""Hostile inputs to the model commands (models get/install/import/list, eval): one line, the
documented exit code, no traceback, nothing left in the models directory. Inputs made at test time."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from tests.conftest import assert_one_line_error

pytestmark = pytest.mark.slow


one_line = assert_one_line_error


def nllb_copy(tiny_models, tmp_path: Path) -> Path:
    folder = tmp_path / "nllb"
    shutil.copytree(tiny_models["kk_ru_nllb"], folder)
    return folder


def _malformed_vocab(tiny_models, tmp_path):
    folder = nllb_copy(tiny_models, tmp_path)
    (folder / "shared_vocabulary.json").write_text('["<s>", "kaz_Cyrl"', encoding="utf-8")
    return ("models", "import", str(folder)), 3, "unreadable vocabulary"


def _vocab_not_a_list(tiny_models, tmp_path):
    folder = nllb_copy(tiny_models, tmp_path)
    (folder / "shared_vocabulary.json").write_text('{"a": 1}', encoding="utf-8")
    return ("models", "import", str(folder)), 3, "not a vocabulary"


def _config_not_object(tiny_models, tmp_path):
    folder = nllb_copy(tiny_models, tmp_path)
    (folder / "config.json").write_text("[1, 2]", encoding="utf-8")
    return ("models", "import", str(folder)), 3, "config.json is not a JSON object"


def _marian_without_spm(tiny_models, tmp_path):
    folder = nllb_copy(tiny_models, tmp_path)
    return ("models", "import", str(folder), "--kind", "marian", "--from", "kk", "--to", "ru"), 3, "without source.spm"


def _unknown_language(tiny_models, tmp_path):
    return ("models", "import", str(tiny_models["kk_ru_nllb"]), "--from", "kz"), 2, "unknown language code 'kz'"


def _bad_token_order(tiny_models, tmp_path):
    return ("models", "import", str(tiny_models["kk_ru_nllb"]), "--token-order", "reversed"), 2, "reversed"


def _no_order_evidence(tiny_models, tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()
    for name in ("model.bin", "config.json", "shared_vocabulary.json"):
        shutil.copy(tiny_models["kk_ru_nllb"] / name, folder / name)
    shutil.copy(tiny_models["spm"], folder / "spm.model")
    return ("models", "import", str(folder)), 3, "--token-order"


def _install_bad_number(tiny_models, tmp_path):
    with zipfile.ZipFile(tiny_models["kk_en_argosmodel"]) as zf:
        members = [(i.filename, zf.read(i)) for i in zf.infolist()]
    bad = tmp_path / "bad.argosmodel"
    with zipfile.ZipFile(bad, "w") as zf:
        for name, data in members:
            if name.endswith("metadata.json"):
                meta = json.loads(data)
                meta["max_source_tokens"] = "lots"
                data = json.dumps(meta).encode()
            zf.writestr(name, data)
    return ("models", "install", str(bad)), 3, "lots"


def _catalog_is_a_folder(tiny_models, tmp_path):
    return ("models", "get", "x", "--catalog", str(tmp_path)), 2, "is a directory"


def _unknown_catalog_model(tiny_models, tmp_path):
    return ("models", "get", "nllb-9000"), 2, "no model 'nllb-9000' in the catalogue"


def _eval_malformed_po(tiny_models, tmp_path):
    po = tmp_path / "broken.po"
    po.write_text('msgid "a"\nmsgstr "unterminated\n', encoding="utf-8")
    return ("eval", str(po)), 2, "malformed PO file"


CASES = {f.__name__.strip("_"): f for f in (
    _malformed_vocab, _vocab_not_a_list, _config_not_object, _marian_without_spm, _unknown_language, _bad_token_order,
    _no_order_evidence, _install_bad_number, _catalog_is_a_folder, _unknown_catalog_model, _eval_malformed_po,
)}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_model_inputs(cli, tiny_models, models_dir, tmp_path, case):
    args, code, needle = CASES[case](tiny_models, tmp_path)
    one_line(cli(*args), code, needle)
    assert list(models_dir.iterdir()) == []


def test_wrong_models_dir_is_named(cli, tmp_path):
    empty = tmp_path / "nowhere"
    r = cli("translate", "examples/articles/mazhilis-election-law.txt", "--to", "ru", "--out", str(tmp_path / "out"), "--models-dir", str(empty))
    assert r.returncode == 0, r.stderr
    r = cli("eval", "locales/ru/mazhilis-election-law.po", "--models-dir", str(empty))
    one_line(r, 3, str(empty))
