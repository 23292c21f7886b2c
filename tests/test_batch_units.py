"""Unit tests of the batch parts that need no model: discovery, state, lock, chunking, runner logic.

The runner tests use a fake pipeline (in-process, serial executor) that writes small real PO files;
the end-to-end tests in test_batch_cli.py run the real CLI with the real pipeline and real models.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kztranslate.batch import runner, worker
from kztranslate.batch.discover import discover
from kztranslate.outlock import LOCK_NAME, OutLock
from kztranslate.batch.progress import PlainProgress, make_progress
from kztranslate.batch.state import BatchState, Stamp, file_sha256
from kztranslate.errors import InputError, OutputError
from kztranslate.textio import atomic_write

KK = "Мәжіліс сайлау туралы заң жобасын мақұлдады. Депутаттар құжатты талқылады.\n"


def write(p: Path, text: str = KK) -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


# -- discovery ---------------------------------------------------------------------------------------
def test_discovery_rule_slugs_and_hidden(tmp_path):
    src = tmp_path / "in"
    write(src / "a.txt")
    write(src / "politics" / "2026" / "law.TXT")
    write(src / "notes.md")
    write(src / "image.png", "x")
    write(src / ".hidden.txt")
    write(src / ".git" / "x.txt")
    write(src / "locales" / "old.txt")  # OUT inside DIR is not searched
    d = discover(src, src / "locales")
    assert [a.slug for a in d.articles] == ["a", "politics/2026/law"]  # Markdown is not an article
    assert [a.rel for a in d.articles] == ["a.txt", "politics/2026/law.TXT"]
    assert d.ignored == []


def test_discovery_slug_clash_is_reported(tmp_path):
    src = tmp_path / "in"
    write(src / "x.txt")
    write(src / "x.TXT")
    d = discover(src)
    assert [a.rel for a in d.articles] == ["x.TXT"]
    assert [(i.path, i.reason) for i in d.ignored] == [("x.txt", "same slug as x.TXT")]


def test_discovery_symlinks_and_fifos(tmp_path):
    src = tmp_path / "in"
    outside = write(tmp_path / "secret" / "s.txt")
    write(src / "real.txt")
    (src / "leak.txt").symlink_to(outside)
    (src / "inside.txt").symlink_to(src / "real.txt")
    (src / "dangling.txt").symlink_to(tmp_path / "nope.txt")
    (src / "outdir").symlink_to(outside.parent, target_is_directory=True)
    (src / "loopdir").symlink_to(src, target_is_directory=True)
    os.mkfifo(src / "pipe.txt")
    d = discover(src)
    assert [a.slug for a in d.articles] == ["inside", "real"]
    reasons = {i.path: i.reason for i in d.ignored}
    assert reasons == {
        "leak.txt": "symlink leaves the input folder",
        "dangling.txt": "symlink leaves the input folder",
        "outdir": "symlink leaves the input folder",
        "pipe.txt": "not a regular file",
    }


def test_discovery_errors(tmp_path):
    with pytest.raises(InputError, match="no such folder"):
        discover(tmp_path / "missing")
    f = write(tmp_path / "f.txt")
    with pytest.raises(InputError, match="not a folder"):
        discover(f)


# -- state ---------------------------------------------------------------------------------------------
def _rec(sha="s1", engines=None):
    return {"path": "a.txt", "sha256": sha, "glossary": "g1", "kztranslate": "0.1", "pot": "a.pot", "targets": {t: {"engine": fp, "file": f"{t}/a.po"} for t, fp in (engines or {"ru": "m1"}).items()}}


def test_state_journal_replay_torn_line_and_compact(tmp_path):
    out = tmp_path / "out"
    write(out / "a.pot", "x")
    write(out / "ru" / "a.po", "x")
    write(out / "en" / "a.po", "x")
    st = BatchState(out).load()
    st.record("a", _rec())
    st.close()
    with open(out / ".kztranslate" / "state.journal", "ab") as fh:
        fh.write(b'{"slug": "b", "rec')  # a kill in the middle of a write
    st2 = BatchState(out).load()
    assert list(st2.articles) == ["a"]
    stamp = Stamp(glossary="g1", version="0.1", engines={"ru": "m1", "en": "e1"})
    assert st2.is_current("a", "s1", stamp, out) == ["en"]
    assert st2.is_current("a", "s2", stamp, out) == ["ru", "en"]  # content changed
    assert st2.is_current("a", "s1", Stamp("g2", "0.1", {"ru": "m1"}), out) == ["ru"]  # glossary changed
    assert st2.is_current("a", "s1", Stamp("g1", "0.1", {"ru": "m2"}), out) == ["ru"]  # model changed
    st2.record("a", _rec(engines={"en": "e1"}))  # adding a target keeps the other one
    assert st2.is_current("a", "s1", stamp, out) == []
    st2.compact()
    assert (out / ".kztranslate" / "state.journal").read_bytes() == b""
    snap = json.loads((out / ".kztranslate" / "state.json").read_text())
    assert set(snap["articles"]["a"]["targets"]) == {"ru", "en"}
    assert BatchState(out).load().is_current("a", "s1", stamp, out) == []
    (out / "ru" / "a.po").unlink()  # a deleted PO is redone
    assert BatchState(out).load().is_current("a", "s1", stamp, out) == ["ru"]


def test_corrupt_snapshot_means_redo_not_crash(tmp_path):
    out = tmp_path / "out"
    write(out / ".kztranslate" / "state.json", "{not json")
    assert BatchState(out).load().articles == {}


def test_file_sha256(tmp_path):
    a = write(tmp_path / "a.txt", "x")
    b = write(tmp_path / "b.txt", "y")
    assert file_sha256(a) != file_sha256(b) and len(file_sha256(a)) == 64


# -- lock ----------------------------------------------------------------------------------------------
def test_lock_exclusive_and_released(tmp_path):
    out = tmp_path / "out"
    with OutLock(out):
        assert (out / LOCK_NAME).read_text().strip() == str(os.getpid())
        with pytest.raises(OutputError, match=rf"is locked by pid {os.getpid()}"):
            OutLock(out).acquire()
    assert not (out / LOCK_NAME).exists()
    with OutLock(out):
        pass


def test_stale_lock_of_dead_pid_is_taken_over(tmp_path):
    out = tmp_path / "out"
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    write(out / LOCK_NAME, f"{p.pid}\n")
    with OutLock(out):
        assert (out / LOCK_NAME).read_text().strip() == str(os.getpid())


def test_lock_held_by_other_process(tmp_path):
    out = tmp_path / "out"
    code = "import sys,time; from kztranslate.outlock import OutLock; l=OutLock(sys.argv[1]).acquire(); print('ok', flush=True); time.sleep(30)"
    p = subprocess.Popen([sys.executable, "-c", code, str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert p.stdout.readline().strip() == "ok"
        with pytest.raises(OutputError) as err:
            OutLock(out).acquire()
        assert err.value.message.startswith(f"{out} is locked by pid {p.pid}")
        assert err.value.exit_code == 4
    finally:
        p.kill()
        p.wait()
    with OutLock(out):  # the kernel dropped the dead holder's lock
        pass


# -- chunking, options ---------------------------------------------------------------------------------
def test_chunk_size_and_grouping(tmp_path):
    assert runner.chunk_size(200, 1) == runner.MAX_CHUNK == 8
    assert runner.chunk_size(200, 2) == 8
    assert runner.chunk_size(20, 1) == 5
    assert runner.chunk_size(5, 2) == 1
    arts = discover(_tree(tmp_path, 5)).articles
    todo = [(a, ("ru", "en")) for a in arts[:3]] + [(a, ("en",)) for a in arts[3:]]
    chunks = runner.make_chunks(todo, 2)
    assert [(t, [a.slug for a in c]) for t, c in chunks] == [(("ru", "en"), ["a0", "a1"]), (("ru", "en"), ["a2"]), (("en",), ["a3", "a4"])]


def test_parse_targets():
    assert runner.parse_targets("ru, en,ru") == ["ru", "en"]
    assert runner.parse_targets(["RU", "en,ru"]) == ["ru", "en"]  # the same parser as translate's --to
    for bad in ("", "kk", "../x", "de"):
        with pytest.raises(InputError):
            runner.parse_targets(bad)


def test_out_with_symlink_leaving_it_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "ru").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(OutputError, match="points outside"):
        runner.check_out(out)
    f = write(tmp_path / "file")
    with pytest.raises(OutputError, match="not a folder"):
        runner.check_out(f)


# -- runner with a fake pipeline ---------------------------------------------------------------------
def _tree(tmp_path: Path, n: int) -> Path:
    src = tmp_path / "in"
    for i in range(n):
        write(src / f"a{i}.txt", f"Мақала {i}. " + KK)
    return src


@dataclass(frozen=True)
class FakeJob:
    path: Path
    slug: str


@dataclass
class FakeResult:
    path: Path
    slug: str
    files: list
    sentences: int
    counts: dict = field(default_factory=dict)
    routes: dict = field(default_factory=dict)
    error: str | None = None


class FakePipeline:
    """Stands in for kztranslate.pipeline in unit tests only: writes tiny PO files, records calls."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def translate_articles(self, jobs, out, targets, *, engine, force=False, on_error="raise", out_id=None):
        self.calls.append([j.slug for j in jobs])
        results = []
        for j in jobs:
            text = Path(j.path).read_bytes()
            if not text.strip():
                results.append(FakeResult(j.path, j.slug, [], 0, error=f"{j.path}: empty file"))
                continue
            files = [out / f"{j.slug}.pot"]
            atomic_write(files[0], 'msgid ""\nmsgstr ""\n')
            for t in targets:
                files.append(out / t / f"{j.slug}.po")
                atomic_write(files[-1], 'msgid ""\nmsgstr ""\n')
            results.append(FakeResult(j.path, j.slug, files, 2))
        return results


