"""The adversarial matrix (issue 15; docs/hostile-inputs.md) through the real CLI entry point.

Every hostile input gets one of two answers: one ``kztranslate: error:`` line on stderr with the
documented exit code and nothing written (or nothing half written), or the work done. Inputs are
made at test time; sizes are scaled so the suite stays fast, with one large case per command marked
``slow``. In-process cases call :func:`kztranslate.cli.main` (the same error mapping as the console
script); cases that need a real stdout, signals or worker processes run ``python -m kztranslate``.
tests/test_hostile_models.py holds the model commands' half of the matrix.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from tests.conftest import ROOT, run_cli, run_cli_inproc, wait_for

ARTICLE = ROOT / "examples" / "articles" / "mazhilis-election-law.txt"


def kz(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process through main() (conftest.run_cli_inproc); returns (exit code, stdout, stderr)."""
    r = run_cli_inproc(*args)
    return r.returncode, r.stdout, r.stderr


def one_error_line(code: int, err: str, expected: int, needle: str = "") -> None:
    assert code == expected, (code, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kztranslate: error: "), err
    assert "Traceback" not in err and needle in lines[0], err


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def article_po(tmp_path) -> Path:
    code, _, err = kz("translate", ARTICLE, "--to", "ru", "--engine", "none", "--out", tmp_path / "out")
    assert code == 0, err
    return tmp_path / "out" / "ru" / "mazhilis-election-law.po"


# --- tracebacks the adversarial pass found --------------------------------------------------------


@pytest.mark.parametrize("version", ["xliff", "xliff12"])
def test_export_control_character_is_one_line_and_writes_nothing(article_po, tmp_path, version):
    po = polib.pofile(str(article_po))
    po[0].msgid = "Заң\x01қабылданды"
    bad = tmp_path / "ctl.po"
    po.save(str(bad))
    dest = tmp_path / "ctl.xlf"
    code, _, err = kz("export", bad, "--format", version, "-o", dest)
    one_error_line(code, err, 2, "control character")
    assert not dest.exists()


def test_import_with_unexpected_state_and_flag_attributes(article_po, tmp_path):
    xlf = tmp_path / "a.xlf"
    assert kz("export", article_po, "-o", xlf)[0] == 0
    text = xlf.read_text(encoding="utf-8").replace('state="initial"', 'state="weird-state"').replace("<unit ", '<unit translate="perhaps" ')
    xlf.write_text(text, encoding="utf-8")
    code, _, err = kz("import", xlf, "-o", tmp_path / "back.po")
    assert code == 0, err
    assert len(polib.pofile(str(tmp_path / "back.po"))) == len(polib.pofile(str(article_po)))
    damaged = text.replace('category="kz-references">', 'category="kz-references">[[', 1)
    xlf.write_text(damaged, encoding="utf-8")
    code, _, err = kz("import", xlf, "-o", tmp_path / "damaged.po")
    one_error_line(code, err, 2, "damaged note")
    assert not (tmp_path / "damaged.po").exists()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("command", [("segment",), ("detect",), ("glossary", "export")])
def test_full_stdout_is_one_line_exit_4(command):
    args = [*command] + ([] if command[0] == "glossary" else [str(ARTICLE)])
    env = dict(os.environ, PYTHONPATH=str(ROOT / "tests" / "netblock") + os.pathsep + str(ROOT))
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "kztranslate", *args], stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=120)
    one_error_line(r.returncode, r.stderr, 4, "No space left on device")


def test_batch_skips_a_symlink_loop(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "a.txt").write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tree / "loop1.txt").symlink_to("loop2.txt")
    (tree / "loop2.txt").symlink_to("loop1.txt")
    (tree / "dir-loop").symlink_to("dir-loop")
    out = tmp_path / "out"
    r = run_cli("batch", str(tree), "--to", "ru", "--out", str(out), "--engine", "none")
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert "loop1.txt: symlink loop" in r.stdout and "loop2.txt: symlink loop" in r.stdout
    assert "ru/a.po" in files_under(out)


