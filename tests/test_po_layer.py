"""One PO layer (issue 13): every command reads PO files with the one strict reader and writes them
with the one writer (real CLI).

* A malformed PO file (here: an unterminated string, which polib alone reads as a translation)
  is the same one-line error, exit 2, naming the file and the line, in translate, build, check,
  stats, export, tm export and tm import.
* What ``import`` (XLIFF) and ``tm import`` (TMX) write is laid out by our writer, so the next
  command reads the same and ``translate`` rewrites nothing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kztranslate.po.catalog import read_po, render
from tests.conftest import EXAMPLES, ROOT, run_cli_inproc

UNTERMINATED = 'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\nmsgid "Бір"\nmsgstr "Один\n'
ARTICLE = EXAMPLES / "mazhilis-election-law.txt"


def malformed(proc, path: Path, line: int) -> None:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.startswith("kztranslate: error: ") and "malformed PO file" in proc.stderr
    assert str(path) in proc.stderr and f"line {line}" in proc.stderr, proc.stderr


@pytest.fixture
def out(tmp_path: Path) -> Path:
    out = tmp_path / "OUT"
    shutil.copytree(ROOT / "locales", out)
    return out


@pytest.mark.parametrize("command", ["translate", "build", "check", "stats", "export", "tm export"])
def test_malformed_po_is_exit_2_with_its_line_in_every_command(out, command):
    bad = out / "ru" / f"{ARTICLE.stem}.po"
    bad.write_text(UNTERMINATED, encoding="utf-8")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    args = {
        "translate": ["translate", str(ARTICLE), "--to", "ru", "--out", str(out), "--engine", "none"],
        "tm export": ["tm", "export", str(out), "--to", "ru", "-o", str(out.parent / "x.tmx")],
    }.get(command, [command, str(bad)])
    malformed(run_cli_inproc(*args), bad, 6)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before  # nothing written


def test_tm_import_refuses_a_malformed_memory_and_touches_nothing(out, tmp_path):
    tmx = tmp_path / "m.tmx"
    assert run_cli_inproc("tm", "export", str(out), "--to", "ru", "-o", str(tmx)).returncode == 0
    memory = out / ".tm" / "ru.po"
    memory.parent.mkdir()
    memory.write_text(UNTERMINATED, encoding="utf-8")
    malformed(run_cli_inproc("tm", "import", str(tmx), "--out", str(out)), memory, 6)
    assert memory.read_text(encoding="utf-8") == UNTERMINATED


@pytest.mark.parametrize("fmt", ["xliff", "xliff12"])
def test_xliff_import_writes_our_layout_and_translate_rewrites_nothing(out, tmp_path, fmt):
    po = out / "en" / f"{ARTICLE.stem}.po"
    original = po.read_bytes()
    xlf = tmp_path / "a.xlf"
    assert run_cli_inproc("export", str(po), "--format", fmt, "-o", str(xlf)).returncode == 0
    assert run_cli_inproc("import", str(xlf), "-o", str(po)).returncode == 0
    assert po.read_bytes() == original  # the one writer: same wrapping, nothing re-laid out
    r = run_cli_inproc("translate", str(ARTICLE), "--to", "ru,en", "--out", str(out), "--engine", "none", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["articles"][0]["written"] == []


def test_tm_import_writes_our_layout(out, tmp_path):
    tmx = tmp_path / "m.tmx"
    assert run_cli_inproc("tm", "export", str(out), "--to", "ru", "--to", "en", "-o", str(tmx)).returncode == 0
    fresh = tmp_path / "fresh"
    assert run_cli_inproc("tm", "import", str(tmx), "--out", str(fresh)).returncode == 0
    for lang in ("ru", "en"):
        memory = fresh / ".tm" / f"{lang}.po"
        text = memory.read_text(encoding="utf-8")
        assert render(read_po(memory)) == text
        assert max(len(line) for line in text.splitlines() if line.startswith('"')) <= 80  # wrapped like msgmerge, not one long line


def test_wrapped_tag_lines_read_back_whole(tmp_path):
    """polib (and tools like it) wrap long comment lines at a space or after a hyphen; our tags are
    read back whole, so build, check and the next merge see what we wrote."""
    import polib

    from kztranslate.po.entries import TAG_LATIN, logical_lines, tag_values, term_tag

    latin = "Bügın Mäjılıs deputattary sailau-turaly zañdy talqylady jäne qabyldady"
    term = "Орталық сайлау комиссиясының төрағасы = Председатель Центральной избирательной комиссии"
    po = polib.POFile(wrapwidth=26)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ru"}
    po.append(polib.POEntry(msgid="x", msgstr="y", comment=f"kz-position: 0.0\nkz-latin: {latin}\n{term_tag('ru')}: {term}"))
    path = tmp_path / "w.po"
    po.save(str(path))
    text = path.read_text(encoding="utf-8")
    assert text.count("#.") > 3 and "sailau-\n" in text  # really wrapped, at spaces and after a hyphen
    entry = read_po(path).find("x")
    assert tag_values(entry, TAG_LATIN) == [latin]
    assert tag_values(entry, term_tag("ru")) == [term]
    assert logical_lines(entry.comment)[0] == "kz-position: 0.0"


def test_category_follows_the_person_not_the_tool():
    """State lines carry the fingerprint of what they describe: a person's edit, or a fuzzy match
    onto another msgid, makes the entry the person's (or a plain suggestion)."""
    import polib

    from kztranslate.po.entries import TAG_MT, TAG_TM, category, set_state

    tm = polib.POEntry(msgid="Астана, 4 ақпан.", msgstr="Астана, 4 февраля.", tcomment="a reviewer's note")
    set_state(tm, TAG_TM, "exact")
    assert category(tm) == "tm" and tm.tcomment.startswith("a reviewer's note\nkz-tm: exact ")
    tm.msgstr = "Астана, 4 февраля 2026 года."  # a person changed it
    assert category(tm) == "reviewed"
    mt = polib.POEntry(msgid="Бір.", msgstr="Один.", flags=["fuzzy"])
    set_state(mt, TAG_MT, "kk→ru (direct; m) " + "x" * 100)
    assert category(mt) == "mt" and len("# " + mt.tcomment) <= 76  # shortened: no tool wraps it
    moved = polib.POEntry(msgid="Екі.", msgstr=mt.msgstr, flags=["fuzzy"], tcomment=mt.tcomment)  # msgmerge fuzzy match
    assert category(moved) == "fuzzy"
    mt.flags = []  # a person approved the machine translation as it is
    assert category(mt) == "reviewed"


