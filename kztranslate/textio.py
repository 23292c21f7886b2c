"""Read any article file into normalised text, and write files atomically.

Every command reads through :func:`read_text`, so encoding detection and error messages are the
same everywhere. Newsroom archives hold UTF-8 (with or without BOM), UTF-16 exports from Word, and
legacy single-byte files. For Kazakh those are mostly KZ-1048 (Python's ``kz1048``): cp1251 cannot
hold ә ғ қ ң ө ұ ү һ і, so a legacy file that decodes "fine" as cp1251 may still be KZ-1048. We let
charset-normalizer propose Cyrillic code pages and then choose among the candidates with a
Kazakh-aware plausibility score (share of letters, spaces and news punctuation).

Offsets used everywhere else (segments, glossary matches, detection) are code-point offsets into the
text returned here: BOM removed, CRLF and CR turned into LF, the other line breaks (VT, FF, NEL,
U+2028, U+2029) into LF one for one, and any other control character into one space; nothing else
is changed, so every character after the line-ending normalisation keeps its offset.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Callable, Optional

from kztranslate.errors import InputError, OutputError

# Legacy code pages tried for non-UTF files, in order of preference on a tie.
LEGACY_ENCODINGS = ("kz1048", "cp1251", "koi8_r", "koi8_u", "mac_cyrillic", "cp866")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_EXTRA_OK = set("«»„“”‘’—–…№°§€₸•")
_KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
MIN_PLAUSIBILITY = 0.97


def one_line(text: str) -> str:
    """``text`` with every control, line- or paragraph-separator character replaced by ``?`` (as ``ls`` shows them).

    For values that must stay on one line of a PO file (``#:`` references, header fields, flags): a
    newline in an article's file name would otherwise start a new, invalid line that msgfmt rejects.
    """
    if text.isprintable():
        return text
    return "".join("?" if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)


# Characters that end a line in someone's editor: vertical tab (Word's manual line break), form feed,
# NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR. Each becomes one LF, so offsets keep counting one per character.
_LINE_BREAKS = str.maketrans(dict.fromkeys("\v\f\x85\u2028\u2029", "\n"))


def normalise_newlines(text: str) -> str:
    """Turn CRLF and CR into LF, then every other line-break character (VT, FF, NEL, LS, PS) into LF, one for one."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS)


def replace_controls(text: str) -> str:
    """Replace each control character other than LF and TAB by one space: offsets never shift.

    (Deleting them, as earlier versions did, moved every later offset and glued the words around them.)
    """
    if not any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text):
        return text
    return "".join(" " if unicodedata.category(ch) == "Cc" and ch not in "\n\t" else ch for ch in text)


