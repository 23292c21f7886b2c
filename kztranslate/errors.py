"""One exception family for every failure a user can cause or fix.

Each error carries a one-line, user-facing message and the process exit code the CLI maps it to,
so that no command ever shows a traceback for bad input. Exit codes (documented in README.md):

* 0 - success
* 1 - some items failed (batch) or checks found errors (check)
* 2 - bad input or usage: missing/empty/undecodable file, not Kazakh, malformed PO, bad option
* 3 - no usable model: nothing installed for the requested route, broken model archive
* 4 - output cannot be written: unwritable or locked output folder, a PO file saved by someone
  else during the run (never overwritten), OUT deleted during the run
* 130 - interrupted (Ctrl-C)
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Every exit status the CLI uses (README's table): the only place they are written."""

    OK = 0
    PARTIAL = 1  # some items failed (batch) or checks found errors (check)
    INPUT = 2
    MODEL = 3
    OUTPUT = 4
    INTERRUPTED = 130


EXIT_INPUT = ExitCode.INPUT
EXIT_MODEL = ExitCode.MODEL
EXIT_OUTPUT = ExitCode.OUTPUT


class KzError(Exception):
    """Base class: ``str(err)`` is the one-line message shown to the user."""

    exit_code: int = EXIT_INPUT

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__


class InputError(KzError):
    """The input file or option is unusable (missing, empty, binary, undecodable, not Kazakh...)."""

    exit_code = EXIT_INPUT


class ModelError(KzError):
    """No model for the requested route, or a model that cannot be installed or loaded."""

    exit_code = EXIT_MODEL


class OutputError(KzError):
    """The output location cannot be written (permissions, lock held by another run)."""

    exit_code = EXIT_OUTPUT
