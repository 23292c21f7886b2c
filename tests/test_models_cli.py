"""End to end: `kztranslate models ...` through the real CLI on real (tiny, test-built) models.

Every bad input must give a one-line error, the documented exit code, and leave the models
directory exactly as it was (no half-installed package, no staging folder left behind).
"""

from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

from tests.conftest import assert_one_line_error

pytestmark = pytest.mark.slow


def listing(root: Path) -> list[str]:
    """Everything in the models directory, hidden staging folders included."""
    return sorted(p.name for p in root.iterdir())


def models_json(cli) -> list[dict]:
    r = cli("models", "list", "--format", "json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_install_list_remove_argosmodel(cli, tiny_models, models_dir):
    r = cli("models", "install", str(tiny_models["kk_en_argosmodel"]))
    assert r.returncode == 0, r.stderr
    assert "translate-kk_en-1_0" in r.stdout
    [m] = models_json(cli)
    assert (m["name"], m["kind"], m["source"], m["target"], m["version"]) == ("translate-kk_en-1_0", "argos", "kk", "en", "1.0")
    text = cli("models", "list")
    assert text.returncode == 0 and "kk→en" in text.stdout and "argos" in text.stdout
    assert listing(models_dir) == ["translate-kk_en-1_0"]

    again = cli("models", "install", str(tiny_models["kk_en_argosmodel"]))
    assert_one_line_error(again, 2, "already installed")

    gone = cli("models", "remove", "translate-kk_en-1_0")
    assert gone.returncode == 0, gone.stderr
    assert models_json(cli) == []
    assert listing(models_dir) == []


def test_import_nllb_and_marian_folders(cli, tiny_models, models_dir):
    r = cli("models", "import", str(tiny_models["kk_ru_nllb"]), "--from", "kk", "--to", "ru")
    assert r.returncode == 0, r.stderr
    r = cli("models", "import", str(tiny_models["kk_ru_marian"]), "--from", "kk", "--to", "ru", "--kind", "marian", "--name", "opus-kk-ru")
    assert r.returncode == 0, r.stderr
    by_name = {m["name"]: m for m in models_json(cli)}
    assert by_name["nllb-kk_ru-nllb-tiny"]["kind"] == "nllb"
    assert by_name["opus-kk-ru"]["kind"] == "marian"
    nllb = json.loads((models_dir / "nllb-kk_ru-nllb-tiny" / "kztranslate.json").read_text())
    # Format 2: one multilingual registration, the language tokens its vocabulary holds, the token order.
    assert nllb["format"] == 2 and nllb["languages"] == ["kk", "ru", "en"]
    assert nllb["language_tokens"] == {"kk": "kaz_Cyrl", "ru": "rus_Cyrl", "en": "eng_Latn"} and nllb["token_order"] == "hf"
    marian = json.loads((models_dir / "opus-kk-ru" / "kztranslate.json").read_text())
    assert marian["source_prefix"] == [">>rus<<"]
    # The source folder is copied, not moved.
    assert (tiny_models["kk_ru_nllb"] / "model.bin").is_file()


def test_argostranslate_can_still_list_a_shared_directory(cli, tiny_models, models_dir):
    """Imported folders carry a stub metadata.json so Argos (sharing the directory) does not crash on them."""
    assert cli("models", "install", str(tiny_models["kk_en_argosmodel"])).returncode == 0
    assert cli("models", "import", str(tiny_models["kk_ru_nllb"]), "--from", "kk", "--to", "ru").returncode == 0
    from argostranslate.package import get_installed_packages

    packages = get_installed_packages([models_dir])
    kinds = sorted((p.type, p.from_code, p.to_code) for p in packages)
    assert kinds == [("kztranslate-ct2", "kk", "ru"), ("translate", "kk", "en")]


def test_default_models_dir_is_argos_package_dir(cli_subprocess, tiny_models, tmp_path):
    # A real process: argostranslate reads ARGOS_PACKAGES_DIR and XDG_* once, when it is imported.
    cli = cli_subprocess
    argos_dir = tmp_path / "argos-packages"
    env = {"KZTRANSLATE_MODELS": "", "ARGOS_PACKAGES_DIR": str(argos_dir), "XDG_DATA_HOME": str(tmp_path / "xdg"), "XDG_CONFIG_HOME": str(tmp_path / "xdg"), "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    r = cli("models", "install", str(tiny_models["kk_en_argosmodel"]), env=env)
    assert r.returncode == 0, r.stderr
    assert (argos_dir / "translate-kk_en-1_0" / "metadata.json").is_file()
    other = tmp_path / "elsewhere"
    r = cli("models", "list", "--format", "json", "--models-dir", str(other), env=env)
    assert r.returncode == 0 and json.loads(r.stdout) == []


# -- bad archives ---------------------------------------------------------------------------------


def _good_members(archive: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(archive) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def _write_zip(path: Path, members: list[tuple[str, bytes]], extra: list[zipfile.ZipInfo | tuple] = ()) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members:
            zf.writestr(name, data)
        for item in extra:
            info, data = item
            zf.writestr(info, data)
    return path


def _symlink_entry(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


BAD_ARCHIVES = {
    "truncated": ("damaged or not zip", 3),
    "not-zip": ("not a zip archive", 3),
    "zip-slip": ("escaping the package folder", 3),
    "absolute": ("absolute path", 3),
    "symlink": ("symlink", 3),
    "no-metadata": ("no metadata.json", 3),
    "no-model": ("model/model.bin is missing", 3),
    "corrupt-member": ("damaged .argosmodel archive", 3),
}


def _make_bad(kind: str, good: Path, dest: Path) -> Path:
    members = _good_members(good)
    top = members[0][0].split("/")[0]
    if kind == "truncated":
        data = good.read_bytes()
        dest.write_bytes(data[: len(data) // 2])
    elif kind == "not-zip":
        dest.write_text("this is not a model\n", encoding="utf-8")
    elif kind == "zip-slip":
        _write_zip(dest, members + [(f"{top}/../../evil.txt", b"owned")])
    elif kind == "absolute":
        _write_zip(dest, members + [("/tmp/kztranslate-evil.txt", b"owned")])
    elif kind == "symlink":
        _write_zip(dest, members, [_symlink_entry(f"{top}/model/link", "/etc/passwd")])
    elif kind == "no-metadata":
        _write_zip(dest, [(n, d) for n, d in members if not n.endswith("metadata.json")])
    elif kind == "no-model":
        _write_zip(dest, [(n, d) for n, d in members if "/model/" not in n])
    elif kind == "corrupt-member":
        _write_zip(dest, members)
        data = bytearray(dest.read_bytes())
        # Flip bytes inside the largest member's data (model.bin): the CRC check must catch it.
        offset = data.find(b"model.bin") + 200
        for i in range(offset, offset + 64):
            data[i] ^= 0xFF
        dest.write_bytes(bytes(data))
    return dest


@pytest.mark.parametrize("kind", sorted(BAD_ARCHIVES))
def test_bad_archives_are_refused_and_leave_nothing(cli, tiny_models, models_dir, tmp_path, kind):
    bad = _make_bad(kind, tiny_models["kk_en_argosmodel"], tmp_path / f"{kind}.argosmodel")
    r = cli("models", "install", str(bad))
    expected, code = BAD_ARCHIVES[kind]
    needles = () if kind in ("truncated",) else (expected,)
    assert_one_line_error(r, code, *needles)
    assert listing(models_dir) == []
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/kztranslate-evil.txt").exists()


def test_install_missing_file_and_directory(cli, models_dir, tmp_path):
    assert_one_line_error(cli("models", "install", str(tmp_path / "absent.argosmodel")), 2, "no such file")
    assert_one_line_error(cli("models", "install", str(tmp_path)), 2, "not a file")
    assert listing(models_dir) == []


def test_import_bad_folders(cli, tiny_models, models_dir, tmp_path):
    assert_one_line_error(cli("models", "import", str(tmp_path / "nope"), "--from", "kk", "--to", "ru"), 2, "no such directory")
    assert_one_line_error(cli("models", "import", str(tiny_models["kk_en_argosmodel"]), "--from", "kk", "--to", "ru"), 2, "not a directory")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert_one_line_error(cli("models", "import", str(empty), "--from", "kk", "--to", "ru"), 3, "cannot tell the model kind")
    assert_one_line_error(cli("models", "import", str(empty), "--from", "kk", "--to", "ru", "--kind", "nllb"), 3, "no model.bin")
    assert_one_line_error(cli("models", "import", str(tiny_models["kk_ru_nllb"]), "--from", "kk", "--to", "de"), 3, "deu_Latn")
    assert_one_line_error(cli("models", "import", str(tiny_models["kk_ru_nllb"]), "--from", "kk", "--to", "ru", "--kind", "fairseq"), 2, "unknown --kind")
    assert_one_line_error(cli("models", "import", str(tiny_models["kk_ru_nllb"]), "--from", "kk", "--to", "kk"), 2)
    assert listing(models_dir) == []


def test_remove_unknown_and_bad_names(cli, models_dir):
    assert_one_line_error(cli("models", "remove", "nothing-here"), 2, "no model named")
    assert_one_line_error(cli("models", "remove", "../etc"), 2, "not a model name")
    assert_one_line_error(cli("models", "list", "--format", "yaml"), 2, "'yaml' is not one of 'text', 'json'")


def test_broken_folder_is_listed_not_fatal(cli, tiny_models, models_dir):
    assert cli("models", "install", str(tiny_models["kk_en_argosmodel"])).returncode == 0
    os.remove(models_dir / "translate-kk_en-1_0" / "model" / "model.bin")
    [m] = models_json(cli)
    assert m["kind"] == "broken" and "model.bin" in m["problem"]


def test_stale_staging_folder_from_a_killed_run_is_swept(cli, tiny_models, models_dir):
    stale = models_dir / ".installing-killed"
    (stale / "pkg").mkdir(parents=True)
    fresh = models_dir / ".installing-running"
    fresh.mkdir()
    old = 3 * 24 * 3600
    os.utime(stale, (os.path.getatime(stale) - old, os.path.getmtime(stale) - old))
    assert models_json(cli) == []  # hidden folders are never listed
    assert cli("models", "install", str(tiny_models["kk_en_argosmodel"])).returncode == 0
    assert listing(models_dir) == [".installing-running", "translate-kk_en-1_0"]


def test_models_dir_that_is_a_file(cli, tiny_models, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = cli("models", "install", str(tiny_models["kk_en_argosmodel"]), "--models-dir", str(blocker))
    assert_one_line_error(r, 4, "models directory")


# -- hostile folders and archives, broken metadata (issue 18 items 5, 6, 10) ----------------------


def test_import_refuses_symlinks_leaving_the_folder(cli, tiny_models, models_dir, tmp_path):
    import shutil

    folder = tmp_path / "nllb"
    shutil.copytree(tiny_models["kk_ru_nllb"], folder)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the models directory\n")
    (folder / "LICENSE").symlink_to(secret)
    assert_one_line_error(cli("models", "import", str(folder)), 2, "symlink", str(secret))
    assert listing(models_dir) == []
    # A linked folder the model does not need is not copied at all (nothing is followed).
    (folder / "LICENSE").unlink()
    (folder / "ssl").symlink_to(tmp_path, target_is_directory=True)
    r = cli("models", "import", str(folder), "--name", "n")
    assert r.returncode == 0, r.stderr
    copied = sorted(p.name for p in (models_dir / "n").iterdir())
    assert "ssl" not in copied and not any((models_dir / "n" / p).is_symlink() for p in copied)
    # --link registers the folder in place: nothing is copied, the user's folder is never removed.
    r = cli("models", "import", str(folder), "--name", "linked", "--link")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (models_dir / "linked").iterdir()) == ["kztranslate.json", "metadata.json"]
    assert cli("models", "remove", "linked").returncode == 0
    assert (folder / "model.bin").is_file()


def test_zip_bomb_is_refused_from_its_declared_sizes(cli, tiny_models, models_dir, tmp_path):
    members = _good_members(tiny_models["kk_en_argosmodel"])
    top = members[0][0].split("/")[0]
    bomb = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
        zf.writestr(f"{top}/model/padding.bin", bytes(64 * 1024**2))  # 64 MiB of zeros: about 64 KiB compressed
    assert bomb.stat().st_size < 2 * 1024**2
    assert_one_line_error(cli("models", "install", str(bomb)), 3, "compression ratio")
    assert listing(models_dir) == []


def test_a_package_with_a_bad_number_is_listed_broken_and_breaks_nothing_else(cli, tiny_models, models_dir):
    assert cli("models", "install", str(tiny_models["kk_en_argosmodel"])).returncode == 0
    assert cli("models", "import", str(tiny_models["kk_ru_nllb"]), "--name", "nllb").returncode == 0
    meta_path = models_dir / "translate-kk_en-1_0" / "metadata.json"
    meta = json.loads(meta_path.read_text())
    meta["max_source_tokens"] = "lots"
    meta_path.write_text(json.dumps(meta))
    by_name = {m["name"]: m for m in models_json(cli)}
    assert by_name["translate-kk_en-1_0"]["kind"] == "broken" and "lots" in by_name["translate-kk_en-1_0"]["problem"]
    assert by_name["nllb"]["kind"] == "nllb"
    from tests.conftest import EXAMPLES

    r = cli("translate", str(EXAMPLES / "mazhilis-election-law.txt"), "--to", "en", "--out", str(models_dir.parent / "out"))
    assert r.returncode == 0, r.stderr
    assert "kk→en (direct; nllb)" in r.stdout


def test_staging_folder_of_a_killed_run_is_swept_at_once_but_a_live_one_is_kept(cli, tiny_models, models_dir):
    import fcntl

    dead = models_dir / ".installing-dead"
    dead.mkdir()
    (dead / ".owner.lock").write_text("")
    (dead / "half.bin").write_bytes(b"x" * 1000)
    live = models_dir / ".installing-live"
    live.mkdir()
    fd = os.open(live / ".owner.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # this test process plays the live owner
    try:
        assert cli("models", "install", str(tiny_models["kk_en_argosmodel"])).returncode == 0
        assert listing(models_dir) == [".installing-live", "translate-kk_en-1_0"]
    finally:
        os.close(fd)
