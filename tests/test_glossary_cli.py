"""End-to-end: the real CLI on real files (glossary lint/match/export/import)."""

from __future__ import annotations

import json

from tests.conftest import EXAMPLES, ROOT, run_cli_inproc


def test_match_jsonl_contract_on_example_article():
    path = EXAMPLES / "mazhilis-election-law.txt"
    res = run_cli_inproc("glossary", "match", str(path), "--format", "jsonl")
    assert res.returncode == 0, res.stderr
    text = path.read_text(encoding="utf-8")
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert rows
    for r in rows:
        assert set(r) == {"start", "end", "text", "term", "ru", "en"}
        assert text[r["start"]:r["end"]] == r["text"]
    terms = {r["term"] for r in rows}
    assert {"Мәжіліс", "Орталық сайлау комиссиясының төрағасы", "Сенат"} <= terms
    mazhilis = next(r for r in rows if r["term"] == "Мәжіліс")
    assert (mazhilis["ru"], mazhilis["en"]) == ("Мажилис", "Mazhilis")


def test_match_offsets_are_into_decoded_text(tmp_path):
    # UTF-16 with BOM and CRLF: offsets count code points of the decoded, normalised text.
    p = tmp_path / "a.txt"
    p.write_bytes("\ufeffҚұжат\r\nСенатқа жіберілді.\r\n".encode("utf-16"))
    res = run_cli_inproc("glossary", "match", str(p))
    assert res.returncode == 0, res.stderr
    [row] = [json.loads(line) for line in res.stdout.splitlines()]
    assert (row["start"], row["end"], row["text"], row["en"]) == (6, 13, "Сенатқа", "Senate")


def test_match_missing_file_is_one_line_error(tmp_path):
    res = run_cli_inproc("glossary", "match", str(tmp_path / "nope.txt"))
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_lint_clean_and_broken(tmp_path):
    res = run_cli_inproc("glossary", "lint")
    assert res.returncode == 0, res.stdout + res.stderr
    bad = tmp_path / "bad.tsv"
    good_line = (ROOT / "glossary" / "civic.tsv").read_text(encoding="utf-8").splitlines()[:2]
    bad.write_text("\n".join(good_line + [good_line[1]]) + "\n", encoding="utf-8")
    res = run_cli_inproc("glossary", "lint", str(bad))
    assert res.returncode == 1
    assert "duplicate" in res.stdout and "Traceback" not in res.stderr


def test_export_import_round_trip_through_files(tmp_path):
    tbx = tmp_path / "civic.tbx"
    res = run_cli_inproc("glossary", "export", "--format", "tbx", "-o", str(tbx))
    assert res.returncode == 0, res.stderr
    out = tmp_path / "civic.tsv"
    res = run_cli_inproc("glossary", "import", str(tbx), "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert out.read_text(encoding="utf-8") == (ROOT / "glossary" / "civic.tsv").read_text(encoding="utf-8")
    res = run_cli_inproc("glossary", "lint", str(out))
    assert res.returncode == 0
    csv_res = run_cli_inproc("glossary", "export", "--format", "csv")
    assert csv_res.returncode == 0 and csv_res.stdout.startswith("id,kk,ru,en,")


def test_import_garbage_is_one_line_error(tmp_path):
    p = tmp_path / "x.tbx"
    p.write_text("not xml", encoding="utf-8")
    res = run_cli_inproc("glossary", "import", str(p))
    assert res.returncode == 2 and "Traceback" not in res.stderr and "TBX" in res.stderr
