"""End to end: `kztranslate eval` on reviewed PO files and TSV, with real tiny models, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest

from tests.conftest import EXAMPLES, assert_one_line_error

pytestmark = pytest.mark.slow


one_line_error = assert_one_line_error


def reviewed_po_from_the_model(cli, tmp_path: Path, lang: str) -> Path:
    """Translate with the installed model, then approve every entry as it is (reviewed msgstr = model output)."""
    out = tmp_path / "locales"
    r = cli("translate", str(EXAMPLES / "maslikhat-budget-session.txt"), "--to", lang, "--out", str(out))
    assert r.returncode == 0, r.stderr
    path = out / lang / "maslikhat-budget-session.po"
    po = polib.pofile(str(path))
    for e in po:
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
    po.save(str(path))
    return path


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_references_equal_to_the_models_own_output_score_100(cli, tiny_models, models_dir, tmp_path, lang):
    assert cli("models", "import", str(tiny_models["nllb_hub"]), "--name", "hub").returncode == 0
    po = reviewed_po_from_the_model(cli, tmp_path, lang)
    r = cli("eval", str(po), "--format", "json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    [system] = report["systems"]
    assert report["target"] == lang and report["references"] == system["sentences"] == len(polib.pofile(str(po)))
    assert system["route"] == f"kk→{lang} (direct; hub)"
    assert system["scores"]["enforced"] == {"chrf": 100.0, "chrf++": 100.0, "bleu": 100.0}
    assert system["signatures"]["bleu"].startswith("nrefs:1|") and "nw:2" in system["signatures"]["chrf++"]
    assert system["terms"]["required"] > 0 and 0 <= system["terms"]["plain"] <= system["terms"]["enforced"] <= 1
    assert system["sentences_per_s"] > 0
    text = cli("eval", str(po))
    assert text.returncode == 0 and "100.0" in text.stdout and "chrf signature:" in text.stdout


def test_shipped_reviewed_example_two_systems_and_a_tsv(cli, tiny_models, models_dir, tmp_path):
    for args in (("import", str(tiny_models["nllb_hub"]), "--name", "hub"), ("install", str(tiny_models["kk_en_argosmodel"]))):
        assert cli("models", *args).returncode == 0
    r = cli("eval", "locales/en/mazhilis-election-law.po", "--format", "json")
    assert r.returncode == 0, r.stderr
    systems = {s["system"]: s for s in json.loads(r.stdout)["systems"]}
    assert set(systems) == {"hub", "translate-kk_en-1_0"}
    assert all(s["sentences"] == 13 and s["scores"]["enforced"]["chrf"] < 50 for s in systems.values())  # random weights
    only = cli("eval", "locales/en/mazhilis-election-law.po", "--model", "hub", "--format", "json")
    assert [s["system"] for s in json.loads(only.stdout)["systems"]] == ["hub"]
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("kk\ten\nМәжіліс заң жобасын мақұлдады.\tThe Mazhilis approved the bill.\n", encoding="utf-8")
    r = cli("eval", str(tsv), "--to", "en", "--model", "hub", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["references"] == 1


def test_eval_errors_are_one_line(cli, tiny_models, models_dir, tmp_path):
    one_line_error(cli("eval", "locales/ru/mazhilis-election-law.po"), 3, "no kk→ru model installed")
    assert cli("models", "import", str(tiny_models["nllb_hub"]), "--name", "hub").returncode == 0
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("Сәлем.\tHello.\n", encoding="utf-8")
    one_line_error(cli("eval", str(tsv)), 2, "give --to")
    bad = tmp_path / "bad.tsv"
    bad.write_text("only one column\n", encoding="utf-8")
    one_line_error(cli("eval", str(bad), "--to", "en"), 2, "line 1")
    pot = tmp_path / "x.po"
    pot.write_text('msgid ""\nmsgstr ""\n"Language: ru\\n"\n\nmsgid "Сәлем."\nmsgstr ""\n', encoding="utf-8")
    one_line_error(cli("eval", str(pot)), 2, "no reviewed translations")
    one_line_error(cli("eval", "locales/ru/mazhilis-election-law.po", "--to", "en"), 2, "--to en")
    one_line_error(cli("eval", "locales/ru/mazhilis-election-law.po", "locales/en/mazhilis-election-law.po"), 2, "one target language")
    one_line_error(cli("eval", "locales/ru/mazhilis-election-law.po", "--model", "nope"), 3, "nope")
