"""translate_articles: files, headers, tags, merge semantics, translation memory, errors (fake engine)."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from kztranslate.errors import InputError, OutputError
from kztranslate.pipeline import ArticleJob, translate_articles
from kztranslate.po.catalog import read_po, render_entry, write_po
from kztranslate.po.entries import TAG_KIND, TAG_MT, TAG_POSITION, TAG_SEP, TAG_TM, category, fingerprint, is_reviewed, state, tag_values
from kztranslate.po.memory import FUZZY_THRESHOLD, similarity
from kztranslate.segment import sentences
from tests.conftest import EXAMPLES
from tests.fake_engine import FakeEngine

ARTICLE = """Мәслихат жиналды

Бүгін мәслихат сессиясы өтті. Депутаттар бюджетті талқылады.
Сессия екі сағатқа созылды.

Бүгін мәслихат сессиясы өтті.
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(tmp_path: Path, *texts: str, engine=None, targets=("ru", "en"), names=None, **kw):
    jobs = []
    for i, text in enumerate(texts):
        name = (names or [f"a{i}" for i in range(len(texts))])[i]
        jobs.append(ArticleJob(write(tmp_path / "src" / f"{name}.txt", text), name))
    return translate_articles(jobs, tmp_path / "out", targets, engine=engine, **kw)


def entries(po: polib.POFile) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in po if not e.obsolete}


def test_fresh_translation_writes_layout_headers_and_tags(tmp_path):
    engine = FakeEngine()
    [res] = run(tmp_path, ARTICLE, engine=engine)
    out = tmp_path / "out"
    assert res.error is None and res.slug == "a0" and res.sentences == 5
    assert res.files == [out / "a0.pot", out / "ru" / "a0.po", out / "en" / "a0.po"]
    assert all(f.is_file() for f in res.files)
    pot = read_po(out / "a0.pot")
    assert [e.msgid for e in pot] == ["Мәслихат жиналды", "Бүгін мәслихат сессиясы өтті.", "Депутаттар бюджетті талқылады.", "Сессия екі сағатқа созылды."]
    ru = read_po(out / "ru" / "a0.po")
    assert ru.metadata["Language"] == "ru" and ru.metadata["Plural-Forms"].startswith("nplurals=3;")
    assert read_po(out / "en" / "a0.po").metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    for key in ("Project-Id-Version", "POT-Creation-Date", "PO-Revision-Date", "Language-Team", "MIME-Version", "Content-Transfer-Encoding", "X-Generator"):
        assert ru.metadata.get(key), key
    assert ru.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    e = entries(ru)
    # Identical sentences share one entry: two positions, two references.
    repeated = e["Бүгін мәслихат сессиясы өтті."]
    assert tag_values(repeated, TAG_POSITION) == ["1.0", "2.0"]
    assert [line for _, line in repeated.occurrences] == ["3", "6"]
    assert tag_values(e["Мәслихат жиналды"], TAG_KIND) == ["heading"]
    assert tag_values(e["Сессия екі сағатқа созылды."], TAG_SEP) == ["newline"]
    for entry in e.values():
        assert entry.msgstr == f"MT[ru]: {entry.msgid}" and "fuzzy" in entry.flags
        assert state(entry) == (TAG_MT, "kk→ru (direct; fake)")  # a "# kz-mt: ... FP" line
        assert entry.tcomment == f"kz-mt: kk→ru (direct; fake) {fingerprint(entry)}"
    assert res.counts["ru"]["mt"] == 4 and res.counts["ru"]["untranslated"] == 0
    assert {k: str(v) for k, v in res.routes.items()} == {"ru": "kk→ru (direct; fake)", "en": "kk→en (direct; fake)"}


def test_one_engine_call_per_target_for_all_articles(tmp_path):
    engine = FakeEngine()
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    results = run(tmp_path, *texts, engine=engine)
    assert [r.error for r in results] == [None, None]
    assert [t for t, _, _ in engine.calls] == ["ru", "en"]
    expected = {s.text for t in texts for s in sentences(t)}
    assert set(engine.sentences_for("ru")) == expected
    assert len(engine.sentences_for("ru")) == len(expected)  # unique sentences only


