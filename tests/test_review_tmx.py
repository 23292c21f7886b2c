"""TMX 1.4 export of reviewed pairs and import into OUT/.tm/<lang>.po (real CLI, xmllint)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from kztranslate.po.entries import is_reviewed
from tests.conftest import ROOT, run_cli_inproc

DATA = ROOT / "tests" / "data" / "review"
STRUCTURE_DTD = DATA / "tmx14-structure.dtd"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An OUT folder as `translate` lays it out: OUT/<lang>/<slug>.po, slug with a '/'."""
    for lang in ("ru", "en"):
        dest = tmp_path / "OUT" / lang / "news" / "budget.po"
        dest.parent.mkdir(parents=True)
        shutil.copy(DATA / "clean" / lang / "budget.po", dest)
    return tmp_path / "OUT"


def reviewed(path: Path) -> list[tuple[str, str]]:
    return [(e.msgid, e.msgstr) for e in polib.pofile(str(path)) if is_reviewed(e)]


def test_export_only_reviewed_pairs_and_valid_tmx(out, tmp_path):
    tmx = tmp_path / "memory.tmx"
    proc = run_cli_inproc("tm", "export", str(out), "--to", "ru", "-o", str(tmx))
    assert proc.returncode == 0, proc.stderr
    assert "2 reviewed pair(s)" in proc.stdout
    text = tmx.read_text(encoding="utf-8")
    assert '<!DOCTYPE tmx SYSTEM "tmx14.dtd">' in text and '<tmx version="1.4">' in text
    assert 'srclang="kk"' in text and 'xml:lang="ru"' in text and 'xml:lang="en"' not in text
    assert "Мажилис принял новый закон" in text
    assert "Центральная избирательная комиссия" not in text  # fuzzy MT stays out of the memory
    if shutil.which("xmllint") is None:
        pytest.skip("xmllint (libxml2-utils) is not installed; .ci/run installs it")
    # validate through the file's own DOCTYPE, with the structural DTD standing in for tmx14.dtd
    shutil.copy(STRUCTURE_DTD, tmp_path / "tmx14.dtd")
    lint = subprocess.run(["xmllint", "--noout", "--valid", str(tmx)], capture_output=True, text=True)
    assert lint.returncode == 0, lint.stderr
    assert lint.stderr == ""


def test_structural_dtd_rejects_broken_tmx(tmp_path):
    if shutil.which("xmllint") is None:
        pytest.skip("xmllint (libxml2-utils) is not installed; .ci/run installs it")
    shutil.copy(STRUCTURE_DTD, tmp_path / "tmx14.dtd")
    bad = tmp_path / "bad.tmx"  # tuv without xml:lang, header without srclang
    bad.write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" datatype="PlainText"/><body><tu><tuv><seg>a</seg></tuv></tu></body></tmx>\n', encoding="utf-8")
    assert subprocess.run(["xmllint", "--noout", "--valid", str(bad)], capture_output=True).returncode != 0


def test_round_trip_into_translation_memory(out, tmp_path):
    tmx = tmp_path / "memory.tmx"
    assert run_cli_inproc("tm", "export", str(out), "--to", "ru", "--to", "en", "-o", str(tmx)).returncode == 0
    fresh = tmp_path / "OUT2"
    proc = run_cli_inproc("tm", "import", str(tmx), "--out", str(fresh))
    assert proc.returncode == 0, proc.stderr
    for lang in ("ru", "en"):
        assert reviewed(fresh / ".tm" / f"{lang}.po") == reviewed(out / lang / "news" / "budget.po")
        assert polib.pofile(str(fresh / ".tm" / f"{lang}.po")).metadata["Language"] == lang
    again = run_cli_inproc("tm", "import", str(tmx), "--out", str(fresh))
    assert "0 added, 0 updated, 2 unchanged" in again.stdout


def test_import_merges_into_existing_memory(tmp_path):
    tm = tmp_path / "OUT" / ".tm" / "ru.po"
    tm.parent.mkdir(parents=True)
    tm.write_text('msgid ""\nmsgstr "Language: ru\\n"\n\nmsgid "Бұрыннан бар сөйлем."\nmsgstr "Уже имеющееся предложение."\n\n'
                  'msgid "Жиын өтті."\nmsgstr "Собрание прошло."\n', encoding="utf-8")
    tmx = tmp_path / "omegat.tmx"
    # as a CAT tool writes it: region codes, tuvs in any order, inline codes, a tu without Kazakh
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="OmegaT" creationtoolversion="6" '
        'segtype="sentence" o-tmf="OmegaT TMX" adminlang="EN-US" srclang="KK-KZ" datatype="plaintext"/><body>'
        '<tu><tuv xml:lang="RU-RU"><seg>Заседание <ph x="1">&lt;b/&gt;</ph>прошло.</seg></tuv><tuv xml:lang="KK-KZ"><seg>Жиын өтті.</seg></tuv></tu>'
        '<tu><tuv xml:lang="KK-KZ"><seg>Жаңа сөйлем.</seg></tuv><tuv xml:lang="RU-RU"><seg>Новое предложение.</seg></tuv></tu>'
        '<tu><tuv xml:lang="EN-US"><seg>No Kazakh</seg></tuv><tuv xml:lang="RU-RU"><seg>Без казахского</seg></tuv></tu>'
        "</body></tmx>\n",
        encoding="utf-8",
    )
    proc = run_cli_inproc("tm", "import", str(tmx), "--out", str(tmp_path / "OUT"), "--to", "ru")
    assert proc.returncode == 0, proc.stderr
    assert "1 added, 1 updated, 0 unchanged" in proc.stdout
    assert reviewed(tm) == [
        ("Бұрыннан бар сөйлем.", "Уже имеющееся предложение."),
        ("Жиын өтті.", "Заседание прошло."),
        ("Жаңа сөйлем.", "Новое предложение."),
    ]


def test_import_bad_tmx_is_one_line_error_and_touches_nothing(tmp_path):
    tm = tmp_path / "OUT" / ".tm" / "ru.po"
    tm.parent.mkdir(parents=True)
    tm.write_text('msgid "А"\nmsgstr "Б"\n', encoding="utf-8")
    before = tm.read_bytes()
    bad = tmp_path / "bad.tmx"
    bad.write_text("<tmx><body><tu>", encoding="utf-8")
    proc = run_cli_inproc("tm", "import", str(bad), "--out", str(tmp_path / "OUT"))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "not well-formed" in proc.stderr
    assert tm.read_bytes() == before
