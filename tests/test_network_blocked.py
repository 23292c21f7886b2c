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