def test_rerun_without_changes_rewrites_nothing(tmp_path):
    engine = FakeEngine()
    run(tmp_path, ARTICLE, engine=engine)
    files = sorted((tmp_path / "out").rglob("*.po*"))
    before = {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files}
    [res] = run(tmp_path, ARTICLE, engine=engine)
    assert res.written == []
    assert {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files} == before
    assert len(engine.calls) == 2  # nothing left to machine-translate on the re-run


def review(path: Path, translations: dict[str, str], comment: str | None = None) -> None:
    """Act like an editor: set translations, clear fuzzy, add a translator comment, save."""
    po = polib.pofile(str(path))
    for e in po:
        if e.msgid in translations:
            e.msgstr = translations[e.msgid]
            e.flags = [f for f in e.flags if f != "fuzzy"]
            if comment:
                e.tcomment = comment
    write_po(po, path)


def test_reviewed_entries_survive_reruns_and_changes(tmp_path):
    engine = FakeEngine()
    run(tmp_path, ARTICLE, engine=engine)
    ru_path = tmp_path / "out" / "ru" / "a0.po"
    review(ru_path, {"Депутаттар бюджетті талқылады.": "Депутаты обсудили бюджет.", "Мәслихат жиналды": "Маслихат собрался"}, comment="checked by A.")
    reviewed_blocks = [render_entry(e) for e in read_po(ru_path) if is_reviewed(e)]
    assert len(reviewed_blocks) == 2
    # Change the article: one reviewed sentence slightly edited, one removed sentence, one new.
    changed = ARTICLE.replace("Депутаттар бюджетті талқылады.", "Депутаттар қала бюджетін талқылады.").replace("Сессия екі сағатқа созылды.", "Жаңа сөйлем пайда болды.")
    [res] = run(tmp_path, changed, engine=engine)
    ru = read_po(ru_path)
    e = entries(ru)
    text = ru_path.read_text(encoding="utf-8")
    # The untouched reviewed heading is written back byte for byte (same position, same everything).
    assert reviewed_blocks[0] in text or reviewed_blocks[1] in text
    assert e["Мәслихат жиналды"].msgstr == "Маслихат собрался" and e["Мәслихат жиналды"].tcomment == "checked by A."
    # The edited sentence gets the old reviewed translation as a fuzzy suggestion with #| msgid.
    assert similarity("Депутаттар бюджетті талқылады.", "Депутаттар қала бюджетін талқылады.") >= FUZZY_THRESHOLD
    sugg = e["Депутаттар қала бюджетін талқылады."]
    assert sugg.msgstr == "Депутаты обсудили бюджет." and "fuzzy" in sugg.flags
    assert sugg.previous_msgid == "Депутаттар бюджетті талқылады."
    assert "#| msgid \"Депутаттар бюджетті талқылады.\"" in text
    # The disappeared reviewed sentence is kept as obsolete; the new one is machine-translated.
    obsolete = {o.msgid: o for o in ru if o.obsolete}  # machine output of a removed sentence too, as msgmerge does
    assert sorted(obsolete) == ["Депутаттар бюджетті талқылады.", "Сессия екі сағатқа созылды."]
    assert obsolete["Депутаттар бюджетті талқылады."].msgstr == "Депутаты обсудили бюджет."
    assert e["Жаңа сөйлем пайда болды."].msgstr == "MT[ru]: Жаңа сөйлем пайда болды."
    assert "MT[ru]: Депутаттар қала бюджетін талқылады." not in engine.sentences_for("ru")
    assert res.counts["ru"]["reviewed"] == 1 and res.counts["ru"]["obsolete"] == 2 and res.counts["ru"]["fuzzy"] == 1
    # Bring the old sentence back: the obsolete entry is revived as it was (reviewed).
    run(tmp_path, ARTICLE, engine=engine)
    back = entries(read_po(ru_path))["Депутаттар бюджетті талқылады."]
    assert is_reviewed(back) and back.msgstr == "Депутаты обсудили бюджет." and back.tcomment == "checked by A."


