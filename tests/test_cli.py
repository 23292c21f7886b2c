"""CLI-wide contracts: both entry points work, --help is fast because heavy libraries stay unimported."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT, run_cli

HEAVY = ("ctranslate2", "argostranslate", "sentencepiece", "dask", "pymorphy3", "translate", "rapidfuzz", "langdetect")


def test_help_lists_commands_and_exits_0():
    proc = run_cli("--help")
    assert proc.returncode == 0
    assert "segment" in proc.stdout


def test_help_imports_no_heavy_library():
    code = (
        "import sys\n"
        "from kztranslate.cli import app, main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_version_option():
    from kztranslate import __version__

    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"kztranslate {__version__}"


def test_unknown_command_is_a_usage_error():
    proc = run_cli("no-such-command")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_usage_errors_are_one_line_exit_2(tmp_path):
    for args in (["models", "list", "--format", "xml"], ["segment"], ["no-such-command"], ["translate", str(tmp_path / "x.txt")]):
        proc = run_cli(*args)
        lines = proc.stderr.strip().splitlines()
        assert proc.returncode == 2, (args, proc.stderr)
        assert len(lines) == 1 and lines[0].startswith("kztranslate: error:"), (args, proc.stderr)
