"""Shared test fixtures. The whole session runs with the network blocked (see below)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "dknews-referendum-meeting.kk.txt"
EXAMPLES = ROOT / "examples" / "articles"


class NetworkBlocked(RuntimeError):
    pass


def _is_local(address) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    return isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1"))


_real_connect = socket.socket.connect
_real_create_connection = socket.create_connection


def _guarded_create_connection(address, *args, **kwargs):
    # Checked before name resolution; loopback (the tests' own HTTP server) stays allowed, as in the
    # subprocesses' tests/netblock/sitecustomize.py, so in-process and subprocess runs see one rule.
    if _is_local(address):
        return _real_create_connection(address, *args, **kwargs)
    raise NetworkBlocked(f"network access to {address!r} attempted during tests (kztranslate must work offline)")


def _guarded_connect(self, address, *args, **kwargs):
    # Local IPC (Unix sockets, loopback used by dask's LocalCluster) stays allowed.
    if self.family == socket.AF_UNIX:
        return _real_connect(self, address, *args, **kwargs)
    if _is_local(address):
        return _real_connect(self, address, *args, **kwargs)
    raise NetworkBlocked(f"network access to {address!r} attempted during tests")


def pytest_sessionstart(session):
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.create_connection = _guarded_create_connection  # type: ignore[assignment]
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


def reset_process_caches() -> None:
    """Forget what one CLI run leaves in module-level caches, so that an in-process run sees what a
    fresh ``python -m kztranslate`` would.

    Cleared: loaded models and the translation cache (keyed by ``name@version``, which two tiny
    models of different tests share), the translation-memory file cache and glossaries other than the
    repository's own (keyed by path and mtime: a file rewritten within one mtime tick would be stale).
    Also dropped: urllib's global opener, which reads the proxy variables once, on first use.
    Kept: the repository glossary (never written by a test) and the ``lru_cache`` tables, which are
    read from packaged data or are pure functions of their arguments.
    """
    from kztranslate.engine import ct2_engine
    from kztranslate.glossary import store
    from kztranslate.po import memory

    ct2_engine.clear_caches()
    urllib.request.install_opener(None)  # rebuilt, with this run's proxy variables, on next urlopen
    memory.clear_caches()
    store.clear_caches(keep=ROOT / "glossary" / "civic.tsv")


# Read once, when argostranslate.settings is imported: an in-process run cannot honour a new value
# (it would install into the real ~/.local/share instead), so run_cli_inproc refuses them.
IMPORT_TIME_ENV_PREFIXES = ("ARGOS_", "XDG_", "SNAP")


def _as_subprocess_text(data: bytes) -> str:
    """Decode captured output the way ``subprocess.run(text=True)`` does (locale encoding,
    universal newlines), so in-process and subprocess results compare alike."""
    import io
    import locale

    return io.TextIOWrapper(io.BytesIO(data), encoding=locale.getpreferredencoding(False)).read()


def run_cli_inproc(*args: str, cwd: Path | None = None, env: dict | None = None, input: str | None = None, timeout: float | None = None) -> subprocess.CompletedProcess:
    """Run the real CLI entry point :func:`kztranslate.cli.main` in this process (no interpreter start).

    Same signature and result as :func:`run_cli`: ``main`` maps errors to the one-line contract and
    calls ``sys.exit`` exactly as the console script does, so :func:`assert_one_line_error` tests the
    real mapping. click's ``CliRunner.isolation`` gives the run its own stdin (``input``), stdout and
    stderr (kept apart); ``cwd`` and the whole environment (``env`` on top, and whatever the command
    itself sets, e.g. ``--glossary``) are restored afterwards. An exception that escapes ``main``
    becomes what the interpreter would print: a traceback on stderr and status 1. ``timeout`` is
    accepted for signature parity and ignored (use :func:`run_cli` for runs that may hang).
    The network block is the session's (pytest_sessionstart below), which covers this process.
    """
    import traceback

    from click.testing import CliRunner

    from kztranslate.cli import main

    argv = [str(a) for a in args]
    read_at_import = sorted(k for k in env or () if k.startswith(IMPORT_TIME_ENV_PREFIXES))
    if read_at_import and "argostranslate.settings" in sys.modules:
        raise RuntimeError(f"{read_at_import} are read when argostranslate is imported: use run_cli (a fresh process) for this run")
    reset_process_caches()
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    code: int = 0
    try:
        os.chdir(cwd or ROOT)
        with CliRunner().isolation(input=input, env=env) as (out, err, _):
            try:
                main(argv)
            except SystemExit as exc:
                if exc.code is None or isinstance(exc.code, int):
                    code = int(exc.code or 0)
                else:  # sys.exit("message"): the interpreter prints it and exits 1
                    print(exc.code, file=sys.stderr)
                    code = 1
            except Exception:
                traceback.print_exc()
                code = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
            stdout, stderr = _as_subprocess_text(out.getvalue()), _as_subprocess_text(err.getvalue())
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(["kztranslate", *argv], code, stdout, stderr)


def wait_for(path: Path, proc: subprocess.Popen, seconds: float = 120) -> None:
    """Wait for a handshake file a child process creates (the ``KZTRANSLATE_TEST_PAUSE`` hook's
    ``paused``): fail at once if the child ends first; ``seconds`` only bounds a broken run."""
    import time

    deadline = time.monotonic() + seconds
    while not path.exists():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the command ended (exit {proc.returncode}) before reaching the pause: {err}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the command never reached the KZTRANSLATE_TEST_PAUSE point")
        time.sleep(0.05)


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
    """The CLI in-process (:func:`run_cli_inproc`): argument parsing, exit codes, messages, small runs."""
    return run_cli_inproc


@pytest.fixture
def cli_subprocess():
    """The CLI as a real process (:func:`run_cli`): for what only a process shows (signals, fds, a
    fresh interpreter, pipes, inherited environment)."""
    return run_cli


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory) -> dict:
    """Real (random-weight) models built once per session by testkit/modelkit.py (about a second).

    Keys: spm, kk_en_argosmodel, en_ru_argosmodel, kk_ru_argosmodel, kk_ru_nllb, kk_ru_marian.
    """
    from testkit.modelkit import build_tiny_models

    return build_tiny_models(tmp_path_factory.mktemp("tiny-models"))


@pytest.fixture
def models_dir(tmp_path, monkeypatch) -> Path:
    """An empty models directory, also exported as KZTRANSLATE_MODELS (inherited by the real CLI)."""
    root = tmp_path / "models"
    root.mkdir()
    monkeypatch.setenv("KZTRANSLATE_MODELS", str(root))
    return root