def test_human_edit_of_fuzzy_machine_output_is_not_overwritten(tmp_path):
    engine = FakeEngine()
    run(tmp_path, ARTICLE, engine=engine)
    ru_path = tmp_path / "out" / "ru" / "a0.po"
    po = polib.pofile(str(ru_path))
    po.find("Мәслихат жиналды").msgstr = "Маслихат собрался (черновик)"  # edited, still fuzzy
    po.save(str(ru_path))
    run(tmp_path, ARTICLE + "\nТағы бір сөйлем.\n", engine=engine)
    kept = read_po(ru_path).find("Мәслихат жиналды")
    assert kept.msgstr == "Маслихат собрался (черновик)" and "fuzzy" in kept.flags


def test_translation_memory_exact_reuse_skips_the_engine(tmp_path):
    run(tmp_path, ARTICLE, engine=None)
    review(tmp_path / "out" / "ru" / "a0.po", {"Депутаттар бюджетті талқылады.": "Депутаты обсудили бюджет."})
    engine = FakeEngine()
    other = "Жаңалықтар\n\nДепутаттар бюджетті талқылады. Басқа сөйлем осында.\n"
    [res] = translate_articles([ArticleJob(write(tmp_path / "src" / "b.txt", other), "b")], tmp_path / "out", ["ru"], engine=engine)
    e = entries(read_po(tmp_path / "out" / "ru" / "b.po"))
    reused = e["Депутаттар бюджетті талқылады."]
    assert reused.msgstr == "Депутаты обсудили бюджет." and "fuzzy" not in reused.flags
    assert state(reused) == (TAG_TM, "exact") and category(reused) == "tm"
    assert "Депутаттар бюджетті талқылады." not in engine.sentences_for("ru")
    assert set(engine.sentences_for("ru")) == {"Жаңалықтар", "Басқа сөйлем осында."}
    assert res.counts["ru"]["tm"] == 1 and res.counts["ru"]["mt"] == 2


def test_translation_memory_fuzzy_suggestion_without_mt_and_imported_memory(tmp_path):
    out = tmp_path / "out"
    memory = polib.POFile()
    memory.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ru"}
    memory.append(polib.POEntry(msgid="Депутаттар бюджетті талқылады.", msgstr="Депутаты обсудили бюджет."))
    memory.append(polib.POEntry(msgid="Мұны ешкім көрмейді.", msgstr="черновик", flags=["fuzzy"]))  # not reviewed: ignored
    (out / ".tm").mkdir(parents=True)
    memory.save(str(out / ".tm" / "ru.po"))
    write(out / "ru" / "broken.po", "msgid \"x\"\nmsgstr \"y\"\nmsgid oops\n")
    [res] = run(tmp_path, "Депутаттар қала бюджетін талқылады. Мұны ешкім көрмейді.\n", engine=None, targets=["ru"])
    e = entries(read_po(out / "ru" / "a0.po"))
    sugg = e["Депутаттар қала бюджетін талқылады."]
    assert sugg.msgstr == "Депутаты обсудили бюджет." and "fuzzy" in sugg.flags
    assert sugg.previous_msgid == "Депутаттар бюджетті талқылады."
    assert state(sugg)[1].startswith("fuzzy ") and category(sugg) == "tm"
    assert e["Мұны ешкім көрмейді."].msgstr == ""
    assert any("broken.po" in n for n in res.notes)
    assert res.counts["ru"]["tm"] == 1 and res.counts["ru"]["untranslated"] == 1
    assert str(res.routes["ru"]).startswith("none (")


