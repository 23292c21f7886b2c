"""The in-process CLI runner (conftest.run_cli_inproc) answers as a fresh ``python -m kztranslate`` does.

Most CLI tests run in-process to skip an interpreter start per call; these tests are what makes that
safe: the same result as a real process for the same command (exit status, stdout, stderr apart),
the working directory and the environment given back, and no module-level cache carrying one run's
models or files into the next.
"""

from __future__ import annotations

import os
from pathlib import Path

import polib
import pytest

from tests.conftest import EXAMPLES, ROOT, assert_one_line_error, run_cli, run_cli_inproc

ARTICLE = EXAMPLES / "mazhilis-election-law.txt"


@pytest.mark.parametrize(
    "args",
    [
        ("--version",),
        ("no-such-command",),
        ("models", "list", "--format", "xml"),
        ("segment", str(ARTICLE), "--format", "jsonl"),
        ("segment", "examples/articles/no-such.txt"),
        ("glossary", "match", str(ARTICLE), "--format", "jsonl"),
        ("detect", str(ARTICLE), "--format", "json"),
        ("translate", str(ARTICLE), "--to", "ru,xx", "--out", "OUT"),
    ],
    ids=lambda a: " ".join(a)[:40],
)
def test_same_answer_as_a_real_process(args, tmp_path, models_dir):
    inproc = run_cli_inproc(*args, cwd=tmp_path)
    real = run_cli(*args, cwd=tmp_path)
    assert (inproc.returncode, inproc.stdout, inproc.stderr) == (real.returncode, real.stdout, real.stderr)


def test_stderr_kept_apart_and_the_error_contract_is_main_s(tmp_path):
    r = run_cli_inproc("segment", str(tmp_path / "missing.txt"))
    assert r.stdout == ""
    assert_one_line_error(r, 2, "missing.txt")


def test_cwd_and_environment_are_given_back(tmp_path):
    (tmp_path / "a.txt").write_text("Бүгін Астанада жаңа мектеп ашылды. Оқушылар қуанды.\n", encoding="utf-8")
    glossary = ROOT / "glossary" / "civic.tsv"
    before_cwd, before_env = os.getcwd(), dict(os.environ)
    # a relative path resolved in cwd; --glossary sets KZTRANSLATE_GLOSSARY for the run (options.py)
    r = run_cli_inproc("translate", "a.txt", "--to", "ru", "--engine", "none", "--out", "OUT", "--glossary", str(glossary), cwd=tmp_path, env={"SOURCE_DATE_EPOCH": "0"})
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "OUT" / "ru" / "a.po").is_file()
    assert "POT-Creation-Date: 1970-01-01" in (tmp_path / "OUT" / "ru" / "a.po").read_text(encoding="utf-8")
    assert os.getcwd() == before_cwd
    assert dict(os.environ) == before_env


def test_an_escaping_exception_is_a_traceback_and_status_1(monkeypatch):
    """What the interpreter does with an uncaught exception, so 'no traceback' assertions keep biting."""
    def boom(*args, **kwargs):
        raise ZeroDivisionError("planted")

    monkeypatch.setattr("kztranslate.textio.read_text", boom)
    r = run_cli_inproc("segment", str(ARTICLE))
    assert r.returncode == 1
    assert "Traceback" in r.stderr and "ZeroDivisionError: planted" in r.stderr


def test_settings_read_at_import_are_refused(tmp_path):
    """argostranslate reads ARGOS_*/XDG_* once; in-process they would be ignored (and the real home
    written), so the runner says to use a real process instead."""
    import argostranslate.settings  # noqa: F401  (the state the runner guards against)

    with pytest.raises(RuntimeError, match="use run_cli"):
        run_cli_inproc("models", "list", env={"ARGOS_PACKAGES_DIR": str(tmp_path)})


def _msgstrs(po: Path) -> list[str]:
    return [e.msgstr for e in polib.pofile(str(po)) if e.msgid]


def test_no_model_or_translation_leaks_between_runs(tiny_models, tmp_path, monkeypatch):
    """Two different models with the same name@version (the translation cache's key) in two models
    folders: the second run translates with its own model, as a fresh process does."""
    from testkit import modelkit

    other_ct2 = modelkit.build_transformer(tmp_path / "ct2", modelkit.spm_pieces(tiny_models["spm"]), seed=99, layers=2, d_model=64, heads=4)
    other = modelkit.make_argosmodel(tmp_path / "translate-kk_en.argosmodel", other_ct2, tiny_models["spm"], "kk", "en")
    first, second = tmp_path / "models-a", tmp_path / "models-b"
    for folder, package in ((first, tiny_models["kk_en_argosmodel"]), (second, other)):
        folder.mkdir()
        monkeypatch.setenv("KZTRANSLATE_MODELS", str(folder))
        assert run_cli_inproc("models", "install", str(package)).returncode == 0

    def translate(runner, models: Path, out: Path) -> list[str]:
        r = runner("translate", str(ARTICLE), "--to", "en", "--out", str(out), env={"KZTRANSLATE_MODELS": str(models), "SOURCE_DATE_EPOCH": "0"})
        assert r.returncode == 0, r.stderr
        return _msgstrs(out / "en" / f"{ARTICLE.stem}.po")

    with_first = translate(run_cli_inproc, first, tmp_path / "out-a")
    with_second = translate(run_cli_inproc, second, tmp_path / "out-b")
    assert with_first != with_second  # the two models really differ
    assert with_second == translate(run_cli, second, tmp_path / "out-b-real")


def test_stdin_is_the_given_input_and_not_a_terminal(models_dir):
    """``input=`` feeds stdin as subprocess.run does: not a terminal, so a non-commercial model is
    refused without --accept-licence instead of prompting (models_cmd), in both runners alike."""
    args = ("models", "get", "nllb-200-600M")
    inproc, real = run_cli_inproc(*args, input="y\n"), run_cli(*args, input="y\n")
    assert_one_line_error(inproc, 2, "pass --accept-licence")
    assert (inproc.returncode, inproc.stdout, inproc.stderr) == (real.returncode, real.stdout, real.stderr)
    assert list(models_dir.iterdir()) == []
