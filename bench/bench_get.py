"""``models get`` benchmark: the download -> verify -> unpack -> install path against plain ``cp``.

A model-sized archive (default 600 MB: a ``model.bin`` of random bytes, incompressible like int8
weights, plus a vocabulary and config, zipped as OpenNMT publishes NLLB) is served by a real HTTP
server on 127.0.0.1 (testkit/httpkit.py) and installed through the real CLI (``python -m kztranslate
models get``) with a catalogue that gives its sha256, so every step runs: free-space check, HTTP
download, sha256 while streaming, size check, archive vetting, unpacking with CRC checks, manifest,
rename into place. The baselines on the same files, same disk: ``cp`` of the archive, and ``cp``
followed by ``unzip`` (what a careful person would do by hand, without any check). Rounds are
interleaved and medians printed with the spread; the load average is printed with each round.

The file cache is warm for every path (the archive is read right after being written), so the
figures compare the work each path does, not the disk.

Usage: python bench/bench_get.py [--mb 600] [--rounds 2]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from testkit.httpkit import FileServer  # noqa: E402


def make_archive(dest: Path, mb: int) -> Path:
    folder = "nllb-bench_int8_ct2"
    vocab = ["<s>", "<pad>", "</s>", "<unk>"] + [f"\u2581w{i}" for i in range(2000)] + ["kaz_Cyrl", "rus_Cyrl", "eng_Latn"]
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open(f"{folder}/model.bin", "w", force_zip64=True) as out:
            left = mb * 1_000_000
            while left:
                chunk = os.urandom(min(left, 8 << 20))
                out.write(chunk)
                left -= len(chunk)
        zf.writestr(f"{folder}/config.json", json.dumps({"add_source_eos": False}))
        zf.writestr(f"{folder}/shared_vocabulary.txt", "\n".join(vocab))
    return dest


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=600)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kz-bench-get-"))
    try:
        archive = make_archive(work / "model.zip", args.mb)
        spm = work / "flores200_sacrebleu_tokenizer_spm.model"
        from testkit.modelkit import corpus_lines, train_sentencepiece

        shutil.copy(train_sentencepiece(corpus_lines(), work / "spm" / "kit", vocab_size=300), spm)
        data = archive.read_bytes()
        size_mb = len(data) / 1e6
        sha = hashlib.sha256(data).hexdigest()
        server = FileServer().start()
        server.files["/m.zip"] = data
        server.files["/spm.model"] = spm.read_bytes()
        del data
        catalog = work / "catalog.json"
        catalog.write_text(json.dumps({"format": 1, "models": [{
            "name": "bench", "kind": "nllb", "token_order": "fairseq", "languages": ["kk", "ru", "en"], "licence": "MIT",
            "size": args.mb * 1_000_000,
            "files": [{"url": server.url("/m.zip"), "unpack": True, "sha256": sha, "size": archive.stat().st_size},
                      {"url": server.url("/spm.model"), "name": spm.name}]}]}))
        env = {**os.environ, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1", "PYTHONPATH": str(ROOT)}
        rows: dict[str, list[float]] = {"cp": [], "cp + unzip": [], "models get": []}
        print(f"archive {size_mb:.0f} MB, {args.rounds} interleaved rounds")
        for r in range(args.rounds):
            print(f"round {r + 1}: load average {os.getloadavg()[0]:.2f}")
            dest = work / f"copy{r}"
            dest.mkdir()
            rows["cp"].append(timed(lambda: subprocess.run(["cp", str(archive), str(dest / "m.zip")], check=True)))
            shutil.rmtree(dest)
            dest.mkdir()

            def cp_unzip() -> None:
                subprocess.run(["cp", str(archive), str(dest / "m.zip")], check=True)
                with zipfile.ZipFile(dest / "m.zip") as zf:
                    zf.extractall(dest / "x")

            rows["cp + unzip"].append(timed(cp_unzip))
            shutil.rmtree(dest)
            models = work / f"models{r}"

            def get() -> None:
                p = subprocess.run([sys.executable, "-m", "kztranslate", "models", "get", "bench", "--catalog", str(catalog), "--models-dir", str(models)],
                                   env=env, capture_output=True, text=True)
                if p.returncode:
                    raise SystemExit(p.stderr)

            rows["models get"].append(timed(get))
            shutil.rmtree(models)
        server.stop()
        print(f"\n| path | median s | spread s | MB/s | vs cp | vs cp + unzip |\n|---|---:|---:|---:|---:|---:|")
        med = {k: statistics.median(v) for k, v in rows.items()}
        for name, times in rows.items():
            m = med[name]
            print(f"| {name} | {m:.2f} | {min(times):.2f}-{max(times):.2f} | {size_mb / m:.0f} | {med['cp'] / m:.2f}x | {med['cp + unzip'] / m:.2f}x |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