@pytest.fixture
def fake(monkeypatch):
    pipe = FakePipeline()
    module = types.ModuleType("kztranslate.pipeline")
    module.ArticleJob = FakeJob
    module.translate_articles = pipe.translate_articles
    monkeypatch.setitem(sys.modules, "kztranslate.pipeline", module)
    fps = {"ru": "kk→ru:m@1", "en": "kk→en:m@1"}
    monkeypatch.setattr(runner, "engine_fingerprints", lambda targets, d, o: {t: fps[t] for t in targets})
    monkeypatch.setattr(runner, "resolve_models_dir", lambda given=None: "/nonexistent")
    monkeypatch.setattr(worker, "get_engine", lambda d, o: types.SimpleNamespace(fingerprint=lambda s, t: fps[t]))
    pipe.fps = fps
    return pipe


def test_runner_incremental(tmp_path, fake):
    src = _tree(tmp_path, 5)
    out = tmp_path / "out"
    s1 = runner.run_batch(src, out, "ru,en")
    assert (s1.articles, s1.translated, s1.skipped, s1.failed, s1.sentences) == (5, 5, 0, [], 10)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.po")) == [f"{l}/a{i}.po" for l in ("en", "ru") for i in range(5)]
    assert fake.calls == [["a0", "a1"], ["a2", "a3"], ["a4"]]  # chunk_size(5, 1) == 2: pooled chunks
    s2 = runner.run_batch(src, out, "ru,en")
    assert (s2.translated, s2.skipped) == (0, 5)
    write(src / "a3.txt", "Өзгерді. " + KK)  # one edit -> one article redone
    (out / "ru" / "a1.po").unlink()  # one lost PO -> one article redone
    fake.calls.clear()
    s3 = runner.run_batch(src, out, "ru,en")
    assert (s3.translated, s3.skipped) == (2, 3)
    assert sorted(sum(fake.calls, [])) == ["a1", "a3"]
    fake.fps["en"] = "kk→en:m@2"  # model update -> everything redone
    s4 = runner.run_batch(src, out, "ru,en")
    assert (s4.translated, s4.skipped) == (5, 0)
    s5 = runner.run_batch(src, out, "ru,en", force=True)
    assert s5.translated == 5
    state = json.loads((out / ".kztranslate" / "state.json").read_text())
    assert sorted(state["articles"]) == [f"a{i}" for i in range(5)]
    assert not (out / LOCK_NAME).exists()


