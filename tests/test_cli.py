"""CLI-wide contracts: both entry points work, --help is fast because heavy libraries stay unimported.

The entry points and the import check run real processes (that is what they are about); the
argument and exit-code contracts run in-process through the same ``main`` (conftest.run_cli_inproc).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, assert_one_line_error, run_cli, run_cli_inproc

HEAVY = ("ctranslate2", "argostranslate", "sentencepiece", "dask", "pymorphy3", "translate", "rapidfuzz", "langdetect")


def test_help_lists_commands_and_exits_0():
    proc = run_cli("--help")
    assert proc.returncode == 0
    assert "segment" in proc.stdout


def test_installed_console_script(tmp_path):
    """The ``kztranslate`` script pip installed (pyproject's [project.scripts]) runs this checkout's
    ``main``: a version and a one-line usage error with exit 2, as a real process."""
    from importlib.metadata import entry_points

    import pytest

    [ep] = [e for e in entry_points(group="console_scripts") if e.name == "kztranslate"]
    assert ep.value == "kztranslate.cli:main"
    script = Path(sys.executable).parent / "kztranslate"
    if not script.is_file():
        pytest.skip(f"{script}: no installed console script beside this interpreter")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "tests" / "netblock") + os.pathsep + str(ROOT))
    from kztranslate import __version__

    proc = subprocess.run([str(script), "--version"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == f"kztranslate {__version__}", proc.stderr
    proc = subprocess.run([str(script), "models", "list", "--format", "xml"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert_one_line_error(proc, 2, "--format")


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

    proc = run_cli_inproc("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"kztranslate {__version__}"


def test_unknown_command_is_a_usage_error():
    proc = run_cli_inproc("no-such-command")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_usage_errors_are_one_line_exit_2(tmp_path):
    for args in (["models", "list", "--format", "xml"], ["segment"], ["no-such-command"], ["translate", str(tmp_path / "x.txt")]):
        proc = run_cli_inproc(*args)
        lines = proc.stderr.strip().splitlines()
        assert proc.returncode == 2, (args, proc.stderr)
        assert len(lines) == 1 and lines[0].startswith("kztranslate: error:"), (args, proc.stderr)
