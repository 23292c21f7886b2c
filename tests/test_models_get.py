"""End to end: `kztranslate models get` from a real HTTP server on 127.0.0.1, through the real CLI.

The server (testkit/httpkit.py) serves tiny real CTranslate2 NLLB models in both layouts they are
published in: OpenNMT's (a zip of the model folder plus the FLORES-200 SentencePiece file beside
it, fairseq token order) and a Hugging Face Hub repository made with ct2-transformers-converter that
ships only tokenizer.json (transformers' token order), through a test catalogue. The network stays
blocked for everything but loopback.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

from tests.conftest import EXAMPLES, ROOT, assert_one_line_error
from testkit.httpkit import FileServer

pytestmark = pytest.mark.slow

LOOPBACK = {"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
HUB_FILES = ("model.bin", "config.json", "shared_vocabulary.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")


@pytest.fixture
def server():
    s = FileServer().start()
    yield s
    s.stop()


def serve_models(server: FileServer, tiny_models: dict) -> None:
    server.files["/CTranslate2/nllb/nllb-tiny_int8_ct2.zip"] = tiny_models["nllb_zip"].read_bytes()
    server.files["/CTranslate2/nllb/flores200_sacrebleu_tokenizer_spm.model"] = tiny_models["nllb_zip_spm"].read_bytes()
    for name in HUB_FILES:
        server.files[f"/tester/nllb-tiny-ct2/resolve/0123abc/{name}"] = (tiny_models["nllb_hub"] / name).read_bytes()


def catalogue(tmp_path: Path, server: FileServer, tiny_models: dict, *, sha: str | None = "real", size: int | None = 2_000_000, base: str | None = None) -> Path:
    base = base or server.base
    zip_bytes = tiny_models["nllb_zip"].read_bytes()
    zip_sha = hashlib.sha256(zip_bytes).hexdigest() if sha == "real" else sha
    models = [
        {
            "name": "nllb-tiny-fairseq", "kind": "nllb", "token_order": "fairseq", "languages": ["kk", "ru", "en"],
            "licence": "CC-BY-NC-4.0", "size": size, "description": "tiny test model, OpenNMT layout",
            "files": [
                {"url": f"{base}/CTranslate2/nllb/nllb-tiny_int8_ct2.zip", "unpack": True, "sha256": zip_sha, "size": len(zip_bytes) if sha else None},
                {"url": f"{base}/CTranslate2/nllb/flores200_sacrebleu_tokenizer_spm.model", "unpack": False},
            ],
        },
        {
            "name": "nllb-tiny-hub", "kind": "nllb", "token_order": "hf", "languages": ["kk", "ru", "en"],
            "licence": "MIT", "size": size, "description": "tiny test model, Hub layout with only tokenizer.json",
            "files": [{"url": f"{base}/tester/nllb-tiny-ct2/resolve/0123abc/{n}"} for n in HUB_FILES],
        },
    ]
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps({"format": 1, "models": models}), encoding="utf-8")
    return path


def get(cli, cat: Path, name: str, *extra: str, env: dict | None = None):
    return cli("models", "get", name, "--catalog", str(cat), "--accept-licence", *extra, env={**LOOPBACK, **(env or {})})


def one_line_error(r, code: int, *needles: str) -> str:
    return assert_one_line_error(r, code, *needles, only_line=False)  # a licence notice may come first


def models_json(cli) -> list[dict]:
    r = cli("models", "list", "--format", "json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def translate_both(cli, tmp_path: Path) -> dict[str, polib.POFile]:
    out = tmp_path / "locales"
    r = cli("translate", str(EXAMPLES / "mazhilis-election-law.txt"), "--to", "ru,en", "--out", str(out), "--format", "json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)["articles"][0]
    pos = {}
    for lang in ("ru", "en"):
        path = out / lang / "mazhilis-election-law.po"
        check = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        pos[lang] = polib.pofile(str(path))
        assert report["counts"][lang]["mt"] == len(pos[lang]) > 5
    pos["routes"] = report["routes"]
    return pos


def test_get_without_name_lists_the_shipped_catalogue(cli):
    r = cli("models", "get")
    assert r.returncode == 0, r.stderr
    assert "nllb-200-600M" in r.stdout and "CC-BY-NC-4.0" in r.stdout and "kk,ru,en" in r.stdout
    rows = json.loads(cli("models", "get", "--format", "json").stdout)
    names = {row["name"] for row in rows}
    assert {"nllb-200-600M", "nllb-200-1.2B", "nllb-200-3.3B", "nllb-200-distilled-600M"} <= names
    assert all(row["licence"] and "kk" in row["languages"] for row in rows)


@pytest.mark.parametrize("name,order", [("nllb-tiny-fairseq", "fairseq"), ("nllb-tiny-hub", "hf")])
def test_get_installs_each_published_layout_and_one_model_serves_ru_and_en(cli, server, tiny_models, models_dir, tmp_path, name, order):
    serve_models(server, tiny_models)
    cat = catalogue(tmp_path, server, tiny_models)
    r = get(cli, cat, name)
    assert r.returncode == 0, r.stderr
    assert f"installed {name} (kk,ru,en, nllb, token order {order})" in r.stdout
    [m] = models_json(cli)  # one entry, whatever the number of directions
    assert (m["name"], m["kind"], m["languages"], m["token_order"]) == (name, "nllb", ["kk", "ru", "en"], order)
    manifest = json.loads((models_dir / name / "kztranslate.json").read_text())
    assert manifest["licence"] and manifest["catalog"] == name
    if order == "fairseq":
        assert manifest["sha256"]["nllb-tiny_int8_ct2.zip"] == hashlib.sha256(tiny_models["nllb_zip"].read_bytes()).hexdigest()
        assert manifest["tokenizer"] == {"type": "sentencepiece", "file": "flores200_sacrebleu_tokenizer_spm.model"}
    else:
        assert manifest["tokenizer"] == {"type": "tokenizers", "file": "tokenizer.json"}
        assert manifest["sha256"]["model.bin"] == hashlib.sha256((tiny_models["nllb_hub"] / "model.bin").read_bytes()).hexdigest()
    assert sorted(p.name for p in models_dir.iterdir()) == [name]  # no work or staging folder left
    pos = translate_both(cli, tmp_path)
    assert pos["routes"] == {"ru": f"kk→ru (direct; {name})", "en": f"kk→en (direct; {name})"}
    # The target-language token really differs: the same model writes different Russian and English.
    ru = [e.msgstr for e in pos["ru"]]
    en = [e.msgstr for e in pos["en"]]
    assert sum(a != b for a, b in zip(ru, en)) >= len(ru) // 2
    # A rerun of the quick start is not an error and downloads nothing.
    before = len(server.seen)
    again = get(cli, cat, name)
    assert again.returncode == 0, again.stderr
    assert len(server.seen) == before


def test_non_commercial_licence_needs_acceptance(cli, server, tiny_models, models_dir, tmp_path):
    serve_models(server, tiny_models)
    cat = catalogue(tmp_path, server, tiny_models)
    r = cli("models", "get", "nllb-tiny-fairseq", "--catalog", str(cat), env=LOOPBACK)
    one_line_error(r, 2, "CC-BY-NC-4.0", "non-commercial", "--accept-licence")
    assert server.seen == [] and list(models_dir.iterdir()) == []


def test_dead_connection_then_rerun_resumes_with_a_range_request(cli, server, tiny_models, models_dir, tmp_path):
    serve_models(server, tiny_models)
    path = "/CTranslate2/nllb/nllb-tiny_int8_ct2.zip"
    half = len(server.files[path]) // 2
    server.break_after[path] = half
    cat = catalogue(tmp_path, server, tiny_models)
    r = get(cli, cat, "nllb-tiny-fairseq")
    one_line_error(r, 3, server.url(path), "run the same command again to resume")
    assert not (models_dir / "nllb-tiny-fairseq").exists()
    [partial] = [m for m in models_json(cli) if m["kind"] == "partial-download"]
    assert partial["name"] == "nllb-tiny-fairseq" and partial["bytes"] == half
    assert "partial download" in cli("models", "list").stdout
    r = get(cli, cat, "nllb-tiny-fairseq")
    assert r.returncode == 0, r.stderr
    assert server.gets(path)[-1].range == f"bytes={half}-"
    assert [m["name"] for m in models_json(cli)] == ["nllb-tiny-fairseq"]


def test_killed_download_resumes(tiny_models, server, models_dir, tmp_path, cli):
    """kill -9 of the real CLI half way through a file; the rerun continues where it stopped."""
    serve_models(server, tiny_models)
    path = "/CTranslate2/nllb/nllb-tiny_int8_ct2.zip"
    half = len(server.files[path]) // 2
    server.stall_after[path] = half
    cat = catalogue(tmp_path, server, tiny_models)
    env = {**os.environ, **LOOPBACK, "PYTHONPATH": str(ROOT / "tests" / "netblock") + os.pathsep + str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kztranslate", "models", "get", "nllb-tiny-fairseq", "--catalog", str(cat), "--accept-licence"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    partial = models_dir / ".downloading-nllb-tiny-fairseq" / "nllb-tiny_int8_ct2.zip"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (partial.is_file() and partial.stat().st_size >= half):
        time.sleep(0.05)
    assert partial.stat().st_size == half
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    server.release.set()
    listing = cli("models", "list").stdout
    assert "partial download" in listing and "models get nllb-tiny-fairseq" in listing
    r = get(cli, cat, "nllb-tiny-fairseq")
    assert r.returncode == 0, r.stderr
    assert server.gets(path)[-1].range == f"bytes={half}-"
    [m] = models_json(cli)
    assert m["name"] == "nllb-tiny-fairseq" and sorted(p.name for p in models_dir.iterdir()) == ["nllb-tiny-fairseq"]


def test_corrupted_download_is_refused_and_nothing_is_left(cli, server, tiny_models, models_dir, tmp_path):
    serve_models(server, tiny_models)
    cat = catalogue(tmp_path, server, tiny_models, sha="0" * 64)
    one_line_error(get(cli, cat, "nllb-tiny-fairseq"), 3, "sha256 mismatch")
    assert list(models_dir.iterdir()) == []
    # Without a catalogue checksum, the zip's CRCs catch a flipped byte in the weights.
    data = bytearray(tiny_models["nllb_zip"].read_bytes())
    offset = data.find(b"model.bin") + 400
    for i in range(offset, offset + 64):
        data[i] ^= 0xFF
    server.files["/CTranslate2/nllb/nllb-tiny_int8_ct2.zip"] = bytes(data)
    cat = catalogue(tmp_path, server, tiny_models, sha=None)
    one_line_error(get(cli, cat, "nllb-tiny-fairseq"), 3, "damaged")
    assert not (models_dir / "nllb-tiny-fairseq").exists()
    assert not list((models_dir / ".downloading-nllb-tiny-fairseq").glob("*.zip")) if (models_dir / ".downloading-nllb-tiny-fairseq").exists() else True
    assert [m for m in models_json(cli) if m["kind"] != "partial-download"] == []


def test_server_down_is_one_line_naming_the_url(cli, tiny_models, models_dir, tmp_path):
    dead = FileServer().start()
    base = dead.base
    dead.stop()  # nothing listens on that port any more
    cat = catalogue(tmp_path, dead, tiny_models, base=base)
    one_line_error(get(cli, cat, "nllb-tiny-hub"), 3, f"{base}/tester/nllb-tiny-ct2/resolve/0123abc/model.bin")
    assert list(models_dir.iterdir()) == []


def test_proxy_variables_are_honoured(cli, server, tiny_models, models_dir, tmp_path):
    """A host only the proxy can reach: the download works because it goes through HTTP_PROXY."""
    serve_models(server, tiny_models)
    cat = catalogue(tmp_path, server, tiny_models, base="http://models.example.invalid")
    env = {"HTTP_PROXY": server.base, "http_proxy": server.base, "NO_PROXY": "", "no_proxy": ""}
    r = cli("models", "get", "nllb-tiny-hub", "--catalog", str(cat), env=env)
    assert r.returncode == 0, r.stderr
    assert server.seen and all(s.proxied for s in server.seen)


def test_not_enough_space_is_refused_before_downloading(cli, server, tiny_models, models_dir, tmp_path):
    serve_models(server, tiny_models)
    cat = catalogue(tmp_path, server, tiny_models, size=10**18)
    one_line_error(get(cli, cat, "nllb-tiny-fairseq"), 3, "free")
    assert server.gets("/CTranslate2/nllb/nllb-tiny_int8_ct2.zip") == [] and list(models_dir.iterdir()) == []


@pytest.mark.parametrize(
    "text,needle",
    [
        ("not json", "not valid JSON"),
        ('{"format": 9, "models": []}', "not a model catalogue"),
        ('{"format": 1, "models": [{"name": "../x", "kind": "nllb"}]}', "bad model name"),
        ('{"format": 1, "models": [{"name": "m", "kind": "nllb", "token_order": "fairseq", "languages": ["kk","ru"], "licence": "MIT", "files": [{"url": "ftp://x/y"}]}]}', "unsupported URL scheme"),
    ],
)
def test_bad_catalogue_is_one_line(cli, tmp_path, text, needle):
    cat = tmp_path / "bad.json"
    cat.write_text(text, encoding="utf-8")
    one_line_error(cli("models", "get", "m", "--catalog", str(cat)), 2, needle)


def test_a_partial_download_can_be_discarded(cli, server, tiny_models, models_dir, tmp_path):
    serve_models(server, tiny_models)
    path = "/CTranslate2/nllb/nllb-tiny_int8_ct2.zip"
    server.break_after[path] = 1000
    cat = catalogue(tmp_path, server, tiny_models)
    one_line_error(get(cli, cat, "nllb-tiny-fairseq"), 3, "run the same command again to resume")
    assert (models_dir / ".downloading-nllb-tiny-fairseq").is_dir()
    r = cli("models", "remove", "nllb-tiny-fairseq")
    assert r.returncode == 0 and "discarded the partial download" in r.stdout, r.stderr
    assert list(models_dir.iterdir()) == [] and models_json(cli) == []