def test_runner_failures_are_collected(tmp_path, fake):
    src = _tree(tmp_path, 3)
    write(src / "empty.txt", "   \n")
    (src / "leak.txt").symlink_to(tmp_path)
    summary = runner.run_batch(src, tmp_path / "out", ["ru"])
    d = summary.as_dict()
    assert d["articles"] == 4 and d["translated"] == 3 and d["skipped"] == 0
    assert d["failed"] == [{"path": "empty.txt", "error": f"{src / 'empty.txt'}: empty file"}]
    assert d["ignored"] == [{"path": "leak.txt", "reason": "symlink leaves the input folder"}]
    assert summary.exit_code == 1
    assert set(d) >= {"articles", "translated", "skipped", "failed", "sentences", "seconds"}
    again = runner.run_batch(src, tmp_path / "out", ["ru"])  # failed ones are retried, done ones skipped
    assert (again.translated, again.skipped, len(again.failed)) == (0, 3, 1)


def test_runner_refuses_locked_out(tmp_path, fake):
    src = _tree(tmp_path, 1)
    with OutLock(tmp_path / "out"):
        with pytest.raises(OutputError, match="is locked by pid"):
            runner.run_batch(src, tmp_path / "out", ["ru"])


def test_plain_progress_lines():
    buf = io.StringIO()
    p = make_progress(buf)
    assert isinstance(p, PlainProgress)
    p.start(3, 2, 1, 0)
    p.article("x/a", 4, None)
    p.article("b", 0, "b.txt: empty file")
    lines = buf.getvalue().splitlines()
    assert lines[0] == "kztranslate: 3 articles: 2 to translate, 1 unchanged (skipped), 0 ignored"
    assert lines[1].startswith("kztranslate: [1/2] x/a: 4 sentences (")
    assert lines[2].startswith("kztranslate: [2/2] b: FAILED: b.txt: empty file")
    assert "\r" not in buf.getvalue() and "\x1b" not in buf.getvalue()


