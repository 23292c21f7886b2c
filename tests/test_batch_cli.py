"""End to end: the real ``kztranslate batch`` CLI, the real pipeline, real (tiny) CTranslate2 models.

Covers the contract of issue 8: incremental re-runs, failures collected with exit 1, plain progress
lines when not a TTY, the JSON summary, the OUT lock (exit 4), symlinks/FIFOs ignored, the dask
executor matching the local one, and ``kill -9`` at random moments followed by a resume.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

from tests.batchkit import install_tiny, make_archive
from tests.conftest import ROOT, run_cli

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def models(tiny_models, tmp_path_factory) -> Path:
    return install_tiny(tmp_path_factory.mktemp("batch-models") / "models", tiny_models)


def batch(models: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return run_cli("batch", *args, env={"KZTRANSLATE_MODELS": str(models)}, timeout=timeout)


def summary_of(r: subprocess.CompletedProcess) -> dict:
    assert r.stdout.strip(), r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


def po_files(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.po"))


def assert_valid_po(path: Path) -> polib.POFile:
    po = polib.pofile(str(path))
    r = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True)
    assert r.returncode == 0, f"{path}: {r.stderr}"
    return po


def without_dates(text: str) -> str:
    return "\n".join(ln for ln in text.splitlines() if "-Date:" not in ln)


def test_batch_end_to_end_incremental_and_failures(models, tmp_path):
    src = tmp_path / "news"
    make_archive(src, 6, use_shared=False)
    (src / "bad").mkdir()
    (src / "bad" / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 50)
    (src / "bad" / "empty.txt").write_text("", encoding="utf-8")
    (src / "leak.txt").symlink_to(ROOT / "README.md")
    os.mkfifo(src / "pipe.txt")
    out = tmp_path / "locales"
    r = batch(models, str(src), "--to", "ru,en", "--out", str(out), "--format", "json", "--jobs", "2")
    assert r.returncode == 1, r.stderr
    s = summary_of(r)
    assert s["articles"] == 8 and s["translated"] == 6 and s["skipped"] == 0
    assert [f["path"] for f in s["failed"]] == ["bad/binary.txt", "bad/empty.txt"]
    assert all(f["error"] for f in s["failed"])
    assert {i["path"] for i in s["ignored"]} == {"leak.txt", "pipe.txt"}
    assert s["sentences"] > 30 and s["seconds"] > 0
    slugs = [f"{p.parent.name}/{p.stem}" for p in sorted(src.glob("*/article-*.txt"))]
    assert po_files(out) == sorted(f"{lang}/{slug}.po" for lang in ("en", "ru") for slug in slugs)
    for slug in slugs:
        assert (out / f"{slug}.pot").is_file()
        for lang in ("ru", "en"):
            po = assert_valid_po(out / lang / f"{slug}.po")
            assert len([e for e in po if e.msgid]) >= 6
    # Plain progress (stderr is not a TTY): one line per article, no escape codes.
    assert "\x1b" not in r.stderr and "\r" not in r.stderr
    assert sum(1 for ln in r.stderr.splitlines() if ln.startswith("kztranslate: [")) == 8
    assert not any(p.name.startswith(".") and p.suffix == ".tmp" for p in out.rglob("*"))
    # Nothing written outside OUT: the input tree holds only what we put there.
    assert sorted(p.name for p in src.rglob("*")) == sorted(["bad", "binary.txt", "empty.txt", "leak.txt", "pipe.txt", *{s.split('/')[0] for s in slugs}, *(f"{s.split('/')[1]}.txt" for s in slugs)])

    before = {p: p.read_bytes() for p in out.rglob("*.po")}
    r2 = batch(models, str(src), "--to", "ru,en", "--out", str(out), "--format", "json")
    s2 = summary_of(r2)
    assert r2.returncode == 1 and s2["translated"] == 0 and s2["skipped"] == 6 and len(s2["failed"]) == 2
    assert {p: p.read_bytes() for p in out.rglob("*.po")} == before  # untouched
    first = sorted(src.glob("*/article-*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nМәжіліс жаңа заңды қабылдады.\n", encoding="utf-8")
    for bad in (src / "bad").iterdir():
        bad.unlink()
    r3 = batch(models, str(src), "--to", "ru,en", "--out", str(out), "--format", "json")
    s3 = summary_of(r3)
    assert r3.returncode == 0, r3.stderr
    assert (s3["translated"], s3["skipped"], s3["failed"]) == (1, 5, [])
    text = r3.stdout + r3.stderr
    assert "Traceback" not in text


def test_non_kazakh_article_fails_alone(models, tmp_path):
    src = tmp_path / "news"
    make_archive(src, 2, use_shared=False)
    (src / "russian.txt").write_text("Правительство утвердило новый бюджет на следующий год. Депутаты обсудили документ в среду.\n", encoding="utf-8")
    r = batch(models, str(src), "--to", "en", "--out", str(tmp_path / "o"), "--format", "json")
    s = summary_of(r)
    assert r.returncode == 1 and s["translated"] == 2
    assert [f["path"] for f in s["failed"]] == ["russian.txt"]
    assert "looks like Russian" in s["failed"][0]["error"] and "not Kazakh" in s["failed"][0]["error"]
    # As the message says, --force translates it anyway (and re-translates the unchanged ones).
    forced = summary_of(batch(models, str(src), "--to", "en", "--out", str(tmp_path / "o"), "--format", "json", "--force"))
    assert forced["failed"] == [] and forced["translated"] == 3
    assert (tmp_path / "o" / "en" / "russian.po").is_file()


def test_text_summary_and_usage_errors(models, tmp_path):
    src = tmp_path / "news"
    make_archive(src, 2, use_shared=False)
    r = batch(models, str(src), "--to", "en", "--out", str(tmp_path / "o"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("2 articles: 2 translated, 0 skipped (unchanged), 0 failed;")
    r = batch(models, str(tmp_path / "missing"), "--to", "en", "--out", str(tmp_path / "o"))
    assert r.returncode == 2 and "no such folder" in r.stderr and "Traceback" not in r.stderr
    r = batch(models, str(src), "--to", "de", "--out", str(tmp_path / "o"))
    assert r.returncode == 2 and "unknown target language 'de'" in r.stderr  # as in translate (issue 15)
    r = batch(models, str(src), "--to", "../x", "--out", str(tmp_path / "o"))
    assert r.returncode == 2 and "unknown target language '../x'" in r.stderr


def test_second_run_on_locked_out_is_refused(models, tmp_path):
    src = tmp_path / "news"
    make_archive(src, 1, use_shared=False)
    out = tmp_path / "out"
    code = "import sys,time; from kztranslate.outlock import OutLock; OutLock(sys.argv[1]).acquire(); print('ok', flush=True); time.sleep(60)"
    holder = subprocess.Popen([sys.executable, "-c", code, str(out)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "ok"
        r = batch(models, str(src), "--to", "en", "--out", str(out))
        assert r.returncode == 4
        assert r.stderr.strip() == f"kztranslate: error: {out} is locked by pid {holder.pid} (another kztranslate translate or batch is writing there)"
    finally:
        holder.kill()
        holder.wait()
    r = batch(models, str(src), "--to", "en", "--out", str(out))  # the dead holder's lock is taken over
    assert r.returncode == 0, r.stderr


def test_second_batch_while_a_real_one_runs(models, tmp_path):
    src = tmp_path / "news"
    make_archive(src, 24, use_shared=False)
    out = tmp_path / "out"
    first = _start(models, str(src), "--to", "ru,en", "--out", str(out))
    try:
        lock = out / ".kztranslate.lock"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (lock.is_file() and lock.read_text().strip() == str(first.pid)):
            time.sleep(0.02)
        assert first.poll() is None, "the first batch ended before the test could race it"
        r = batch(models, str(src), "--to", "ru,en", "--out", str(out))
        assert r.returncode == 4
        assert f"{out} is locked by pid {first.pid}" in r.stderr and "Traceback" not in r.stderr
    finally:
        first.kill()
        first.wait()


def test_dask_executor_matches_local(models, tmp_path):
    pytest.importorskip("distributed")
    src = tmp_path / "news"
    make_archive(src, 8, use_shared=False)
    # The same long boilerplate sentence in every article: output must not depend on which worker
    # translated it first (a per-process cache would change later batches and their decoding caps).
    boiler = "Қазақстан Республикасы Парламентінің Мәжілісі жалпы отырысында сайлау туралы конституциялық заңға өзгерістер мен толықтырулар енгізу жөніндегі заң жобасын бірінші оқылымда мақұлдап, оны Сенаттың қарауына жіберді."
    for f in sorted(src.glob("*/*.txt")):
        f.write_text(f.read_text(encoding="utf-8") + "\n" + boiler + "\n", encoding="utf-8")
    local, dask = tmp_path / "local", tmp_path / "dask"
    r1 = batch(models, str(src), "--to", "ru,en", "--out", str(local), "--jobs", "2", "--format", "json")
    r2 = batch(models, str(src), "--to", "ru,en", "--out", str(dask), "--jobs", "2", "--executor", "dask", "--format", "json")
    assert r1.returncode == 0, r1.stderr
    assert r2.returncode == 0, r2.stderr
    s1, s2 = summary_of(r1), summary_of(r2)
    assert (s2["translated"], s2["sentences"]) == (s1["translated"], s1["sentences"]) == (8, s1["sentences"])
    files = sorted(p.relative_to(local) for p in local.rglob("*.po*"))
    assert files and files == sorted(p.relative_to(dask) for p in dask.rglob("*.po*"))
    for f in files:
        assert without_dates((dask / f).read_text(encoding="utf-8")) == without_dates((local / f).read_text(encoding="utf-8")), f
    r3 = batch(models, str(src), "--to", "ru,en", "--out", str(dask), "--executor", "dask", "--format", "json")
    assert summary_of(r3)["skipped"] == 8  # the dask run recorded its state like the local one


def _start(models: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, KZTRANSLATE_MODELS=str(models), PYTHONPATH=str(ROOT / "tests" / "netblock") + os.pathsep + str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "kztranslate", "batch", *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_kill_minus_9_at_random_moments_then_resume(models, tmp_path):
    src = tmp_path / "news"
    make_archive(src, 24, use_shared=False)
    out = tmp_path / "out"
    # A human reviews one entry first; the killed runs below rewrite that PO around it.
    t0 = time.monotonic()
    r = batch(models, str(src), "--to", "ru,en", "--out", str(out), "--jobs", "2")
    full_run = time.monotonic() - t0
    assert r.returncode == 0, r.stderr
    reviewed_po = out / "ru" / "politics" / "article-000.po"
    po = polib.pofile(str(reviewed_po))
    entry = next(e for e in po if e.msgid)
    entry.msgstr = "Мажилис одобрил законопроект (проверено редактором)."
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    po.save(str(reviewed_po))
    reviewed_before = str(polib.pofile(str(reviewed_po)).find(entry.msgid, msgctxt=entry.msgctxt))
    # Start over around the reviewed file: every other article's output and the state are gone, and
    # the reviewed article's source changed, so each run below translates and rewrites for real.
    for p in list(out.rglob("*.po*")):
        if p.stem != "article-000":
            p.unlink()
    shutil.rmtree(out / ".kztranslate")
    first = src / "politics" / "article-000.txt"
    first.write_text(first.read_text(encoding="utf-8") + "\nСайлау комиссиясы хабарлама жариялады.\n", encoding="utf-8")
    rng = random.Random(8)
    kills = 0
    for attempt in range(4):
        p = _start(models, str(src), "--to", "ru,en", "--out", str(out), "--jobs", "2")
        time.sleep(rng.uniform(0.1, 0.45) * full_run)  # random moments inside a run of this size
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            kills += 1
        p.wait()
    assert kills >= 2  # the delays are shorter than a run; the test is about real kills
    r = batch(models, str(src), "--to", "ru,en", "--out", str(out), "--format", "json")
    assert r.returncode == 0, r.stderr
    s = summary_of(r)
    assert s["translated"] + s["skipped"] == 24 and s["failed"] == []
    slugs = sorted(f"{p.parent.name}/{p.stem}" for p in src.glob("*/article-*.txt"))
    assert po_files(out) == sorted(f"{lang}/{slug}.po" for lang in ("en", "ru") for slug in slugs)  # none lost, none duplicated
    for path in out.rglob("*.po"):
        assert_valid_po(path)
    state = json.loads((out / ".kztranslate" / "state.json").read_text(encoding="utf-8"))
    assert sorted(state["articles"]) == slugs
    assert (out / ".kztranslate" / "state.journal").read_bytes() == b""
    assert not [p for p in out.rglob(".*") if p.is_file() and (p.suffix == ".tmp" or p.name.startswith(".kztranslate-probe."))]
    assert not (out / ".kztranslate.lock").exists()
    after = polib.pofile(str(reviewed_po)).find(entry.msgid, msgctxt=entry.msgctxt)
    assert after is not None and str(after) == reviewed_before
    # And a last unchanged re-run skips everything.
    assert summary_of(batch(models, str(src), "--to", "ru,en", "--out", str(out), "--format", "json"))["skipped"] == 24


def test_refused_article_is_remembered_by_content(models, tmp_path):
    """Issue 14 item 8: a refused (non-Kazakh) file fails once; re-runs report it as refused and exit 0,
    a new failure or changed bytes still count, and --force still translates it."""
    src = tmp_path / "news"
    make_archive(src, 2, use_shared=False)
    ru = src / "russian.txt"
    ru.write_text("Правительство утвердило новый бюджет на следующий год. Депутаты обсудили документ в среду.\n", encoding="utf-8")
    out = tmp_path / "o"
    first = batch(models, str(src), "--to", "en", "--out", str(out), "--format", "json")
    assert first.returncode == 1 and [f["path"] for f in summary_of(first)["failed"]] == ["russian.txt"]
    again = batch(models, str(src), "--to", "en", "--out", str(out), "--format", "json")
    s = summary_of(again)
    assert again.returncode == 0, again.stderr
    assert s["failed"] == [] and s["skipped"] == 2 and [f["path"] for f in s["refused"]] == ["russian.txt"]
    assert "not Kazakh" in s["refused"][0]["error"]
    text = batch(models, str(src), "--to", "en", "--out", str(out))
    assert text.returncode == 0 and "refused (unchanged since refused): russian.txt:" in text.stdout
    # something new failing still exits 1, and the remembered refusal stays a refusal
    (src / "empty.txt").write_text("", encoding="utf-8")
    s = summary_of(r := batch(models, str(src), "--to", "en", "--out", str(out), "--format", "json"))
    assert r.returncode == 1 and [f["path"] for f in s["failed"]] == ["empty.txt"] and len(s["refused"]) == 1
    (src / "empty.txt").unlink()
    # changed bytes are judged again
    ru.write_text(ru.read_text(encoding="utf-8") + "Заседание продлится два дня.\n", encoding="utf-8")
    r = batch(models, str(src), "--to", "en", "--out", str(out), "--format", "json")
    assert r.returncode == 1 and [f["path"] for f in summary_of(r)["failed"]] == ["russian.txt"]
    forced = summary_of(batch(models, str(src), "--to", "en", "--out", str(out), "--format", "json", "--force"))
    assert forced["failed"] == [] and forced["refused"] == [] and (out / "en" / "russian.po").is_file()


def test_summary_says_how_many_workers_ran(models, tmp_path):
    """The JSON summary's ``jobs``: 1 for the default (the command's own process), N for --jobs N when
    there are enough chunks, 0 when nothing needed translating; no cap note unless one was needed."""
    src = tmp_path / "news"
    make_archive(src, 6, use_shared=False)
    s1 = summary_of(batch(models, str(src), "--to", "ru", "--out", str(tmp_path / "a"), "--format", "json"))
    s2 = summary_of(batch(models, str(src), "--to", "ru", "--out", str(tmp_path / "b"), "--format", "json", "--jobs", "2"))
    s3 = summary_of(batch(models, str(src), "--to", "ru", "--out", str(tmp_path / "b"), "--format", "json", "--jobs", "2"))
    assert (s1["translated"], s1["jobs"], s1["notes"]) == (6, 1, [])
    assert (s2["translated"], s2["jobs"], s2["notes"]) == (6, 2, [])
    assert (s3["skipped"], s3["jobs"]) == (6, 0)
