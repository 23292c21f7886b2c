"""The one file reader: encodings, BOMs, line endings, and one-line errors for bad files."""

from __future__ import annotations

import codecs
import os

import pytest

from kztranslate.errors import InputError, OutputError
from kztranslate.textio import atomic_write, read_text, read_text_with_encoding

KK = "Қазақстан Республикасының Конституциясы.\nМәжіліс пен Сенат, әкімдік, ұлттық үкімет, һәм іс."
RU = "Конституция Республики Казахстан принята на референдуме.\nЭто основной закон страны."


@pytest.mark.parametrize(
    "raw",
    [
        KK.encode("utf-8"),
        codecs.BOM_UTF8 + KK.encode("utf-8"),
        KK.encode("utf-16"),  # with BOM
        codecs.BOM_UTF16_BE + KK.encode("utf-16-be"),
        KK.encode("kz1048"),
        KK.replace("\n", "\r\n").encode("utf-8"),
        KK.replace("\n", "\r").encode("kz1048"),
    ],
)
def test_kazakh_in_every_supported_encoding(tmp_path, raw):
    p = tmp_path / "a.txt"
    p.write_bytes(raw)
    assert read_text(p) == KK


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "koi8_u", "mac_cyrillic"])
def test_russian_legacy_code_pages(tmp_path, encoding):
    p = tmp_path / "r.txt"
    p.write_bytes(RU.encode(encoding))
    assert read_text(p) == RU


def test_kz1048_is_chosen_over_cp1251_for_kazakh_letters(tmp_path):
    p = tmp_path / "k.txt"
    p.write_bytes(KK.encode("kz1048"))
    text, enc = read_text_with_encoding(p)
    assert enc == "kz1048" and "ә" in text and "қ" in text


@pytest.mark.parametrize(
    "setup,reason",
    [
        (lambda p: None, "no such file"),
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: p.write_bytes(b""), "empty file"),
        (lambda p: p.write_bytes(b"  \n\n\t "), "empty file"),
        (lambda p: p.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" * 20), "binary"),
        (lambda p: p.write_bytes(bytes(range(128, 256)) * 4), "cannot decode"),
    ],
)
def test_bad_files_raise_one_line_errors(tmp_path, setup, reason):
    p = tmp_path / "bad.txt"
    setup(p)
    with pytest.raises(InputError) as info:
        read_text(p)
    msg = info.value.message
    assert reason in msg and str(p) in msg and "\n" not in msg
    assert info.value.exit_code == 2


def test_atomic_write_replaces_whole_file_and_leaves_no_temp(tmp_path):
    p = tmp_path / "sub" / "out.txt"
    atomic_write(p, "бірінші")
    atomic_write(p, "екінші")
    assert p.read_text("utf-8") == "екінші"
    assert os.listdir(p.parent) == ["out.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_atomic_write_to_readonly_dir_fails_cleanly(tmp_path):
    d = tmp_path / "ro"
    d.mkdir()
    (d / "keep.txt").write_text("old")
    d.chmod(0o500)
    try:
        with pytest.raises(OutputError):
            atomic_write(d / "keep.txt", "new")
        assert (d / "keep.txt").read_text() == "old"
    finally:
        d.chmod(0o700)


def test_cli_bad_files_exit_2_without_traceback(tmp_path, cli):
    cases = [tmp_path / "missing.txt", tmp_path]
    (tmp_path / "empty.txt").write_bytes(b"")
    cases.append(tmp_path / "empty.txt")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 50)
    cases.append(tmp_path / "bin.txt")
    for path in cases:
        proc = cli("segment", str(path))
        assert proc.returncode == 2, (path, proc.stderr)
        assert "Traceback" not in proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("kztranslate: error:") and str(path) in lines[0]