def plausibility(text: str) -> float:
    """Share of characters that belong in Cyrillic/Latin news text, with a bonus for Kazakh letters.

    Mis-decoded legacy text shows up as box drawing, Serbian/Macedonian letters (Ђ Љ Њ Ћ Џ), control
    characters or symbols; correctly decoded Kazakh shows ә ғ қ ... . The bonus breaks the frequent
    tie between kz1048 and cp1251 in favour of the decoding that produces Kazakh letters. KOI8 text
    read as a Windows code page is all Cyrillic letters too, but with the case inverted, so an
    upper-case letter right after a lower-case one inside a word counts as implausible.
    """
    if not text:
        return 0.0
    good = 0
    kazakh = 0
    prev = ""
    for ch in text:
        lower_then_upper = prev.islower() and ch.isupper()
        prev = ch
        if lower_then_upper:
            continue
        if ch in _KAZAKH_LETTERS:
            kazakh += 1
            good += 1
        elif ch.isascii():
            good += ch.isprintable() or ch in "\n\t"
        elif ch in _EXTRA_OK:
            good += 1
        elif "\u0410" <= ch <= "\u044f" or ch in "ЁёЎўЄєЇї":
            good += 1
    return good / len(text) + min(kazakh, 50) * 1e-4


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    controls = sum(1 for b in data[:4096] if b < 32 and b not in (9, 10, 11, 12, 13))
    return controls > max(2, len(data[:4096]) // 100)


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode raw file bytes; return ``(text, encoding)`` or raise :class:`InputError`."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff"), encoding
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: cannot decode as {encoding} despite its byte-order mark ({exc.reason})") from None
    if _looks_binary(data):
        raise InputError(f"{name}: binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: list[str] = []
    try:
        from charset_normalizer import from_bytes

        for match in from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)):
            if match.encoding not in candidates:
                candidates.append(match.encoding)
    except Exception:  # charset-normalizer is a helper here, never a reason to fail
        pass
    for encoding in LEGACY_ENCODINGS:
        if encoding not in candidates:
            candidates.append(encoding)
    best: tuple[float, int, str, str] | None = None
    for rank, encoding in enumerate(candidates):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        score = plausibility(text)
        preference = -LEGACY_ENCODINGS.index(encoding) if encoding in LEGACY_ENCODINGS else -len(LEGACY_ENCODINGS) - rank
        key = (score, preference, encoding, text)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is None or best[0] < MIN_PLAUSIBILITY:
        raise InputError(f"{name}: cannot decode: not UTF-8/UTF-16 and no Cyrillic code page (KZ-1048, cp1251, KOI8) fits")
    return best[3], best[2]


def read_text(path: str | os.PathLike[str]) -> str:
    """Read an article file into normalised text (see module docstring), or raise :class:`InputError`."""
    text, _ = read_text_with_encoding(path)
    return text


def read_bytes(path: str | os.PathLike[str], what: str = "file") -> bytes:
    """The bytes of a regular file, or a one-line :class:`InputError` (missing, directory, unreadable).

    ``what`` names the expected kind in the message ("a directory, not a PO file").
    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a {what}")
    if not p.is_file():
        raise InputError(f"{p}: not a regular file")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None


def normalise_text(text: str) -> str:
    """What every reader does to decoded text (a BOM dropped, line breaks to LF, controls to spaces):
    the text that offsets point into, for a string given directly (the Python API)."""
    return replace_controls(normalise_newlines(text.lstrip("\ufeff")))


def read_text_with_encoding(path: str | os.PathLike[str]) -> tuple[str, str]:
    """Like :func:`read_text`, also returning the detected encoding (for reports)."""
    p = Path(path)
    data = read_bytes(p)
    if not data.strip():
        raise InputError(f"{p}: empty file")
    text, encoding = decode_bytes(data, str(p))
    text = normalise_text(text)
    if not text.strip():
        raise InputError(f"{p}: empty file")
    return text, encoding


# Temporary names of our own writes: atomic_write's ``.NAME.kzt-XXXXXXXX.tmp`` (and, from earlier
# versions, ``.NAME.XXXXXXXX.tmp`` for the file kinds we write into OUT) and the pipeline's write probes.
# Sweeps remove only these, never a user's ``.draft.tmp``.
TEMP_MARK = ".kzt-"
PROBE_PREFIX = ".kztranslate-probe."
_OWN_TEMP = re.compile(r"^\..+\.kzt-[a-z0-9_]{8}\.tmp$|^\..+\.(?:po|pot|json)\.[a-z0-9_]{8}\.tmp$|^\.kztranslate-probe\.[a-z0-9_]{8}$")


def is_own_temp(name: str) -> bool:
    """True for a file name that only :func:`atomic_write` or the pipeline's write probe creates."""
    return bool(_OWN_TEMP.match(name))


def sweep_temp_files(folder: str | os.PathLike[str]) -> int:
    """Remove the temporary files of our writes cut short by a kill (see :func:`is_own_temp`) under ``folder``.

    Call it only while holding the folder's lock (:mod:`kztranslate.outlock`), so that no writer of
    ours is using them; files of any other name are never touched. Returns how many were removed.
    """
    removed = 0
    for dirpath, _, filenames in os.walk(folder, followlinks=False):
        for name in filenames:
            if is_own_temp(name):
                try:
                    os.unlink(os.path.join(dirpath, name))
                    removed += 1
                except OSError:
                    pass
    return removed


