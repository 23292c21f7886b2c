"""The suite must fail loudly on any hidden download: check that the block is really in place."""

import socket

import pytest



def test_socket_connect_is_blocked_in_session():
    with pytest.raises(Exception, match="network"):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.connect(("93.184.216.34", 80))
        finally:
            s.close()


def test_subprocesses_inherit_the_block(tmp_path):
    import subprocess
    import sys
    import os

    code = "import socket; s=socket.socket(); s.connect(('93.184.216.34', 80))"
    env = dict(os.environ)
    from tests.conftest import ROOT

    env["PYTHONPATH"] = str(ROOT / "tests" / "netblock")
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert "blocked" in proc.stderr


def test_in_process_cli_runs_are_blocked_too(tmp_path, models_dir):
    """The in-process runner (conftest.run_cli_inproc) has no sitecustomize: the session's own block
    must stop a download there, even with the proxy variables cleared."""
    import json

    from tests.conftest import run_cli_inproc

    cat = tmp_path / "catalog.json"
    model = {"name": "far-away", "kind": "nllb", "token_order": "hf", "languages": ["kk", "ru"], "licence": "MIT", "description": "", "files": [{"url": "http://93.184.216.34/model.bin"}]}
    cat.write_text(json.dumps({"format": 1, "models": [model]}), encoding="utf-8")
    r = run_cli_inproc("models", "get", "far-away", "--catalog", str(cat), "--accept-licence", env={"NO_PROXY": "*", "no_proxy": "*"})
    assert r.returncode == 1  # the block is loud: an uncaught NetworkBlocked, never a quiet fallback
    assert "NetworkBlocked: network access to ('93.184.216.34', 80) attempted during tests" in r.stderr, r.stderr
    assert json.loads(run_cli_inproc("models", "list", "--format", "json").stdout) == []
