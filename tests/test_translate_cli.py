"""End to end: the real CLI on the real example articles and the seed article (and real tiny models)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from kztranslate.po.catalog import render_entry, write_po
from kztranslate.po.entries import category

from tests.conftest import EXAMPLES, ROOT, SEED, assert_one_line_error, needs_shared

ARTICLES = sorted(EXAMPLES.glob("*.txt"))
SHIPPED = ROOT / "locales"


def msgfmt_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["msgfmt", "-c", "--check-format", "-o", os.devnull, str(path)], capture_output=True, text=True)


def snapshot(folder: Path) -> dict:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} if folder.exists() else {}


one_line_error = assert_one_line_error


def test_translate_examples_and_seed_then_build(cli_subprocess, tmp_path, models_dir):
    """README's quick start (translate the examples, build them back) as the real command it is."""
    cli = cli_subprocess
    needs_shared(SEED)
    out = tmp_path / "locales"
    r = cli("translate", *map(str, ARTICLES), str(SEED), "--to", "ru,en", "--out", str(out))
    assert r.returncode == 0, r.stderr
    # No model installed: said once, with how to install one; the files are written anyway.
    assert r.stderr.count("kztranslate models install") == 1 and "kk→en, kk→ru" in r.stderr
    slugs = [p.stem for p in ARTICLES] + [SEED.stem]
    files = [out / f"{s}.pot" for s in slugs] + [out / lang / f"{s}.po" for s in slugs for lang in ("ru", "en")]
    assert sorted(files) == sorted(p for p in out.rglob("*") if p.is_file())
    for s in slugs:
        assert f"{out / 'ru' / s}.po" in r.stdout
    if shutil.which("msgfmt"):
        for f in files:
            check = msgfmt_check(f)
            assert check.returncode == 0, check.stderr
            if f.suffix == ".po":
                assert check.stderr == "", check.stderr  # not even a warning for the PO files
    from translate.storage import po as ttk_po

    for f in files:
        store = ttk_po.pofile.parsefile(str(f))
        assert len([u for u in store.units if not u.isheader()]) == len(polib.pofile(str(f)))
    for src in ARTICLES + [SEED]:
        built = tmp_path / f"{src.stem}.ru.txt"
        b = cli("build", str(out / "ru" / f"{src.stem}.po"), "-o", str(built))
        assert b.returncode == 0, b.stderr
        assert "fell back to the source" in b.stderr
        from kztranslate.textio import read_text

        assert built.read_text(encoding="utf-8") == read_text(src).strip() + "\n"


