"""PO -> XLIFF 2.0 -> PO loses nothing; a CAT tool's approval makes an entry reviewed (real CLI)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from tests.conftest import run_cli_inproc

NS = "{urn:oasis:names:tc:xliff:document:2.0}"

RICH_PO = r'''# Translator header comment.
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: kztranslate test\n"
"Language: ru\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

# A reviewer's note, kept verbatim.
#. kz-position: 0.0
#. kz-kind: heading
#: news/budget.txt:1
msgid "Мәжіліс жаңа заңды қабылдады"
msgstr "Мажилис принял новый закон"

#. kz-position: 1.0
#. kz-term: Орталық сайлау комиссиясы = Центральная избирательная комиссия
#. kz-mt: kk→ru (direct; test)
#, fuzzy, c-format
#| msgid "Орталық сайлау комиссиясы хабарлады."
msgid "Орталық сайлау комиссиясы 2026 жылғы 15 наурызда «референдум» өтетінін хабарлады."
msgstr "ЦИК сообщила, что «референдум» пройдёт 15 марта 2026 года."

#. kz-position: 1.1
msgctxt "dateline"
msgid "  Астана, 13.02.2026 & <b>  "
msgstr ""

msgid "%d депутат"
msgid_plural "%d депутат"
msgstr[0] "%d депутат"
msgstr[1] "%d депутата"
msgstr[2] "%d депутатов"

#~ msgid "Ескі сөйлем."
#~ msgstr "Старое предложение."
'''


@pytest.fixture
def po_file(tmp_path: Path) -> Path:
    path = tmp_path / "OUT" / "ru" / "news" / "budget.po"
    path.parent.mkdir(parents=True)
    path.write_text(RICH_PO, encoding="utf-8")
    return path


def canonical(path: Path) -> str:
    return str(polib.pofile(str(path), wrapwidth=0))


@pytest.mark.parametrize("fmt", ["xliff", "xliff12"])
def test_round_trip_loses_nothing(po_file, tmp_path, fmt):
    xlf = tmp_path / "budget.xlf"
    proc = run_cli_inproc("export", str(po_file), "--format", fmt, "-o", str(xlf))
    assert proc.returncode == 0, proc.stderr
    back = tmp_path / "back.po"
    proc = run_cli_inproc("import", str(xlf), "-o", str(back))
    assert proc.returncode == 0, proc.stderr
    assert canonical(back) == canonical(po_file)
    # and a second round trip is byte-identical XLIFF
    xlf2 = tmp_path / "again.xlf"
    assert run_cli_inproc("export", str(back), "--format", fmt, "-o", str(xlf2)).returncode == 0
    assert xlf2.read_bytes().replace(b"back.po", b"budget.po") == xlf.read_bytes()


def test_xliff_is_well_formed_2_0(po_file):
    from lxml import etree

    assert run_cli_inproc("export", str(po_file)).returncode == 0
    xlf = po_file.with_suffix(".xlf")  # default output beside the PO
    if shutil.which("xmllint"):
        lint = subprocess.run(["xmllint", "--noout", str(xlf)], capture_output=True, text=True)
        assert lint.returncode == 0, lint.stderr
    root = etree.parse(str(xlf)).getroot()
    assert root.tag == f"{NS}xliff" and root.get("version") == "2.0"
    assert (root.get("srcLang"), root.get("trgLang")) == ("kk", "ru")
    units = root.findall(f"{NS}file/{NS}unit")
    assert len(units) == 5 and len({u.get("id") for u in units}) == 5
    states = [s.get("state") for u in units for s in u.findall(f"{NS}segment")]
    assert states == ["reviewed", "translated", "initial", "reviewed", "reviewed", "reviewed", "reviewed"]
    assert all(s.find(f"{NS}source") is not None for u in units for s in u.findall(f"{NS}segment"))
    assert units[-1].get("translate") == "no"  # obsolete entry


def test_cat_tool_approval_makes_entry_reviewed(po_file, tmp_path):
    from lxml import etree

    xlf = tmp_path / "budget.xlf"
    run_cli_inproc("export", str(po_file), "-o", str(xlf))
    tree = etree.parse(str(xlf))
    seg = tree.getroot().findall(f"{NS}file/{NS}unit")[1].find(f"{NS}segment")
    seg.set("state", "final")
    seg.find(f"{NS}target").text = "Центральная избирательная комиссия сообщила, что «референдум» пройдёт 15 марта 2026 года."
    tree.write(str(xlf), xml_declaration=True, encoding="UTF-8")
    back = tmp_path / "back.po"
    assert run_cli_inproc("import", str(xlf), "-o", str(back)).returncode == 0
    entry = polib.pofile(str(back))[1]
    assert entry.flags == ["c-format"]  # fuzzy gone, other flags kept
    assert entry.msgstr.startswith("Центральная избирательная комиссия")
    assert entry.previous_msgid == "Орталық сайлау комиссиясы хабарлады."
    assert "kz-term: Орталық сайлау комиссиясы" in entry.comment


def test_import_rejects_non_xliff_in_one_line(tmp_path):
    bad = tmp_path / "x.xlf"
    bad.write_text('<?xml version="1.0"?><xliff version="1.1" xmlns="urn:oasis:names:tc:xliff:document:1.1"/>', encoding="utf-8")
    proc = run_cli_inproc("import", str(bad))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "XLIFF 2.0 or 1.2" in proc.stderr
    assert not (tmp_path / "x.po").exists()


def test_independent_reader_understands_it(po_file):
    """translate-toolkit's own XLIFF 2.0 store (not our code) reads texts, languages and approval."""
    from translate.storage import xliff2

    assert run_cli_inproc("export", str(po_file)).returncode == 0
    store = xliff2.Xliff2File.parsefile(str(po_file.with_suffix(".xlf")))
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("kk", "ru")
    units = {u.source: u for u in store.units}
    assert units["Мәжіліс жаңа заңды қабылдады"].target == "Мажилис принял новый закон"
    assert units["Мәжіліс жаңа заңды қабылдады"].isapproved()  # reviewed in PO
    mt = next(u for s, u in units.items() if s.startswith("Орталық"))
    assert mt.istranslated() and not mt.isapproved()  # fuzzy MT: translated, awaiting review
    assert units["  Астана, 13.02.2026 & <b>  "].target in (None, "")


