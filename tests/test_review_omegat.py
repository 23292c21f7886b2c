"""TMX against the real consumers: the official TMX 1.4 DTD and OmegaT itself (Debian's `omegat`).

Both come from the `omegat` package (OmegaT.jar carries LISA's ``schemas/tmx14.dtd``), which
`.ci/run` installs with apt-get when it can; without it these tests skip and
test_review_tmx.py's structural-DTD check still runs.

The OmegaT test is the issue's "importable by OmegaT" taken literally: our export goes into a
project's ``tm/auto/`` folder (OmegaT inserts exact matches from there), OmegaT's console mode
translates a Kazakh text file, and the target file must hold our reviewed translations, in the
project's language. OmegaT's own TMX export of that project then goes back through
``kztranslate tm import``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import polib
import pytest

from kztranslate.po.entries import is_reviewed
from tests.conftest import ROOT, run_cli_inproc

DATA = ROOT / "tests" / "data" / "review"
OMEGAT_JAR = Path(os.environ.get("KZTRANSLATE_OMEGAT_JAR", "/usr/share/omegat/OmegaT.jar"))

PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>KK</source_lang>
    <target_lang>{lang}</target_lang>
    <source_tok>org.omegat.tokenizer.DefaultTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.DefaultTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def reviewed(path: Path) -> list[tuple[str, str]]:
    return [(e.msgid, e.msgstr) for e in polib.pofile(str(path)) if is_reviewed(e)]


@pytest.fixture
def jar() -> Path:
    if not OMEGAT_JAR.is_file():
        pytest.skip(f"{OMEGAT_JAR} absent (Debian package omegat; .ci/run installs it when apt-get works)")
    return OMEGAT_JAR


@pytest.fixture
def exported(tmp_path: Path) -> tuple[Path, Path]:
    """(OUT, memory.tmx): the clean ru and en files under OUT, exported as one TMX for both languages."""
    out = tmp_path / "OUT"
    for lang in ("ru", "en"):
        dest = out / lang / "news" / "budget.po"
        dest.parent.mkdir(parents=True)
        shutil.copy(DATA / "clean" / lang / "budget.po", dest)
    tmx = tmp_path / "memory.tmx"
    proc = run_cli_inproc("tm", "export", str(out), "--to", "ru", "--to", "en", "-o", str(tmx))
    assert proc.returncode == 0, proc.stderr
    return out, tmx


def test_export_is_valid_against_the_official_tmx14_dtd(jar, exported, tmp_path):
    if shutil.which("xmllint") is None:
        pytest.skip("xmllint (libxml2-utils) is not installed; .ci/run installs it")
    _, tmx = exported
    with zipfile.ZipFile(jar) as zf:
        dtd = zf.read("schemas/tmx14.dtd")
    assert b"LISA OSCAR" in dtd  # the real DTD, not our structural stand-in
    (tmp_path / "tmx14.dtd").write_bytes(dtd)  # the file's DOCTYPE names tmx14.dtd beside it
    lint = subprocess.run(["xmllint", "--noout", "--valid", str(tmx)], capture_output=True, text=True)
    assert (lint.returncode, lint.stderr) == (0, "")
    # and the DTD does reject what it should: a tuv without a language
    bad = tmp_path / "bad.tmx"
    bad.write_text(tmx.read_text(encoding="utf-8").replace(' xml:lang="ru"', "", 1), encoding="utf-8")
    assert subprocess.run(["xmllint", "--noout", "--valid", str(bad)], capture_output=True).returncode != 0


def _omegat_translate(jar: Path, tmx: Path, sentences: list[str], lang: str, where: Path) -> Path:
    """Run OmegaT's console translation of ``sentences`` with ``tmx`` in tm/auto; return the project."""
    project = where / f"project-{lang}"
    for sub in ("source", "target", "tm/auto", "omegat", "glossary", "dictionary"):
        (project / sub).mkdir(parents=True)
    (project / "omegat.project").write_text(PROJECT.format(lang=lang.upper()), encoding="utf-8")
    (project / "source" / "article.txt").write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    shutil.copy(tmx, project / "tm" / "auto" / "memory.tmx")
    java = shutil.which("java")
    if java is None:
        pytest.skip("java is not installed (the omegat package depends on it)")
    proc = subprocess.run(
        [java, "-Djava.awt.headless=true", "-jar", str(jar), "--mode=console-translate", f"--config-dir={where / 'omegat-config'}",
         "--no-team", "--disable-project-locking", "--quiet", str(project)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return project


def test_omegat_imports_the_export_for_each_target_language(jar, exported, tmp_path):
    out, tmx = exported
    pairs = {lang: reviewed(out / lang / "news" / "budget.po") for lang in ("ru", "en")}
    assert len(pairs["ru"]) == len(pairs["en"]) == 2
    sources = [kk for kk, _ in pairs["ru"]]
    assert sources == [kk for kk, _ in pairs["en"]]
    unknown = "Бұл сөйлем жадта жоқ."  # not in the memory: stays as it is
    for lang in ("ru", "en"):
        project = _omegat_translate(jar, tmx, sources + [unknown], lang, tmp_path)
        target = (project / "target" / "article.txt").read_text(encoding="utf-8")
        assert target.split("\n\n") == [t for _, t in pairs[lang]] + [unknown + "\n"], lang
        # OmegaT's own TMX 1.4 export of the project comes back into our memory unchanged
        level2 = project / f"{project.name}-level2.tmx"
        fresh = tmp_path / f"OUT-{lang}"
        proc = run_cli_inproc("tm", "import", str(level2), "--out", str(fresh))
        assert proc.returncode == 0, proc.stderr
        assert sorted(reviewed(fresh / ".tm" / f"{lang}.po")) == sorted(pairs[lang])
