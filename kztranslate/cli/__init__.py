"""The ``kztranslate`` command line: typer commands only, no logic.

Each command group lives in its own module (``segment_cmd``, ``models_cmd``, ...) and registers its
commands on :data:`app` when imported below. Command modules import heavy libraries (ctranslate2,
argostranslate) inside the command functions, so ``kztranslate --help`` stays fast.

:func:`main` maps every :class:`~kztranslate.errors.KzError` to its one-line message on stderr and
its exit code; nothing a user can cause ends in a traceback.
"""

from __future__ import annotations

import sys

import typer

from kztranslate.errors import ExitCode, KzError

from kztranslate.cli.app import TextOrJson, app, fail  # noqa: F401  (re-exported: the public CLI objects)

# Command modules register themselves on `app`; keep these imports light.
from kztranslate.cli import segment_cmd  # noqa: E402,F401
from kztranslate.cli import translate_cmd  # noqa: E402,F401
from kztranslate.cli import batch_cmd  # noqa: E402,F401
from kztranslate.cli import models_cmd  # noqa: E402,F401
from kztranslate.cli import glossary_cmd  # noqa: E402,F401
from kztranslate.cli import review_cmd  # noqa: E402,F401
from kztranslate.cli import detect_cmd  # noqa: E402,F401
from kztranslate.cli import eval_cmd  # noqa: E402,F401


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: every failure a user can cause ends in one line on stderr."""
    try:
        code = app(args=argv, prog_name="kztranslate", standalone_mode=False)
    except KzError as exc:
        typer.echo(f"kztranslate: error: {exc.message}", err=True)
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, typer.Abort):
        typer.echo("kztranslate: interrupted", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except typer.TyperException as exc:  # usage errors: bad option value, missing argument, unknown command
        message = " ".join(exc.format_message().split()) if hasattr(exc, "format_message") else str(exc)
        ctx = getattr(exc, "ctx", None)
        hint = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
        if message:  # no message: the help was printed (a bare `kztranslate`)
            typer.echo(f"kztranslate: error: {message}{hint}", err=True)
        sys.exit(getattr(exc, "exit_code", ExitCode.INPUT))
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(ExitCode.OK)
    except OSError as exc:  # a full disk or a failing device under stdout (`> /dev/full`), a quota
        _silence_stdout()
        where = exc.filename or "standard output"
        typer.echo(f"kztranslate: error: cannot write {where}: {exc.strerror or exc}", err=True)
        sys.exit(ExitCode.OUTPUT)
    if code == ExitCode.INTERRUPTED:  # typer turns Ctrl-C inside a command into a silent Exit(130)
        typer.echo("kztranslate: interrupted", err=True)
    try:
        sys.stdout.flush()  # what is still buffered fails here, not in the interpreter's shutdown
    except BrokenPipeError:
        _silence_stdout()
    except OSError as exc:
        _silence_stdout()
        typer.echo(f"kztranslate: error: cannot write standard output: {exc.strerror or exc}", err=True)
        sys.exit(ExitCode.OUTPUT)
    sys.exit(code if isinstance(code, int) else ExitCode.OK)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush of what could not be written does
    not print "Exception ignored ... BrokenPipeError" after our one line."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