NS12 = "{urn:oasis:names:tc:xliff:document:1.2}"


def test_xliff12_structure_and_approval(po_file, tmp_path):
    from lxml import etree

    xlf = tmp_path / "budget.xlf"
    assert run_cli_inproc("export", str(po_file), "--format", "xliff12", "-o", str(xlf)).returncode == 0
    root = etree.parse(str(xlf)).getroot()
    assert root.tag == f"{NS12}xliff" and root.get("version") == "1.2"
    file_el = root.find(f"{NS12}file")
    assert (file_el.get("source-language"), file_el.get("target-language")) == ("kk", "ru")
    body = file_el.find(f"{NS12}body")
    assert [etree.QName(c).localname for c in body] == ["trans-unit", "trans-unit", "trans-unit", "group", "trans-unit"]
    units = body.findall(f"{NS12}trans-unit")
    assert [u.get("approved") for u in units] == ["yes", "no", "no", "yes"]
    assert units[1].find(f"{NS12}target").get("state") == "needs-review-translation"
    assert units[2].find(f"{NS12}target") is None  # untranslated: no target
    assert units[3].get("translate") == "no"  # obsolete entry
    assert len(body.find(f"{NS12}group").findall(f"{NS12}trans-unit")) == 3  # plural forms
    # a CAT tool approves the machine translation: the entry becomes reviewed, other flags stay
    units[1].set("approved", "yes")
    units[1].find(f"{NS12}target").set("state", "translated")
    etree.ElementTree(root).write(str(xlf), xml_declaration=True, encoding="UTF-8")
    back = tmp_path / "back.po"
    assert run_cli_inproc("import", str(xlf), "-o", str(back)).returncode == 0
    assert polib.pofile(str(back))[1].flags == ["c-format"]


def test_independent_reader_understands_xliff12(po_file, tmp_path):
    """translate-toolkit's XLIFF 1.x store (not our code) reads texts, languages and approval."""
    from translate.storage import xliff

    xlf = tmp_path / "budget.xlf"
    assert run_cli_inproc("export", str(po_file), "--format", "xliff12", "-o", str(xlf)).returncode == 0
    store = xliff.xlifffile.parsefile(str(xlf))
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("kk", "ru")
    units = {u.source: u for u in store.units}
    assert units["Мәжіліс жаңа заңды қабылдады"].target == "Мажилис принял новый закон"
    assert units["Мәжіліс жаңа заңды қабылдады"].isapproved()
    mt = next(u for s, u in units.items() if s.startswith("Орталық"))
    assert mt.target.startswith("ЦИК") and not mt.isapproved() and mt.isfuzzy()
