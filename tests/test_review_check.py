"""`kztranslate check` end to end (real CLI) on hand-written PO files, plus unit tests of the checks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest

from tests.conftest import ROOT, run_cli_inproc

DATA = ROOT / "tests" / "data" / "review"
CLEAN = DATA / "clean"
PLANTED = DATA / "planted" / "ru" / "planted.po"

# kz-position of each planted entry -> the one error check that must fire for it
PLANTED_ERRORS = {
    "0.0": "numbers",       # 1 250 -> 1 350
    "0.1": "glossary",      # Центральная избирательная комиссия -> Избирком
    "1.0": "quotes",        # «Astana Hub  (no closing »)
    "1.1": "untranslated",  # empty msgstr
    "2.0": "dates",         # 15 наурыз -> 15 апреля
    "2.1": "placeholders",  # <unk>
}


def check_json(*paths: Path, strict: bool = False) -> tuple[int, dict]:
    args = ["check", *map(str, paths), "--format", "json"] + (["--strict"] if strict else [])
    proc = run_cli_inproc(*args)
    assert proc.stderr == "", proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def test_clean_files_pass_even_strict():
    code, report = check_json(CLEAN, strict=True)
    assert report["findings"] == []
    assert report["summary"] == {"errors": 0, "warnings": 0, "files": 2}
    assert code == 0


def test_each_planted_error_found_with_its_check_name():
    code, report = check_json(PLANTED)
    assert code == 1
    errors: dict[str, set[str]] = {}
    for f in report["findings"]:
        assert f["file"] == str(PLANTED)
        if f["severity"] == "error":
            errors.setdefault(f["position"], set()).add(f["check"])
    assert errors == {pos: {check} for pos, check in PLANTED_ERRORS.items()}


def test_json_is_stable_and_text_is_readable():
    first = run_cli_inproc("check", str(PLANTED), "--format", "json").stdout
    assert first == run_cli_inproc("check", str(PLANTED), "--format", "json").stdout
    finding = json.loads(first)["findings"][0]
    assert list(finding) == sorted(finding)
    assert set(finding) == {"check", "severity", "file", "line", "position", "msgid", "message"}
    text = run_cli_inproc("check", str(PLANTED))
    assert text.returncode == 1
    assert f"{PLANTED}:15 [0.0]: error: numbers: " in text.stdout
    assert text.stdout.rstrip().endswith("6 error(s), 0 warning(s) in 1 file(s)")


def _write(tmp_path: Path, lang: str, body: str) -> Path:
    header = (CLEAN / "ru" / "budget.po").read_text(encoding="utf-8").split("\n\n")[0].replace("Language: ru", f"Language: {lang}")
    path = tmp_path / lang / "t.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "\n\n" + body, encoding="utf-8")
    return path


def test_warnings_fail_only_with_strict(tmp_path):
    # identical to the source: a warning (copy-through is sometimes right, e.g. a name)
    path = _write(tmp_path, "ru", 'msgid "Бүгін күн жылы болды."\nmsgstr "Бүгін күн жылы болды."\n')
    code, report = check_json(path)
    assert code == 0
    checks = {(f["check"], f["severity"]) for f in report["findings"]}
    assert ("unchanged", "warning") in checks and ("script", "warning") in checks
    assert check_json(path, strict=True)[0] == 1


def test_copied_entries_are_not_unchanged(tmp_path):
    body = '#. kz-copied: ru\nmsgid "Это предложение на русском языке, оно скопировано."\nmsgstr "Это предложение на русском языке, оно скопировано."\n'
    code, report = check_json(_write(tmp_path, "ru", body), strict=True)
    assert (code, report["findings"]) == (0, [])


def _malformed(proc, *needles: str) -> None:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert proc.stdout == "" and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("kztranslate: error: ") and "malformed PO file" in proc.stderr
    for needle in needles:
        assert needle in proc.stderr, proc.stderr


def test_duplicate_msgid_is_malformed(tmp_path):
    bad = _write(tmp_path, "ru", 'msgid "Бір"\nmsgstr "Один"\n\nmsgid "Бір"\nmsgstr "Один"\n')
    _malformed(run_cli_inproc("check", str(bad)), "duplicate")


def test_unparsable_po_is_exit_2_with_its_line(tmp_path):
    path = tmp_path / "ru" / "broken.po"
    path.parent.mkdir()
    path.write_text('msgid "Бір"\nmsgstr "Один"\nthis is not PO\n', encoding="utf-8")
    _malformed(run_cli_inproc("check", str(path)), "line 3")


def test_msgfmt_rejection_stops_content_checks(tmp_path):
    """What our reader accepts but msgfmt rejects (a header field msgfmt requires is malformed) is a
    po-syntax finding that stops the content checks."""
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (GNU gettext) is not installed; .ci/run installs it")
    path = tmp_path / "ru" / "t.po"
    path.parent.mkdir()
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=x; plural=;\\n"\n\nmsgid "Бір"\nmsgstr ""\n', encoding="utf-8")
    code, report = check_json(path)
    assert code == 1
    assert {f["check"] for f in report["findings"]} == {"po-syntax"}


def test_missing_path_is_a_one_line_error(tmp_path):
    proc = run_cli_inproc("check", str(tmp_path / "nope.po"))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "nope.po" in proc.stderr and "Traceback" not in proc.stderr


# --- unit tests of single checks ------------------------------------------------------------

def _entry(msgid: str, msgstr: str, comment: str = "", fuzzy: bool = False) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, comment=comment, flags=["fuzzy"] if fuzzy else [])


def _checks(entry: polib.POEntry, lang: str = "ru") -> set[tuple[str, str]]:
    from kztranslate.qa.checks import check_entry

    return {(f.check, f.severity) for f in check_entry(entry, lang, "x.po")}


def test_glossary_accepts_inflected_russian_term():
    pytest.importorskip("pymorphy3")
    ok = _entry("Орталық сайлау комиссиясының отырысы өтті.", "Состоялось заседание Центральной избирательной комиссии.")
    assert _checks(ok) == set()


def test_glossary_is_recomputed_from_the_msgid_not_from_tags():
    """No kz- line at all, or tags that say nothing is required: the glossary still decides."""
    pytest.importorskip("pymorphy3")
    src = "Орталық сайлау комиссиясының отырысы өтті."
    assert _checks(_entry(src, "Состоялось заседание Избиркома.")) == {("glossary", "error")}
    assert _checks(_entry(src, "Состоялось заседание Избиркома.", "kz-position: 0.0", fuzzy=True)) == {("glossary", "error")}
    assert _checks(_entry("Мәжіліс заң жобасын мақұлдады.", "Парламент одобрил законопроект.")) == {("glossary", "error")}


def test_english_glossary_is_case_and_plural_insensitive():
    assert _checks(_entry("Әкімдер жиналды.", "The akims met."), "en") == set()
    assert _checks(_entry("Әкімдер жиналды.", "The mayors met."), "en") == {("glossary", "error")}


@pytest.mark.parametrize(
    "translation,ok",
    [
        ("Он сказал: «Закон принят».", True),
        ("Он сказал: «Закон «О выборах» принят».", True),
        ("Он сказал: „Закон принят“.", True),
        ("He said: “The law is adopted.”", True),
        ('He said: "The law is adopted."', True),
        ("Он сказал: «Закон принят.", False),
        ("Он сказал: »Закон принят«.", False),
        ("He said: “The law is adopted.", False),
        ('He said: "The law is adopted.', False),
    ],
)
def test_quotes_balance(translation, ok):
    from kztranslate.qa.checks import _quote_problems

    assert (not _quote_problems(translation)) is ok


def test_latin_names_kept_and_no_cyrillic_in_english():
    src = "Kaspi.kz және Astana Hub өкілдері келді."
    assert _checks(_entry(src, "Representatives of Kaspi.kz and Astana Hub came."), "en") == set()
    found = _checks(_entry(src, "Representatives of Каспи and Astana Hub came."), "en")
    assert found == {("names", "warning"), ("script", "warning")}


def test_pofilter_checks_are_called():
    found = _checks(_entry("Жиын (кеңес) өтті.", "The the meeting took place."), "en")
    assert ("brackets", "warning") in found and ("doublewords", "warning") in found