def atomic_write(path: str | os.PathLike[str], data: str | bytes, *, encoding: str = "utf-8", guard: Callable[[], None] | None = None, parents: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one, never a part.

    The data goes to a temporary file in the same folder, is flushed and fsynced, then renamed over
    the target (``os.replace`` is atomic on POSIX and Windows). Any failure leaves the old file intact
    and raises :class:`OutputError` with a one-line reason. ``guard`` runs right before the rename and
    may raise a :class:`KzError` to cancel it (the optimistic-concurrency check of PO writes, see
    :func:`ensure_unchanged`): the temporary file is removed and the target is not touched.
    ``parents=False``: the folder must already exist (a caller that created it under checks of its
    own, such as the pipeline keeping a deleted OUT deleted, must not have it recreated here).
    """
    p = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    try:
        if parents:
            p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}{TEMP_MARK}", suffix=".tmp", dir=p.parent)
    except OSError as exc:
        raise OutputError(f"{p.parent}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if p.exists():
            try:
                os.chmod(tmp, p.stat().st_mode & 0o777)
            except OSError:
                pass
        else:
            os.chmod(tmp, 0o644)
        if guard is not None:
            guard()
        os.replace(tmp, p)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"{p}: cannot write ({exc.strerror or exc})") from None
        raise


# ----------------------------------------------------------------------------------------------
# optimistic concurrency: never replace a file someone saved after we read it


FileIdentity = Optional[tuple[int, int, int, int]]


def file_identity(path: str | os.PathLike[str]) -> FileIdentity:
    """What identifies the version of ``path`` we read: (device, inode, size, mtime in ns); None if absent.

    An editor's save changes at least one of these (a rename-over gives a new inode, an in-place
    write a new mtime and usually a new size), so a changed identity means "someone saved".
    """
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def ensure_unchanged(path: str | os.PathLike[str], identity: FileIdentity) -> None:
    """Raise a one-line :class:`OutputError` naming ``path`` when it changed since ``identity`` was taken.

    Used as :func:`atomic_write`'s ``guard`` by every PO write of ``translate``/``batch``, so that a
    reviewer's save made while the model was decoding is never overwritten.
    """
    if file_identity(path) != identity:
        raise OutputError(f"{path}: changed on disk while kztranslate was working (saved in an editor?); not overwritten, your save is kept: run the command again to merge it")


# ----------------------------------------------------------------------------------------------
# `-o PATH` of every command


def write_output(path: str | os.PathLike[str], data: str | bytes, *, encoding: str = "utf-8") -> None:
    """Write a command's output to ``-o PATH``, doing the right thing for what PATH is.

    * ``-``: standard output;
    * a FIFO, character or block device, or socket: streamed into it (opened for writing, never
      replaced: ``-o /dev/null`` must not turn the system's /dev/null into a regular file);
    * a symlink: written through to its final target (atomically, at the target), so the link stays
      a link; a dangling link creates its target;
    * a folder: a one-line error;
    * anything else (a regular file, or nothing yet): :func:`atomic_write`.
    """
    payload = data.encode(encoding) if isinstance(data, str) else data
    if str(path) == "-":
        try:
            sys.stdout.flush()
            sys.stdout.buffer.write(payload)
            sys.stdout.buffer.flush()
        except OSError as exc:
            raise OutputError(f"standard output: cannot write ({exc.strerror or exc})") from None
        return
    p = Path(path)
    if p.is_symlink():
        p = Path(os.path.realpath(p))
    try:
        mode = os.stat(p).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"{path}: is a directory")
    if mode is not None and not stat.S_ISREG(mode):
        try:
            fd = os.open(p, os.O_WRONLY)
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
        return
    atomic_write(p, payload)
