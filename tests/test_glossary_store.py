"""Glossary file: the project glossary's size and sources, lint findings, version, default location."""

from __future__ import annotations

from pathlib import Path

import pytest

from kztranslate.errors import InputError
from kztranslate.glossary import default_path, load_glossary
from kztranslate.glossary.model import COLUMNS, DOMAIN_VALUES
from kztranslate.glossary.store import dump_tsv, lint_text

ROOT = Path(__file__).resolve().parent.parent
HEADER = "\t".join(COLUMNS)


def row(*cells: str) -> str:
    assert len(cells) == len(COLUMNS)
    return "\t".join(cells)


def good(tid="mazhilis", kk="Мәжіліс", ru="Мажилис", en="Mazhilis", match="cap", fru="", fen="Majilis") -> str:
    return row(tid, kk, ru, en, "propn", "parliament", match, fru, fen, "", "Constitution RK")


def test_project_glossary_is_large_sourced_and_lint_clean():
    g = load_glossary()
    assert len(g) >= 200
    assert all(t.source and t.kk and t.ru and t.en for t in g.terms)
    assert {t.domain for t in g.terms} == set(DOMAIN_VALUES)
    count, issues = lint_text((ROOT / "glossary" / "civic.tsv").read_text(encoding="utf-8"))
    assert count == len(g)
    assert [i for i in issues if i.level == "error"] == []


def test_official_spellings_present():
    g = load_glossary()
    pairs = {t.kk: (t.ru, t.en) for t in g.terms}
    assert pairs["Мәжіліс"] == ("Мажилис", "Mazhilis")
    assert pairs["мәслихат"] == ("маслихат", "maslikhat")
    assert pairs["Орталық сайлау комиссиясы"] == ("Центральная избирательная комиссия", "Central Election Commission")
    assert pairs["әкім"] == ("аким", "akim") and pairs["әкімдік"] == ("акимат", "akimat")


def test_default_path_and_packaged_copy_are_the_same_file():
    assert default_path() == ROOT / "glossary" / "civic.tsv"
    packaged = ROOT / "kztranslate" / "data" / "glossary" / "civic.tsv"
    assert packaged.read_bytes() == default_path().read_bytes()


def test_env_overrides_default(tmp_path, monkeypatch):
    p = tmp_path / "g.tsv"
    p.write_text(HEADER + "\n" + good() + "\n", encoding="utf-8")
    monkeypatch.setenv("KZTRANSLATE_GLOSSARY", str(p))
    assert len(load_glossary()) == 1


def test_version_is_stable_and_content_sensitive(tmp_path):
    a = tmp_path / "a.tsv"
    a.write_text(HEADER + "\n" + good() + "\n", encoding="utf-8")
    b = tmp_path / "b.tsv"
    b.write_text("# a comment\r\n" + HEADER + "\r\n" + good() + "\r\n", encoding="utf-8")  # same content, re-saved
    c = tmp_path / "c.tsv"
    c.write_text(HEADER + "\n" + good(en="Majilis Chamber", fen="") + "\n", encoding="utf-8")
    va, vb, vc = (load_glossary(p).version for p in (a, b, c))
    assert va == vb != vc
    assert va == load_glossary(a).version


def codes(text: str) -> list[str]:
    return [i.message for i in lint_text(text)[1] if i.level == "error"]


def test_lint_finds_duplicates_and_conflicts():
    dup = HEADER + "\n" + good() + "\n" + good(tid="mazhilis-2") + "\n"
    assert any("duplicate of mazhilis" in m for m in codes(dup))
    conflict = HEADER + "\n" + good() + "\n" + good(tid="mazhilis-2", ru="Меджлис") + "\n"
    assert any("same Kazakh term, different translations" in m for m in codes(conflict))
    same_id = HEADER + "\n" + good() + "\n" + good(kk="Сенат", ru="Сенат", en="Senate", fen="") + "\n"
    assert any("duplicate id" in m for m in codes(same_id))


def test_lint_finds_form_collisions_between_different_terms():
    # "сотқа" is a form of both сот and (a made-up) сотқа: the matcher could not tell them apart.
    text = HEADER + "\n" + row("court", "сот", "суд", "court", "noun", "courts", "", "", "", "", "src") + "\n" \
        + row("x", "сотқа", "в суд", "to court", "noun", "courts", "fixed", "", "", "", "src") + "\n"
    assert any("match the word form 'сотқа'" in m for m in codes(text))


def test_lint_finds_missing_fields_bad_values_and_structure():
    text = HEADER + "\n" + row("a", "Сенат", "", "Senate", "verb", "sport", "px9", "", "", "", "") + "\n" + "b\tonly three\tcells\n"
    msgs = codes(text)
    assert any("missing required field 'ru'" in m for m in msgs)
    assert any("missing required field 'source'" in m for m in msgs)
    assert any("pos 'verb'" in m for m in msgs)
    assert any("domain 'sport'" in m for m in msgs)
    assert any("unknown match flag 'px9'" in m for m in msgs)
    assert any("expected 11 tab-separated fields" in m for m in msgs)
    assert any("header must be" in m for m in codes("kk\tru\n"))


def test_lint_checks_px3_and_forbidden_variants():
    bad_px3 = HEADER + "\n" + row("a", "сайлау учаске", "участок", "station", "noun", "elections", "px3", "", "", "", "src") + "\n"
    assert any("3rd-person possessive" in m for m in codes(bad_px3))
    forbidden_is_required = HEADER + "\n" + good(fen="mazhilis") + "\n"
    assert any("is the required translation" in m for m in codes(forbidden_is_required))


def test_load_rejects_broken_file_with_one_line_error(tmp_path):
    p = tmp_path / "g.tsv"
    p.write_text("nonsense\n", encoding="utf-8")
    with pytest.raises(InputError, match="header must be"):
        load_glossary(p)
    with pytest.raises(InputError, match="not found"):
        load_glossary(tmp_path / "absent.tsv")


def test_dump_is_canonical():
    g = load_glossary()
    assert dump_tsv(g.terms) == (ROOT / "glossary" / "civic.tsv").read_text(encoding="utf-8")