def test_below_threshold_gets_no_suggestion(tmp_path):
    run(tmp_path, "Депутаттар бюджетті талқылады.\n", engine=None, targets=["ru"])
    review(tmp_path / "out" / "ru" / "a0.po", {"Депутаттар бюджетті талқылады.": "Депутаты обсудили бюджет."})
    far = "Әкім жаңа мектептің ашылуына қатысты."
    assert similarity(far, "Депутаттар бюджетті талқылады.") < FUZZY_THRESHOLD
    translate_articles([ArticleJob(write(tmp_path / "src" / "c.txt", far + "\n"), "c")], tmp_path / "out", ["ru"], engine=None)
    assert entries(read_po(tmp_path / "out" / "ru" / "c.po"))[far].msgstr == ""


def test_missing_model_for_one_target(tmp_path):
    engine = FakeEngine(targets=["en"])
    [res] = run(tmp_path, ARTICLE, engine=engine)
    assert str(res.routes["ru"]).startswith("none (no kk→ru model installed")
    assert res.counts["ru"]["untranslated"] == 4 and res.counts["en"]["mt"] == 4


def test_malformed_existing_po_raises_and_writes_nothing(tmp_path):
    run(tmp_path, ARTICLE, engine=None)
    ru = tmp_path / "out" / "ru" / "a0.po"
    ru.write_text("msgid \"a\"\nmsgstr \"b\"\nmsgid broken\n", encoding="utf-8")
    snapshot = {f: f.read_bytes() for f in (tmp_path / "out").rglob("*") if f.is_file()}
    with pytest.raises(InputError, match=r"a0\.po: malformed PO file"):
        run(tmp_path, ARTICLE + "\nЖаңа сөйлем.\n", engine=None)
    assert {f: f.read_bytes() for f in (tmp_path / "out").rglob("*") if f.is_file()} == snapshot


def test_collect_mode_isolates_bad_articles_and_nested_slugs(tmp_path):
    good = write(tmp_path / "src" / "x.txt", ARTICLE)
    jobs = [ArticleJob(tmp_path / "src" / "missing.txt", "2026/feb/missing"), ArticleJob(good, "2026/feb/x")]
    results = translate_articles(jobs, tmp_path / "out", ["ru"], engine=FakeEngine(), on_error="collect")
    assert "no such file" in results[0].error and results[0].files == []
    assert results[1].error is None
    assert (tmp_path / "out" / "2026" / "feb" / "x.pot").is_file()
    assert (tmp_path / "out" / "ru" / "2026" / "feb" / "x.po").is_file()


def test_unwritable_target_folder_leaves_nothing_partial(tmp_path):
    out = tmp_path / "out"
    write(out / "ru", "not a folder")
    with pytest.raises(OutputError, match="ru"):
        run(tmp_path, ARTICLE, engine=None)
    assert sorted(p.name for p in out.iterdir()) == ["ru"]


def test_bad_targets(tmp_path):
    with pytest.raises(InputError, match="kk"):
        run(tmp_path, ARTICLE, targets=["kk"])
    with pytest.raises(InputError, match="unknown target"):
        run(tmp_path, ARTICLE, targets=["xx"])


def test_editor_that_wraps_comments_loses_nothing(tmp_path):
    """polib (and some editors) wrap long ``#.`` lines; the next run restores our tags, keeps the human parts."""
    long_comment = "a translator note that is much longer than seventy-eight characters, so polib wraps it"
    run(tmp_path, ARTICLE, engine=FakeEngine())
    ru_path = tmp_path / "out" / "ru" / "a0.po"
    po = polib.pofile(str(ru_path))
    e = po.find("Депутаттар бюджетті талқылады.")
    e.msgstr, e.flags, e.tcomment = "Депутаты обсудили бюджет.", [], long_comment
    e.comment += "\nkz-term: бюджет = бюджет города, очень длинное требуемое соответствие термина"
    po.save(str(ru_path))  # polib wraps both comments
    assert len(polib.pofile(str(ru_path)).find(e.msgid).tcomment.splitlines()) > 1
    run(tmp_path, ARTICLE, engine=FakeEngine())
    kept = read_po(ru_path).find(e.msgid)
    assert kept.msgstr == "Депутаты обсудили бюджет." and is_reviewed(kept)
    assert " ".join(kept.tcomment.splitlines()) == long_comment  # wrapped by the editor, words intact
    lines = kept.comment.splitlines()  # our tags rebuilt from the source, the wrapped tail dropped
    assert lines[0] == "kz-position: 1.1" and all(ln.startswith("kz-") for ln in lines)
    assert not any("очень" in ln for ln in lines)
    again = ru_path.read_bytes()
    run(tmp_path, ARTICLE, engine=FakeEngine())
    assert ru_path.read_bytes() == again


