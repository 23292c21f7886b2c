"""`kztranslate stats`: counts a review lead relies on, per file and per language (real CLI)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import ROOT, run_cli_inproc

DATA = ROOT / "tests" / "data" / "review"


def test_stats_json_counts():
    proc = run_cli_inproc("stats", str(DATA), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    by_file = {Path(f["file"]).relative_to(DATA).as_posix(): f for f in data["files"]}
    assert set(by_file) == {"clean/en/budget.po", "clean/ru/budget.po", "planted/ru/planted.po"}
    clean = by_file["clean/ru/budget.po"]
    # 4 entries: 2 reviewed, 2 machine translations awaiting review (legacy "#. kz-mt" lines)
    assert (clean["entries"], clean["reviewed"], clean["tm"], clean["mt"], clean["fuzzy"], clean["untranslated"], clean["flagged"]) == (4, 2, 0, 2, 0, 0, 0)
    assert clean["reviewed_percent"] == 50.0
    planted = by_file["planted/ru/planted.po"]
    # flagged: the "Избирком" translation, recomputed from the msgid with the glossary
    assert (planted["entries"], planted["reviewed"], planted["mt"], planted["fuzzy"], planted["untranslated"], planted["flagged"]) == (6, 3, 0, 2, 1, 1)
    langs = {t["lang"]: t for t in data["languages"]}
    assert set(langs) == {"en", "ru"}
    assert langs["ru"]["entries"] == 10 and langs["ru"]["file"] == "*"
    assert langs["ru"]["words"] == clean["words"] + planted["words"]


def test_stats_words_count_source_words(tmp_path):
    po = (DATA / "clean" / "ru" / "budget.po").read_text(encoding="utf-8").split("\n\n")[0]
    path = tmp_path / "ru" / "a.po"
    path.parent.mkdir()
    path.write_text(po + '\n\nmsgid "Жиынға 1 250 адам қатысты."\nmsgstr ""\n', encoding="utf-8")
    data = json.loads(run_cli_inproc("stats", str(path), "-f", "json").stdout)
    assert data["files"][0]["words"] == 5  # Жиынға, 1, 250, адам, қатысты
    assert data["files"][0]["untranslated"] == 1


def test_stats_table_lists_files_and_totals():
    proc = run_cli_inproc("stats", str(DATA / "clean"))
    assert proc.returncode == 0, proc.stderr
    assert "reviewed" in proc.stdout and "mt" in proc.stdout and "all ru" in proc.stdout and "all en" in proc.stdout
    assert "budget.po" in proc.stdout
