"""Paths derived from file content or options never leave their root.

A TMX file's ``xml:lang``, a ``--lang`` option and an article's slug all end up inside a path
(``OUT/.tm/<lang>.po``, ``OUT/<lang>/``, ``OUT/<slug>.pot``). Those values come from files we did
not write (a TMX from a translator, an archive folder) or from a command line a script built, so
each one is checked here before it becomes a path: no absolute part, no ``..`` component, no NUL,
and, after following the symlinks that already exist, still inside the root. (Other control
characters are legal in file names and cannot escape a root; where a name is shown in a PO file it
goes through :func:`kztranslate.textio.one_line`.)
One helper for every such path, so the rule cannot drift between commands.

:func:`check_out_tree` is the output-folder side of the same rule: a symlinked folder inside OUT
that leads elsewhere would let every ordinary write escape OUT, so ``translate`` and ``batch``
refuse to run on such an OUT (exit 4).
"""

from __future__ import annotations

import os
from pathlib import Path

from kztranslate.errors import InputError, OutputError


def _bad_component(part: str) -> str | None:
    """Why ``part`` (one path component) cannot be used, or None."""
    if part in ("", ".", ".."):
        return "a '.' or '..' component" if part else "an empty component"
    if "\0" in part:
        return "a NUL character"
    return None


def inside(root: str | os.PathLike[str], *parts: str, what: str = "path") -> Path:
    """``root/parts...``, or a one-line :class:`InputError` when it would leave ``root``.

    ``parts`` are relative paths that may contain ``/`` (nested slugs like ``2026/feb/x``);
    ``what`` names the value in the message (``TMX xml:lang``, ``--lang``, ``slug``).
    """
    root = Path(root)
    shown = "/".join(parts)
    for part in parts:
        if part.startswith(("/", "\\")) or os.path.isabs(part) or (len(part) > 1 and part[1] == ":"):
            raise InputError(f"{what} {shown!r} is an absolute path; refusing to write or read outside {root}")
        for component in part.replace("\\", "/").split("/"):
            reason = _bad_component(component)
            if reason:
                raise InputError(f"{what} {shown!r} contains {reason}; refusing to write or read outside {root}")
    path = root.joinpath(*parts)
    real_root = root.resolve()
    real = path.resolve()
    if real != real_root and real_root not in real.parents:
        raise InputError(f"{what} {shown!r} leads outside {root} (to {real}); refusing")
    return path


def check_out_tree(out: Path) -> None:
    """Refuse an OUT that is a file, or that holds a symlinked folder leading outside it (exit 4)."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder")
    if not out.exists():
        return
    real = out.resolve()
    for dirpath, dirnames, _ in os.walk(out, followlinks=False):
        for d in dirnames:
            p = Path(dirpath) / d
            if p.is_symlink():
                target = p.resolve()
                if target != real and real not in target.parents:
                    raise OutputError(f"{p}: symlinked folder inside the output folder points outside it; refusing to write through it")