class NBestEngine(FakeEngine):
    """Returns a 2-best list whose first hypothesis lacks the glossary term 'бюджет'."""

    def translate(self, sentences, source, target, *, n_best=1):
        from kztranslate.engine.base import Translation

        self.calls.append((target, list(sentences), n_best))
        hyps = (("Депутаты обсудили вопрос.", -1.0), ("Депутаты обсудили бюджет.", -2.0))
        return [Translation(s, hyps[0][0], -1.0, (source, target), ("fake",), hyps if n_best > 1 else ()) for s in sentences]


def test_glossary_terms_select_hypothesis_and_flag_missing(tmp_path):
    pytest.importorskip("kztranslate.glossary")
    engine = NBestEngine()
    [res] = run(tmp_path, "Депутаттар бюджетті талқылады.\n", engine=engine, targets=["ru", "en"])
    assert engine.calls and all(n == 4 for _, _, n in engine.calls)  # n-best asked for the glossary
    ru = entries(read_po(tmp_path / "out" / "ru" / "a0.po"))["Депутаттар бюджетті талқылады."]
    # The POT's terms for every target language, in every PO (what msgmerge would copy there).
    for line in ("kz-term-ru: бюджет = бюджет", "kz-term-ru: депутат = депутат", "kz-term-en: бюджет = budget", "kz-term-en: депутат = deputy"):
        assert line in ru.comment.splitlines()
    assert ru.comment == entries(read_po(tmp_path / "out" / "a0.pot"))[ru.msgid].comment
    assert ru.msgstr == "Депутаты обсудили бюджет."  # the hypothesis with the required terms wins
    # No hypothesis has the English terms: flagged (recomputed from the msgid, no marker needed).
    assert res.counts["en"]["flagged"] == 1 and res.counts["ru"]["flagged"] == 0


def test_foreign_paragraphs_are_copied_and_latin_is_transliterated_for_mt(tmp_path):
    """Real detection: a Russian paragraph is copied through (not sent to kk->xx MT) and a Latin-script
    Kazakh sentence is transliterated for MT while its msgid stays as written."""
    from kztranslate.build import build_text

    engine = FakeEngine()
    russian = "Депутаты Мажилиса одобрили в первом чтении поправки в закон о выборах."
    latin = "Bügın Mäjılıs deputattary sailau turaly zañdy talqylady."
    text = f"Бүгін мәслихат сессиясы өтті.\n\n{russian}\n\n{latin}\n"
    [res] = run(tmp_path, text, engine=engine, targets=["ru"])
    po_path = tmp_path / "out" / "ru" / "a0.po"
    e = entries(read_po(po_path))
    copied = e[russian]
    assert copied.msgstr == "" and tag_values(copied, "kz-copied") == ["ru"]
    cyrillic = "Бүгін Мәжіліс депутаттары сайлау туралы заңды талқылады."
    assert tag_values(e[latin], "kz-latin") == [cyrillic]
    assert engine.sentences_for("ru") == ["Бүгін мәслихат сессиясы өтті.", cyrillic]
    assert res.counts["ru"]["copied"] == 1 and res.counts["ru"]["mt"] == 2
    built, report = build_text(po_path)
    assert built.split("\n\n")[1] == russian and report.copied == 1
