"""Real editor: generated PO files open in Poedit (under Xvfb) without an error dialog.

scripts/poedit_check.sh starts Poedit on a virtual display, lists the visible windows and saves a
screenshot (kept in ``artifacts/`` for a human to look at). A broken file is the control: Poedit
shows an "Invalid file" error window for it, so the check can fail. Skips when Poedit, Xvfb,
xdotool or ImageMagick are absent (.ci/run installs them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

SCRIPT = ROOT / "scripts" / "poedit_check.sh"
ARTIFACTS = Path(os.environ.get("KZTRANSLATE_ARTIFACTS", ROOT / "artifacts"))
TOOLS = ("poedit", "xvfb-run", "xdotool", "import")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(any(shutil.which(t) is None for t in TOOLS), reason=f"needs {', '.join(TOOLS)} (apt-get install poedit xvfb xdotool imagemagick)"),
]


def poedit(po: Path, shot: Path) -> subprocess.CompletedProcess:
    shot.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.run([str(SCRIPT), str(po), str(shot)], capture_output=True, text=True, timeout=120)


def test_generated_po_opens_in_poedit(cli, tmp_path, models_dir):
    out = tmp_path / "locales"
    src = EXAMPLES / "maslikhat-budget-session.txt"
    assert cli("translate", str(src), "--to", "ru", "--out", str(out)).returncode == 0
    results = {
        "generated": poedit(out / "ru" / f"{src.stem}.po", ARTIFACTS / "poedit-generated-ru.png"),
        "reviewed": poedit(ROOT / "locales" / "en" / "mazhilis-election-law.po", ARTIFACTS / "poedit-reviewed-en.png"),
    }
    for name, r in results.items():
        assert r.returncode == 0, (name, r.stdout, r.stderr)
        assert r.stdout.strip().endswith("- Poedit"), r.stdout
    assert (ARTIFACTS / "poedit-generated-ru.png").stat().st_size > 1000


def test_control_broken_file_shows_an_error(tmp_path):
    bad = tmp_path / "bad.po"
    bad.write_bytes(b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "\xff\xfe\xc3"\n')
    r = poedit(bad, tmp_path / "bad.png")
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert "Invalid file" in r.stdout or "Error" in r.stdout
