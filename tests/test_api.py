"""The Python API (kztranslate.translate_text): a string or paragraphs in, objects out, no file written."""

from __future__ import annotations

import pytest

from kztranslate import translate_text
from kztranslate.engine import ct2_engine
from kztranslate.engine.base import NoMT
from kztranslate.engine.importer import import_folder
from kztranslate.errors import InputError

TEXT = "Мәжіліс заң жобасын мақұлдады. Бұл туралы ҚР Президенті айтты.\n\n14:55, 11.09.2023\n\nЕкінші абзац мұнда."


@pytest.fixture
def nllb(tiny_models, models_dir):
    ct2_engine.clear_caches()
    import_folder(tiny_models["nllb_hub"], name="hub", root=models_dir)
    return models_dir


@pytest.mark.slow
def test_translate_text_with_a_real_model(nllb, tmp_path, monkeypatch):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    r = translate_text(TEXT, to="ru,en", models_dir=nllb)
    assert r.detection.language == "kk"
    assert {k: str(v) for k, v in r.routes.items()} == {"ru": "kk→ru (direct; hub)", "en": "kk→en (direct; hub)"}
    by_source = {s.source: s for s in r.sentences}
    first = by_source["Мәжіліс заң жобасын мақұлдады."]
    assert first.positions == ((0, 0),) and first.kind == "body" and first.copied is None
    assert first.translations["ru"] and first.translations["en"] and first.translations["ru"] != first.translations["en"]
    assert "Мажилис" in first.required_terms["ru"] and "Mazhilis" in first.required_terms["en"]
    assert set(first.missing_terms["ru"]) <= set(first.required_terms["ru"])
    stamp = by_source["14:55, 11.09.2023"]
    assert stamp.copied == "zxx" and stamp.translations == {"ru": "14:55, 11.09.2023", "en": "14:55, 11.09.2023"}
    assert r.text("ru").count("\n\n") == 2 and "14:55, 11.09.2023" in r.text("ru")
    assert list(cwd.iterdir()) == []  # nothing written
    # A list of paragraphs is the same text.
    paragraphs = translate_text(TEXT.split("\n\n"), to=["ru"], models_dir=nllb)
    assert [s.translations["ru"] for s in paragraphs.sentences] == [s.translations["ru"] for s in r.sentences]


def test_translate_text_without_a_model_says_why(models_dir):
    r = translate_text(TEXT, to=["ru"], models_dir=models_dir)
    assert r.routes["ru"].why_not is NoMT.NO_MODEL and not r.routes["ru"].usable
    assert all(s.translations["ru"] == (s.source if s.copied else "") for s in r.sentences)
    none = translate_text(TEXT, to=["ru"], engine=None)
    assert none.routes["ru"].why_not is NoMT.ENGINE_NONE and str(none.routes["ru"]) == "none (--engine none)"


def test_translate_text_refuses_what_is_not_kazakh():
    with pytest.raises(InputError, match="not Kazakh"):
        translate_text("This is an English sentence, and another one follows it here.", engine=None)
    assert translate_text("This is an English sentence, and another one follows it here.", engine=None, force=True).detection.language == "en"
    with pytest.raises(InputError, match="unknown target language"):
        translate_text(TEXT, to=["xx"], engine=None)
