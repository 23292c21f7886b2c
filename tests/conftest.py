"""Shared test fixtures. The whole session runs with the network blocked (see below)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "dknews-referendum-meeting.kk.txt"
EXAMPLES = ROOT / "examples" / "articles"


class NetworkBlocked(RuntimeError):
    pass


def _blocked(*args, **kwargs):
    raise NetworkBlocked("network access attempted during tests (kztranslate must work offline)")


_real_connect = socket.socket.connect


def _guarded_connect(self, address, *args, **kwargs):
    # Local IPC (Unix sockets, loopback used by dask's LocalCluster) stays allowed.
    if self.family == socket.AF_UNIX:
        return _real_connect(self, address, *args, **kwargs)
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1")):
        return _real_connect(self, address, *args, **kwargs)
    raise NetworkBlocked(f"network access to {address!r} attempted during tests")


def pytest_sessionstart(session):
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.create_connection = _blocked  # type: ignore[assignment]
    # Subprocesses (the real CLI) inherit a proxy that points nowhere, and sitecustomize blocking.
    os.environ["KZTRANSLATE_BLOCK_NETWORK"] = "1"
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        os.environ[var] = "http://127.0.0.1:9"
    os.environ["NO_PROXY"] = ""


def needs_shared(path: Path = SHARED) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared material is only present in the project workspace)")
    return path


@pytest.fixture
def seed_text() -> str:
    from kztranslate.textio import read_text

    return read_text(needs_shared(SEED))


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, input: str | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run the real CLI (``python -m kztranslate``) in a subprocess with the network blocked."""
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = str(ROOT / "tests" / "netblock") + os.pathsep + str(ROOT)
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "kztranslate", *args],
        cwd=cwd or ROOT,
        env=full_env,
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def assert_one_line_error(r: subprocess.CompletedProcess, code: int, *needles: str, only_line: bool = True) -> str:
    """The error contract: exit ``code``, one ``kztranslate: error: ...`` line holding every needle,
    no traceback. ``only_line=False``: other stderr lines (notes, a licence notice) may come first."""
    assert r.returncode == code, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr, r.stderr
    lines = r.stderr.strip().splitlines()
    errors = [ln for ln in lines if ln.startswith("kztranslate: error: ")]
    assert len(errors) == 1 and (not only_line or len(lines) == 1), r.stderr
    for needle in needles:
        assert needle in errors[0], errors[0]
    return errors[0]


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory) -> dict:
    """Real (random-weight) models built once per session by tests/modelkit.py (about a second).

    Keys: spm, kk_en_argosmodel, en_ru_argosmodel, kk_ru_argosmodel, kk_ru_nllb, kk_ru_marian.
    """
    from tests.modelkit import build_tiny_models

    return build_tiny_models(tmp_path_factory.mktemp("tiny-models"))


@pytest.fixture
def models_dir(tmp_path, monkeypatch) -> Path:
    """An empty models directory, also exported as KZTRANSLATE_MODELS (inherited by the real CLI)."""
    root = tmp_path / "models"
    root.mkdir()
    monkeypatch.setenv("KZTRANSLATE_MODELS", str(root))
    return root
