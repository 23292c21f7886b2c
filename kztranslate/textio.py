"""Read any article file into normalised text, and write files atomically.

Every command reads through :func:`read_text`, so encoding detection and error messages are the
same everywhere. Newsroom archives hold UTF-8 (with or without BOM), UTF-16 exports from Word, and
legacy single-byte files. For Kazakh those are mostly KZ-1048 (Python's ``kz1048``): cp1251 cannot
hold ә ғ қ ң ө ұ ү һ і, so a legacy file that decodes "fine" as cp1251 may still be KZ-1048. We let
charset-normalizer propose Cyrillic code pages and then choose among the candidates with a
Kazakh-aware plausibility score (share of letters, spaces and news punctuation).

Offsets used everywhere else (segments, glossary matches, detection) are code-point offsets into the
text returned here: BOM removed, CRLF and CR turned into LF; nothing else is changed.
"""

from __future__ import annotations

import codecs
import os
import tempfile
import unicodedata
from pathlib import Path

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


def normalise_newlines(text: str) -> str:
    """Turn Windows (CRLF) and old Mac (CR) line endings into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
    controls = sum(1 for b in data[:4096] if b < 32 and b not in (9, 10, 12, 13))
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


def read_text_with_encoding(path: str | os.PathLike[str]) -> tuple[str, str]:
    """Like :func:`read_text`, also returning the detected encoding (for reports)."""
    p = Path(path)
    data = read_bytes(p)
    if not data.strip():
        raise InputError(f"{p}: empty file")
    text, encoding = decode_bytes(data, str(p))
    text = normalise_newlines(text)
    if not text.strip():
        raise InputError(f"{p}: empty file")
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t\f" for ch in text):
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc" or ch in "\n\t\f")
    return text, encoding


def atomic_write(path: str | os.PathLike[str], data: str | bytes, *, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one, never a part.

    The data goes to a temporary file in the same folder, is flushed and fsynced, then renamed over
    the target (``os.replace`` is atomic on POSIX and Windows). Any failure leaves the old file intact
    and raises :class:`OutputError` with a one-line reason.
    """
    p = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
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
        os.replace(tmp, p)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise OutputError(f"{p}: cannot write ({exc.strerror or exc})") from None