def test_legacy_state_lines_move_to_translator_comments(tmp_path):
    """A PO written before this format (state in ``#. kz-mt``/``#. kz-tm``): the next translate
    keeps each entry's category, moves the state to ``# kz-`` lines and leaves reviewed entries alone."""
    from kztranslate.po.entries import category

    out = tmp_path / "OUT"
    shutil.copytree(ROOT / "locales", out)
    po_path = out / "ru" / f"{ARTICLE.stem}.po"
    text = po_path.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    # entry 1: machine translation awaiting review; entry 2: an exact TM reuse; entry 3: reviewed, with a stale kz-mt
    blocks[1] = blocks[1].replace("#. kz-position: 0.0", "#. kz-position: 0.0\n#. kz-mt: kk→ru (direct; old)").replace("#: ", "#, fuzzy\n#: ", 1)
    blocks[2] = blocks[2].replace("#. kz-position: 1.0", "#. kz-position: 1.0\n#. kz-tm: exact")
    blocks[3] = blocks[3].replace("#. kz-position: 1.1", "#. kz-position: 1.1\n#. kz-mt: kk→ru (direct; old)")
    po_path.write_text("\n\n".join(blocks), encoding="utf-8")
    before = [category(e) for e in read_po(po_path)]
    assert before[:3] == ["mt", "tm", "reviewed"]
    r = run_cli_inproc("translate", str(ARTICLE), "--to", "ru", "--out", str(out), "--engine", "none")
    assert r.returncode == 0, r.stderr
    after = read_po(po_path)
    assert [category(e) for e in after] == before
    assert after[0].tcomment.startswith("kz-mt: kk→ru (direct; old) ") and after[1].tcomment.startswith("kz-tm: exact ")
    assert after[2].tcomment == "" and "kz-mt" not in after[2].comment