def test_pofilter_reads_generated_files(cli, tmp_path, models_dir):
    out = tmp_path / "out"
    assert cli("translate", str(ARTICLES[0]), "--to", "ru", "--out", str(out)).returncode == 0
    pofilter = Path(os.environ.get("VIRTUAL_ENV", "")) / "bin" / "pofilter"
    exe = shutil.which("pofilter") or (str(pofilter) if pofilter.exists() else None)
    if exe is None:
        import sys

        exe = str(Path(sys.executable).parent / "pofilter")
    r = subprocess.run([exe, "--progress=none", str(out / "ru"), str(tmp_path / "filtered")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "Error" not in r.stderr


def test_rerun_keeps_shipped_reviewed_files_byte_identical(cli, tmp_path, models_dir):
    out = tmp_path / "locales"
    shutil.copytree(SHIPPED, out)
    before = snapshot(out)
    r = cli("translate", *map(str, ARTICLES), "--to", "ru,en", "--out", str(out), "--format", "json", cwd=ROOT)
    assert r.returncode == 0, r.stderr
    after = snapshot(out)
    for path, data in before.items():
        assert after[path] == data, path
    report = json.loads(r.stdout)
    by_slug = {a["slug"]: a for a in report["articles"]}
    assert by_slug["mazhilis-election-law"]["counts"]["ru"]["reviewed"] == 13
    assert by_slug["mazhilis-election-law"]["written"] == []
    assert by_slug["maslikhat-budget-session"]["counts"]["en"]["untranslated"] == 15


def test_translation_memory_from_shipped_files_before_any_model(cli, tmp_path, models_dir):
    """A fresh clone: the reviewed example serves as memory for a copy of the article with another name."""
    out = tmp_path / "locales"
    shutil.copytree(SHIPPED, out)
    copy = tmp_path / "copy-of-article.txt"
    copy.write_text(EXAMPLES.joinpath("mazhilis-election-law.txt").read_text(encoding="utf-8").replace("67 сайлау учаскесі", "68 сайлау учаскесі"), encoding="utf-8")
    r = cli("translate", str(copy), "--to", "ru", "--out", str(out), "--format", "json")
    assert r.returncode == 0, r.stderr
    counts = json.loads(r.stdout)["articles"][0]["counts"]["ru"]
    assert counts["tm"] == 13 and counts["untranslated"] == 0  # 12 exact + 1 fuzzy suggestion
    po = polib.pofile(str(out / "ru" / "copy-of-article.po"))
    fuzzy = [e for e in po if "fuzzy" in e.flags]
    assert len(fuzzy) == 1 and "68" in fuzzy[0].msgid and fuzzy[0].previous_msgid and "67" in fuzzy[0].previous_msgid


@pytest.mark.parametrize("case", ["missing", "directory", "empty"])
def test_bad_article_inputs(cli, tmp_path, models_dir, case):
    out = tmp_path / "out"
    arg = {"missing": tmp_path / "nope.txt", "directory": tmp_path}[case] if case != "empty" else tmp_path / "empty.txt"
    if case == "empty":
        arg.write_text("  \n", encoding="utf-8")
    r = cli("translate", str(ARTICLES[0]), str(arg), "--to", "ru", "--out", str(out))
    one_line_error(r, 2, str(arg.name))
    assert not out.exists()  # the good article was not written either: nothing partial


def test_out_is_a_file(cli, tmp_path, models_dir):
    out = tmp_path / "out"
    out.write_text("x", encoding="utf-8")
    one_line_error(cli("translate", str(ARTICLES[0]), "--to", "ru", "--out", str(out)), 4, "not a folder")
    assert out.read_text(encoding="utf-8") == "x"


def test_read_only_out(cli, tmp_path, models_dir):
    if os.geteuid() == 0:
        pytest.skip("running as root: permission bits do not stop root (the probe is covered by test_unwritable_target_folder_leaves_nothing_partial)")
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        one_line_error(cli("translate", str(ARTICLES[0]), "--to", "ru", "--out", str(out)), 4, "cannot write")
        assert list(out.iterdir()) == []
    finally:
        out.chmod(0o755)


def test_malformed_existing_po_in_out(cli, tmp_path, models_dir):
    out = tmp_path / "out"
    assert cli("translate", str(ARTICLES[0]), "--to", "ru,en", "--out", str(out)).returncode == 0
    bad = out / "ru" / f"{ARTICLES[0].stem}.po"
    bad.write_text('msgid "x"\nmsgstr "half a translation\n', encoding="utf-8")
    before = snapshot(out)
    one_line_error(cli("translate", str(ARTICLES[0]), "--to", "ru,en", "--out", str(out)), 2, "malformed PO file", bad.name)
    assert snapshot(out) == before
    one_line_error(cli("build", str(bad)), 2, "malformed PO file")


def test_build_errors(cli, tmp_path):
    one_line_error(cli("build", str(tmp_path / "nope.po")), 2, "no such file")
    one_line_error(cli("build", str(tmp_path)), 2, "directory")


def test_unknown_target_language(cli, tmp_path, models_dir):
    one_line_error(cli("translate", str(ARTICLES[0]), "--to", "ru,xx", "--out", str(tmp_path / "o")), 2, "unknown target language")


@pytest.mark.slow
def test_real_tiny_models_end_to_end(cli_subprocess, tmp_path, tiny_models, models_dir):
    """Real engine (random-weight CTranslate2 models via Argos packages): MT lands as fuzzy with its route.
    README's "real translations in three commands" (install, translate, build), as real processes."""
    cli = cli_subprocess
    for key in ("kk_en_argosmodel", "en_ru_argosmodel"):
        assert cli("models", "install", str(tiny_models[key])).returncode == 0
    out = tmp_path / "locales"
    r = cli("translate", *map(str, ARTICLES), "--to", "ru,en", "--out", str(out), "--format", "json")
    assert r.returncode == 0, r.stderr
    assert "models install" not in r.stderr
    report = json.loads(r.stdout)
    for art in report["articles"]:
        assert art["counts"]["ru"]["mt"] == art["counts"]["en"]["mt"] > 5
        assert art["routes"]["ru"].startswith("kk→en→ru (pivot; translate-kk_en-1_0, translate-en_ru-1_0)")
        assert art["routes"]["en"].startswith("kk→en (direct; translate-kk_en-1_0)")
    po_path = out / "ru" / f"{ARTICLES[1].stem}.po"
    po = polib.pofile(str(po_path))
    assert all("fuzzy" in e.flags and e.msgstr and "kz-mt: kk→en→ru (pivot" in e.tcomment and category(e) == "mt" for e in po)
    if shutil.which("msgfmt"):
        assert msgfmt_check(po_path).returncode == 0
    # A reviewer approves two entries; a re-run with the engine keeps them byte for byte.
    first, second = po[0], po[1]
    first.msgstr, first.flags, first.tcomment = "Мажилис одобрил поправки", [], "approved"
    second.flags = []
    write_po(po, po_path)
    blocks = [render_entry(e) for e in polib.pofile(str(po_path))[:2]]
    r2 = cli("translate", *map(str, ARTICLES), "--to", "ru,en", "--out", str(out), "--format", "json")
    assert r2.returncode == 0, r2.stderr
    text = po_path.read_text(encoding="utf-8")
    assert all(b in text for b in blocks)
    counts = {a["slug"]: a["counts"]["ru"] for a in json.loads(r2.stdout)["articles"]}[ARTICLES[1].stem]
    assert counts["reviewed"] == 2
    built = cli("build", str(po_path), "--only-reviewed")
    assert built.returncode == 0 and built.stdout.startswith("Мажилис одобрил поправки\n\n")
