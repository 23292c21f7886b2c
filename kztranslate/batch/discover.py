"""Find the articles under a folder, safely.

The rule (documented in README.md, "Batch processing"): every regular file under DIR whose name
ends in ``.txt`` (any case) is an article; its slug is its path relative to DIR, with ``/``
separators and without the extension, so the output tree mirrors the input tree. Hidden files and
folders (name starting with ``.``) and the output folder itself (when it lies inside DIR) are not
searched. Markdown is deliberately not picked up: the pipeline reads plain text, so ``#``, ``**``
and link syntax would reach the translation model as words and come back mangled.

Why so careful: an archive folder is not under our control. A symlink can point at ``/etc`` or at
another archive, a FIFO would block ``read()`` for ever, a device file could be endless. So
symlinks whose target leaves DIR, dangling symlinks and anything that is not a regular file are
*ignored and reported*, never read. Symlinked folders are not descended into (a symlinked folder
inside DIR would list the same articles twice; one leaving DIR is reported). Two names that differ
only in the case of the extension (``a.txt``, ``a.TXT``) would share a slug: the first in sorted
order is kept and the other reported.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from kztranslate.errors import InputError

ARTICLE_SUFFIXES = (".txt",)  # order = precedence on a slug clash


@dataclass(frozen=True)
class Article:
    """One article file found under DIR. ``rel`` is the POSIX path relative to DIR."""

    path: Path
    rel: str
    slug: str


@dataclass(frozen=True)
class Ignored:
    """A path that looked like an article but was not read, and why."""

    path: str
    reason: str

    def as_dict(self) -> dict:
        return {"path": self.path, "reason": self.reason}


@dataclass
class Discovery:
    articles: list[Article]
    ignored: list[Ignored]


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def _resolve(path: Path) -> Path | None:
    """Where a symlink leads, or None for a loop (Python < 3.13 raises RuntimeError for one)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return None


def _suffix(name: str) -> str | None:
    lower = name.lower()
    for suffix in ARTICLE_SUFFIXES:
        if lower.endswith(suffix) and len(name) > len(suffix):
            return suffix
    return None


def discover(root: Path, out: Path | None = None) -> Discovery:
    """Walk ``root`` and return the articles (sorted by slug) and the ignored paths."""
    root = Path(root)
    if not root.exists():
        raise InputError(f"{root}: no such folder")
    if not root.is_dir():
        raise InputError(f"{root}: not a folder (batch translates a folder tree)")
    real_root = root.resolve()
    real_out = Path(out).resolve() if out is not None else None
    found: dict[str, Article] = {}
    ignored: list[Ignored] = []

    def rel_of(p: Path) -> str:
        return p.relative_to(root).as_posix()

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=lambda e: ignored.append(Ignored(str(e.filename), f"cannot list ({e.strerror})"))):
        here = Path(dirpath)
        keep = []
        for d in sorted(dirnames):
            p = here / d
            if d.startswith("."):
                continue
            if p.is_symlink():
                target = _resolve(p)
                if target is None:
                    ignored.append(Ignored(rel_of(p), "symlink loop"))
                    continue
                if not _inside(target, real_root):
                    ignored.append(Ignored(rel_of(p), "symlink leaves the input folder"))
                continue  # symlinked folders inside DIR: their articles are found at the real path
            if real_out is not None and p.resolve() == real_out:
                continue
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            suffix = _suffix(name)
            if suffix is None or name.startswith("."):
                continue
            p = here / name
            rel = rel_of(p)
            try:
                st = os.lstat(p)
                if stat.S_ISLNK(st.st_mode):
                    target = _resolve(p)
                    if target is None:
                        ignored.append(Ignored(rel, "symlink loop"))
                        continue
                    if not _inside(target, real_root):
                        ignored.append(Ignored(rel, "symlink leaves the input folder"))
                        continue
                    st = os.stat(p)
            except OSError as exc:
                ignored.append(Ignored(rel, f"cannot read ({exc.strerror or exc})"))
                continue
            if not stat.S_ISREG(st.st_mode):
                ignored.append(Ignored(rel, "not a regular file"))
                continue
            slug = rel[: -len(suffix)]
            other = found.get(slug)
            if other is not None:
                # .txt wins over .md whatever order the walk met them in.
                if ARTICLE_SUFFIXES.index(_suffix(other.rel) or suffix) <= ARTICLE_SUFFIXES.index(suffix):
                    ignored.append(Ignored(rel, f"same slug as {other.rel}"))
                    continue
                ignored.append(Ignored(other.rel, f"same slug as {rel}"))
            found[slug] = Article(path=p, rel=rel, slug=slug)
    ignored.sort(key=lambda i: i.path)
    return Discovery(articles=[found[s] for s in sorted(found)], ignored=ignored)