def test_progress_prints_markup_in_paths_literally():
    import io

    from kztranslate.batch.progress import RichProgress

    stream = io.StringIO()
    progress = RichProgress(stream)
    progress.start(1, 1, 0, 0)
    progress.article("news/[/bold]x", 0, "cannot read [/red] [link=x]")
    progress.close()
    assert "[/bold]x" in stream.getvalue() and "[/red]" in stream.getvalue()


# --- scale: bounded time and memory (sizes scaled; the slow cases are the issue's own sizes) -----


def _no_spaces(n: int) -> str:
    return ("Қазақстан" * (n // 9 + 1))[:n]


def _one_line_paragraphs(n: int) -> str:
    return "\n\n".join(f"Қазақстан Республикасының {i} заңы қабылданды." for i in range(n))


def _long_line(n: int) -> str:
    base = " ".join(ARTICLE.read_text(encoding="utf-8").split())
    return (base + " ") * (n // (len(base) + 1) + 1)


@pytest.mark.parametrize(
    "make, size",
    [
        pytest.param(_no_spaces, 30_000, id="no-spaces-30k"),
        pytest.param(_one_line_paragraphs, 3_000, id="paragraphs-3k"),
        pytest.param(_no_spaces, 300_000, id="no-spaces-300k", marks=pytest.mark.slow),
        pytest.param(_one_line_paragraphs, 100_000, id="paragraphs-100k", marks=pytest.mark.slow),
        pytest.param(_long_line, 5_000_000, id="line-5M", marks=pytest.mark.slow),
    ],
)
def test_detect_answers_on_large_inputs(tmp_path, make, size):
    src = tmp_path / "big.txt"
    src.write_text(make(size), encoding="utf-8")
    code, out, err = kz("detect", src, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["language"] == "kk"


@pytest.mark.parametrize(
    "make, size",
    [
        pytest.param(_one_line_paragraphs, 2_000, id="paragraphs-2k"),
        pytest.param(_no_spaces, 30_000, id="no-spaces-30k"),
        pytest.param(_one_line_paragraphs, 100_000, id="paragraphs-100k", marks=pytest.mark.slow),
    ],
)
def test_translate_engine_none_and_build_on_large_inputs(tmp_path, make, size):
    src = tmp_path / "big.txt"
    src.write_text(make(size), encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = kz("translate", src, "--to", "ru", "--engine", "none", "--out", out)
    assert code == 0, err
    po = polib.pofile(str(out / "ru" / "big.po"))
    assert len(po) >= (size if make is _one_line_paragraphs else 1)
    code, _, err = kz("build", out / "ru" / "big.po", "-o", tmp_path / "back.txt")
    assert code == 0, err
    assert (tmp_path / "back.txt").read_text(encoding="utf-8").split() == src.read_text(encoding="utf-8").split()


def test_duplicate_entries_still_refused_in_one_line(article_po, tmp_path):
    text = article_po.read_text(encoding="utf-8")
    first = text.index("\n\n#") + 2
    dup = tmp_path / "dup.po"
    dup.write_text(text + "\n" + text[first:text.index("\n\n", first)] + "\n", encoding="utf-8")
    code, _, err = kz("build", dup)
    one_error_line(code, err, 2, "already exists")


# --- one option vocabulary ------------------------------------------------------------------------


@pytest.mark.parametrize("command", [("translate", str(ARTICLE)), ("batch", str(ROOT / "examples" / "articles"))])
def test_unknown_language_is_exit_2_in_every_command(tmp_path, command):
    code, _, err = kz(*command, "--to", "de", "--out", tmp_path / "out")
    one_error_line(code, err, 2, "unknown target language 'de'")
    assert not (tmp_path / "out").exists() or files_under(tmp_path / "out") == []


def test_known_language_without_model_is_exit_3_in_batch_and_engine_none_carries_on(tmp_path):
    empty = tmp_path / "models"
    empty.mkdir()
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = kz("batch", articles, "--to", "ru", "--out", tmp_path / "out", "--models-dir", empty)
    one_error_line(code, err, 3, str(empty))
    r = run_cli("batch", str(articles), "--to", "ru,en", "--out", str(tmp_path / "out"), "--engine", "none", "--models-dir", str(empty))
    assert r.returncode == 0, r.stderr
    assert files_under(tmp_path / "out" / "ru") == ["a.po"] and files_under(tmp_path / "out" / "en") == ["a.po"]


def test_old_spellings_work_with_one_warning(tmp_path):
    out = tmp_path / "out"
    code, _, err = kz("translate", ARTICLE, "--to", "ru", "--to", "en", "-o", out, "--engine", "none")
    assert code == 0 and err.count("kztranslate: warning: -o for the output folder is deprecated") == 1, err
    assert {"ru/mazhilis-election-law.po", "en/mazhilis-election-law.po"} <= set(files_under(out))
    code, text, err = kz("stats", out, "--format", "table")
    assert code == 0 and "--format table is deprecated" in err and "Translation status" in text
    code, _, err = kz("tm", "export", out, "--lang", "ru,en", "-o", tmp_path / "a.tmx")
    assert code == 0 and "--lang is deprecated" in err and (tmp_path / "a.tmx").is_file()
    code, _, err = kz("tm", "import", tmp_path / "a.tmx", "--lang", "ru", "-o", out)
    assert code == 0 and err.count("deprecated") == 2, err


@pytest.mark.parametrize("bad", ["xx", "../../po", "ru,xx"])
def test_tm_languages_are_checked(article_po, tmp_path, bad):
    out = article_po.parent.parent
    dest = tmp_path / "a.tmx"
    code, _, err = kz("tm", "export", out, "--to", bad, "-o", dest)
    one_error_line(code, err, 2, "unknown target language")
    assert not dest.exists()


def test_format_values_are_one_vocabulary():
    code, _, err = kz("segment", ARTICLE, "--format", "table")
    one_error_line(code, err, 2, "'table' is not one of 'text', 'json', 'jsonl'")
    code, out, _ = kz("segment", ARTICLE, "--format", "json")
    assert code == 0 and isinstance(json.loads(out), list)


def _commands(group, path=()):
    import typer.main

    from kztranslate.cli import app

    root = typer.main.get_command(app) if group is None else group
    for name, cmd in getattr(root, "commands", {}).items():
        yield (*path, name)
        yield from _commands(cmd, (*path, name))


def test_help_shows_real_metavars():
    seen = 0
    for path in _commands(None):
        code, out, err = kz(*path, "--help")
        assert code == 0, (path, err)
        assert "<bool>" not in out and "<list[" not in out and "<str>" not in out and "<path>" not in out, (path, out)
        seen += 1
    assert seen > 20


def test_shell_completion_is_installable_and_completes(tmp_path):
    # typer's switch for naming the shell instead of detecting it from the parent processes
    env = {"HOME": str(tmp_path), "SHELL": "/bin/bash", "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    r = run_cli("--install-completion", "bash", env=env)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / ".bash_completions" / "kztranslate.sh").is_file()
    r = run_cli(env={"_KZTRANSLATE_COMPLETE": "complete_bash", "COMP_WORDS": "kztranslate tra", "COMP_CWORD": "1"})
    assert "translate" in r.stdout.split(), (r.stdout, r.stderr)


def test_ctrl_c_on_batch_says_interrupted(tmp_path):
    """SIGINT while the batch is mid-run. The pipeline's test hook (KZTRANSLATE_TEST_PAUSE) holds the
    run before its first write until we signal: no timing guess, and the run cannot finish first."""
    import signal

    tree = tmp_path / "many"
    tree.mkdir()
    for i in range(400):
        (tree / f"a{i}.txt").write_text(f"Қазақстан Республикасының {i} заңы қабылданды.", encoding="utf-8")
    hook = tmp_path / "hook"
    hook.mkdir()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "tests" / "netblock") + os.pathsep + str(ROOT), KZTRANSLATE_TEST_PAUSE=str(hook))
    p = subprocess.Popen([sys.executable, "-m", "kztranslate", "batch", str(tree), "--to", "ru", "--out", str(tmp_path / "out"), "--engine", "none"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    wait_for(hook / "paused", p)  # it has translated a chunk and waits before writing it
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 130, err
    assert err.strip().splitlines()[-1] == "kztranslate: interrupted" and "Traceback" not in err, err
