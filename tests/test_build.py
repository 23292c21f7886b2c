"""build: PO -> article with the source layout, fallbacks, --only-reviewed, positional layout tags."""

from __future__ import annotations


import polib
import pytest

from kztranslate.build import build_text
from kztranslate.errors import InputError
from kztranslate.pipeline import ArticleJob, translate_articles
from kztranslate.po.catalog import new_catalog
from kztranslate.textio import read_text
from tests.conftest import EXAMPLES, ROOT, SEED, needs_shared

REVIEWED_RU = ROOT / "locales" / "ru" / "mazhilis-election-law.po"


@pytest.mark.parametrize("source", sorted(EXAMPLES.glob("*.txt")) + [SEED], ids=lambda p: p.name)
def test_untranslated_build_reproduces_the_source_layout(tmp_path, source):
    if source == SEED:
        needs_shared(SEED)
    translate_articles([ArticleJob(source, "a")], tmp_path, ["ru"], engine=None)
    text, report = build_text(tmp_path / "ru" / "a.po")
    original = read_text(source)
    # Same paragraphs, headings on their own lines, sentences joined as in the source (whitespace
    # runs inside a paragraph become one space; the file ends with one newline).
    assert text == original.strip() + "\n"
    assert report.reviewed == 0 and report.fallback_untranslated > 0


def test_reviewed_example_builds_to_the_russian_article():
    text, report = build_text(REVIEWED_RU)
    paragraphs = text.rstrip("\n").split("\n\n")
    source_paragraphs = read_text(EXAMPLES / "mazhilis-election-law.txt").strip().split("\n\n")
    assert len(paragraphs) == len(source_paragraphs) == 7
    assert paragraphs[0] == "Мажилис одобрил поправки в закон о выборах"
    assert paragraphs[3].split("\n")[0] == "Основные изменения"  # heading line directly above its text
    assert report.reviewed == 13 and report.fallback == 0


def test_only_reviewed_falls_back_for_fuzzy(tmp_path):
    po = new_catalog("x", "ru")
    po.append(polib.POEntry(msgid="Бірінші.", msgstr="Первое.", comment="kz-position: 0.0"))
    po.append(polib.POEntry(msgid="Екінші.", msgstr="Второе?", flags=["fuzzy"], comment="kz-position: 0.1"))
    po.append(polib.POEntry(msgid="Үшінші.", msgstr="", comment="kz-position: 0.2\nkz-sep: newline"))
    po.append(polib.POEntry(msgid="Hello there.", msgstr="", comment="kz-position: 1.0\nkz-copied: en"))
    path = tmp_path / "x.po"
    po.save(str(path))
    text, report = build_text(path)
    assert text == "Первое. Второе?\nҮшінші.\n\nHello there.\n"
    assert (report.reviewed, report.fuzzy, report.fallback_untranslated, report.copied) == (1, 1, 1, 1)
    text, report = build_text(path, only_reviewed=True)
    assert text == "Первое. Екінші.\nҮшінші.\n\nHello there.\n"
    assert (report.fallback_fuzzy, report.fallback) == (1, 2)


def test_shared_entry_with_different_layout_per_occurrence(tmp_path):
    po = new_catalog("x", "ru")
    po.append(polib.POEntry(msgid="Жаңалықтар", msgstr="Новости", comment="kz-position: 0.0\nkz-position: 1.1\nkz-kind: heading 0.0\nkz-sep: newline 1.1"))
    po.append(polib.POEntry(msgid="Мәтін.", msgstr="Текст.", comment="kz-position: 1.0"))
    path = tmp_path / "x.po"
    po.save(str(path))
    assert build_text(path)[0] == "Новости\n\nТекст.\nНовости\n"


def test_not_a_kztranslate_po(tmp_path):
    po = new_catalog("x", "ru")
    po.append(polib.POEntry(msgid="a", msgstr="b"))
    path = tmp_path / "x.po"
    po.save(str(path))
    with pytest.raises(InputError, match="no kz-position"):
        build_text(path)


def test_round_trip_of_tricky_layout(tmp_path):
    """A sentence repeated with different layout, list lines, a heading right above its text."""
    text = (
        "Жаңалықтар\n\n"
        "Депутаттар келісті. Бүгін сессия өтті.\n\n"
        "Негізгі өзгерістер\n"
        "Жоба қабылданды.\nДепутаттар келісті.\n"
        "1. Бірінші тармақ.\n"
        "2. Екінші тармақ.\n"
    )
    src = tmp_path / "t.txt"
    src.write_text(text, encoding="utf-8")
    translate_articles([ArticleJob(src, "t")], tmp_path / "out", ["en"], engine=None)
    po = polib.pofile(str(tmp_path / "out" / "en" / "t.po"))
    shared = po.find("Депутаттар келісті.")
    assert [ln for ln in shared.comment.splitlines() if not ln.startswith("kz-term")] == ["kz-position: 1.0", "kz-position: 3.1", "kz-sep: newline 3.1"]
    assert po.find("Негізгі өзгерістер").comment.splitlines()[:2] == ["kz-position: 2.0", "kz-kind: heading"]
    assert po.find("Жоба қабылданды.").comment.splitlines()[:2] == ["kz-position: 3.0", "kz-sep: newline"]
    assert build_text(tmp_path / "out" / "en" / "t.po")[0] == text
