"""What a plain install brings but the product never loads (docs/install.md), proved on real processes.

argos-translate-lt depends on minisbd, which depends on onnxruntime (about 78 MB): they serve
argostranslate's own sentence splitter, which kztranslate never runs. `tokenizers` (with
huggingface_hub and hf-xet) is the optional ``hf`` extra. A whole real job (install an
.argosmodel, translate an article, check, build) must run with all of them absent.
"""

from __future__ import annotations

import pytest

from tests.conftest import ROOT, run_cli

pytestmark = pytest.mark.slow
NEVER_LOADED = "onnxruntime,minisbd,tokenizers,huggingface_hub,hf_xet"


def test_real_job_runs_without_the_packages_it_never_loads(tiny_models, models_dir, tmp_path):
    env = {"KZTRANSLATE_TEST_ABSENT": NEVER_LOADED}
    probe = run_cli("--help", env=env)
    assert probe.returncode == 0, probe.stderr
    r = run_cli("models", "install", str(tiny_models["kk_en_argosmodel"]), env=env)
    assert r.returncode == 0, r.stderr
    article = ROOT / "examples" / "articles" / "mazhilis-election-law.txt"
    out = tmp_path / "locales"
    r = run_cli("translate", str(article), "--to", "en", "--out", str(out), env=env)
    assert r.returncode == 0, r.stderr
    po = next(out.glob("en/*.po"))
    assert "#, fuzzy" in po.read_text("utf-8")  # machine translations really made
    r = run_cli("build", str(po), env=env)
    assert r.returncode == 0 and r.stdout.strip(), r.stderr


def test_the_absent_switch_really_hides_a_module(tmp_path):
    """The switch the test above relies on: an absent module cannot be imported in the child."""
    import subprocess
    import sys


    env = {"PYTHONPATH": str(ROOT / "tests" / "netblock"), "KZTRANSLATE_TEST_ABSENT": "onnxruntime"}
    code = "import sys\ntry:\n    import onnxruntime\nexcept ImportError:\n    sys.exit(7)\n"
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert r.returncode == 7, r.stderr
