"""The typer application every command module registers on, and the helpers they share.

Its own module so that command modules import it from here and ``kztranslate.cli`` imports the
command modules: imports point one way, no cycle.
"""

from __future__ import annotations

import typer

from kztranslate.cli.options import Format, KzTyper
from kztranslate.errors import ExitCode

# add_completion: `kztranslate --install-completion` installs shell completion (bash, zsh, fish, PowerShell).
app = KzTyper(
    name="kztranslate",
    help="Offline translation and localization toolkit for Kazakh news (kk -> ru, en) with gettext PO review.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from kztranslate import __version__

        typer.echo(f"kztranslate {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Offline translation and localization toolkit for Kazakh news (kk -> ru, en) with gettext PO review."""


TextOrJson = Format  # the --format values (kztranslate.cli.options); the old name stays for imports


def fail(message: str, code: int = ExitCode.INPUT) -> "typer.Exit":
    """Print a one-line error to stderr and return the Exit to raise (for option checks in commands)."""
    typer.echo(f"kztranslate: error: {message}", err=True)
    return typer.Exit(code)