def test_sweep_removes_only_atomic_write_leftovers(tmp_path):
    out = tmp_path / "out"
    write(out / "ru" / ".a.po.kzt-k2j3ab_9.tmp", "half")  # atomic_write's name
    write(out / ".x.pot.abcd1234.tmp", "half")  # the name earlier versions used
    write(out / "en" / ".kztranslate-probe.x8f2ab12", "")
    write(out / "ru" / "a.po", "keep")
    write(out / "notes.tmp", "keep")
    write(out / "notes" / ".draft.tmp", "keep")  # a user's file: hidden, .tmp, not ours
    write(out / "notes" / ".todo.txt.abcd1234.tmp", "keep")  # another program's temp file
    assert runner.sweep_temp_files(out) == 3
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == ["notes.tmp", "notes/.draft.tmp", "notes/.todo.txt.abcd1234.tmp", "ru/a.po"]


def test_rich_progress_on_a_terminal():
    from kztranslate.batch.progress import RichProgress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Tty()
    p = make_progress(stream)
    assert isinstance(p, RichProgress)
    p.start(3, 2, 1, 0)
    p.article("a", 10, None)
    p.article("b", 0, "b.txt: empty file")
    p.close()
    shown = stream.getvalue()
    assert "2/2" in shown and "articles" in shown and "sentences/s" in shown and "ETA" in shown
    assert "failed" in shown and "b.txt: empty file" in shown


def test_folders_are_made_below_out_never_out_itself(tmp_path):
    """``make_folder_below`` (every PO folder of translate/batch): nested folders level by level
    under OUT; a deleted OUT is never recreated, and a replaced one (another folder now at the
    path) is refused before anything is created in it."""
    import shutil

    from kztranslate.outlock import OutFolderGone, folder_identity, make_folder_below

    out = tmp_path / "OUT"
    out.mkdir()
    other = tmp_path / "other"
    other.mkdir()  # exists alongside OUT, so its inode differs from OUT's
    ident = folder_identity(out)
    make_folder_below(out, out / "ru" / "politics" / "2026", ident)
    assert (out / "ru" / "politics" / "2026").is_dir()
    shutil.rmtree(out)
    with pytest.raises(OutFolderGone, match="deleted or replaced during the run"):
        make_folder_below(out, out / "en" / "politics", ident)
    assert not out.exists()
    os.rename(other, out)
    with pytest.raises(OutFolderGone):
        make_folder_below(out, out / "en", ident)
    assert list(out.iterdir()) == []


def test_pipeline_refuses_to_write_into_a_replaced_out(tmp_path):
    """The pipeline given OUT's identity (as batch workers are) writes nothing when OUT is no
    longer that folder, whatever ``on_error``: the whole call stops."""
    from kztranslate.outlock import OutFolderGone, folder_identity
    from kztranslate.pipeline import ArticleJob, translate_articles
    from tests.conftest import EXAMPLES

    first = tmp_path / "first"
    first.mkdir()
    out = tmp_path / "OUT"
    out.mkdir()
    job = ArticleJob(path=EXAMPLES / "mazhilis-election-law.txt", slug="law")
    with pytest.raises(OutFolderGone):
        translate_articles([job], out, ["ru"], engine=None, on_error="collect", out_id=folder_identity(first))
    assert list(out.iterdir()) == []
    (result,) = translate_articles([job], out, ["ru"], engine=None, on_error="collect", out_id=folder_identity(out))
    assert result.error is None and (out / "ru" / "law.po").is_file()
