"""Segmenter: the reference article, every Kazakh rule, the CLI contract, gold data, properties."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kztranslate.segment import segment, sentences
from testkit.news_gold import seed_expected
from tests.conftest import SHARED, needs_shared

# The reference article (../shared/seed/), segmented by hand (testkit/data/seed_gold.json): per
# paragraph its kind and, per sentence, its first three and last two words (not the copyrighted text
# itself). Read off the article: 3 heading lines without a final stop become their own paragraphs; a
# single line break after a full stop stays inside the paragraph; "Т. Жүргенов" and "үшін!»
# жалпыұлттық" do not split.
SEED_EXPECTED = seed_expected()


def _words(text: str) -> tuple[str, str]:
    w = text.split()
    return " ".join(w[:3]), " ".join(w[-2:])


def test_reference_article_segments_exactly(seed_text):
    got = [(p.kind, [_words(s.text) for s in p.sentences]) for p in segment(seed_text)]
    assert got == [(kind, list(sents)) for kind, sents in SEED_EXPECTED]


def test_reference_article_offsets(seed_text):
    for s in sentences(seed_text):
        assert seed_text[s.start:s.end] == s.text == s.text.strip()


def split(text: str) -> list[str]:
    return [s.text for s in sentences(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        # initials
        ("Т. Жүргенов атындағы академия. Ректоры келді.", ["Т. Жүргенов атындағы академия.", "Ректоры келді."]),
        ("Жиынды А.Б. Сәрсенбаев ашты. Ол сөз сөйледі.", ["Жиынды А.Б. Сәрсенбаев ашты.", "Ол сөз сөйледі."]),
        ("Баяндаманы Е. Қ. Сейітов жасады.", ["Баяндаманы Е. Қ. Сейітов жасады."]),
        # abbreviations that never end a sentence
        ("Абай көш. 12-үйде өтті. Келесі жиын ертең.", ["Абай көш. 12-үйде өтті.", "Келесі жиын ертең."]),
        ("Алматы обл. Талдықорған ш. Абай даңғ. бойында.", ["Алматы обл. Талдықорған ш. Абай даңғ. бойында."]),
        ("Жиынға проф. Қ. Әбенов қатысты.", ["Жиынға проф. Қ. Әбенов қатысты."]),
        # abbreviations that may end a sentence
        ("Заң 2026 ж. қабылданды.", ["Заң 2026 ж. қабылданды."]),
        ("Ол 1990 ж. Кейін Алматыға көшті.", ["Ол 1990 ж.", "Кейін Алматыға көшті."]),
        ("Кітаптар, журналдар т.б. жинақталды. Жиын аяқталды.", ["Кітаптар, журналдар т.б. жинақталды.", "Жиын аяқталды."]),
        ("Бұл б.з.д. III ғасыр. Жаңа дәуір.", ["Бұл б.з.д. III ғасыр.", "Жаңа дәуір."]),
        ("Шығыс 12,4 млрд. теңгеге жетті. Кіріс өсті.", ["Шығыс 12,4 млрд. теңгеге жетті.", "Кіріс өсті."]),
        ("Табыс 16,3 млрд. АҚШ долларын құрады.", ["Табыс 16,3 млрд. АҚШ долларын құрады."]),
        ("1939 ж. Қ. Жұмалиев кітап жазды.", ["1939 ж. Қ. Жұмалиев кітап жазды."]),
        ("Бұл ҚР Конституциясы. Ол 1995 ж. қабылданған.", ["Бұл ҚР Конституциясы.", "Ол 1995 ж. қабылданған."]),
        # numbers, dates, URLs, e-mails
        ("Кездесу 13.02.2026 күні өтті. Бәрі келді.", ["Кездесу 13.02.2026 күні өтті.", "Бәрі келді."]),
        ("Өсім 3.5 % болды. Бұл жақсы.", ["Өсім 3.5 % болды.", "Бұл жақсы."]),
        ("Референдум 15-наурызда өтеді. Дайындық жүріп жатыр.", ["Референдум 15-наурызда өтеді.", "Дайындық жүріп жатыр."]),
        ("Толығырақ: www.parlam.kz сайтында. Хат: press@parlam.kz арқылы.", ["Толығырақ: www.parlam.kz сайтында.", "Хат: press@parlam.kz арқылы."]),
        ("Сайт https://election.kz/kz/news.html мекенжайында. Келесі.", ["Сайт https://election.kz/kz/news.html мекенжайында.", "Келесі."]),
        ("Бұл 2-ші кезең. 3-ші кезең кейін.", ["Бұл 2-ші кезең.", "3-ші кезең кейін."]),
        # quotes with final punctuation inside
        ("«Әділетті Қазақстан үшін!» коалициясы құрылды.", ["«Әділетті Қазақстан үшін!» коалициясы құрылды."]),
        ("Ол: «Біз дайынбыз.» Содан кейін кетті.", ["Ол: «Біз дайынбыз.»", "Содан кейін кетті."]),
        ("«Қашан келесің?!» – деп сұрады ол.", ["«Қашан келесің?!» – деп сұрады ол."]),
        ('Ол "Жаңа заң" деп атады. "Келісемін!" деді.', ['Ол "Жаңа заң" деп атады.', '"Келісемін!" деді.']),
        # ellipses
        ("Ол ойланды... Сосын жауап берді.", ["Ол ойланды...", "Сосын жауап берді."]),
        ("Күте тұрыңыз… Жауап келеді.", ["Күте тұрыңыз…", "Жауап келеді."]),
        ("Ол ... деп күбірледі.", ["Ол ... деп күбірледі."]),
        # dashes opening direct speech
        ("– Біз дайынбыз, – деді ол. – Жұмыс басталды.", ["– Біз дайынбыз, – деді ол.", "– Жұмыс басталды."]),
        ("Шешім қабылданды. — Бұл тарихи сәт, — деді төраға.", ["Шешім қабылданды.", "— Бұл тарихи сәт, — деді төраға."]),
        # lower case after a stop continues the sentence
        ("Бұл т. б. мәселелер. Келесі.", ["Бұл т. б. мәселелер.", "Келесі."]),
        # a full word "жыл" (year) is not an abbreviation; brands like iKomek start sentences
        ("Тәуелсіздікке биыл 35 жыл. Мерекелік шаралар өтеді.", ["Тәуелсіздікке биыл 35 жыл.", "Мерекелік шаралар өтеді."]),
        ("Өтінім порталда қабылданады. iKomek арқылы да жіберуге болады.", ["Өтінім порталда қабылданады.", "iKomek арқылы да жіберуге болады."]),
        # question and exclamation
        ("Кім келді? Біз келдік! Жақсы.", ["Кім келді?", "Біз келдік!", "Жақсы."]),
    ],
)
def test_kazakh_rules(text, expected):
    assert split(text) == expected


def test_lists_split_per_item_and_keep_numbers():
    text = "Жоба үш бөлімнен тұрады:\n1. Сайлау тәртібі.\n2. Бақылаушылар.\n- Цифрлық учаскелер\n- Бюллетеньдер"
    assert split(text) == ["Жоба үш бөлімнен тұрады:", "1. Сайлау тәртібі.", "2. Бақылаушылар.", "- Цифрлық учаскелер", "- Бюллетеньдер"]


def test_headings_become_their_own_paragraphs():
    text = "Басты тақырып\n\nБірінші сөйлем. Екінші сөйлем.\nАралық тақырып\nҮшінші сөйлем.\n"
    paras = segment(text)
    assert [(p.kind, [s.text for s in p.sentences]) for p in paras] == [
        ("heading", ["Басты тақырып"]),
        ("body", ["Бірінші сөйлем.", "Екінші сөйлем."]),
        ("heading", ["Аралық тақырып"]),
        ("body", ["Үшінші сөйлем."]),
    ]


def test_wrapped_lines_are_not_headings():
    text = "Мәжіліс депутаттары бүгін жалпы отырыста\nсайлау туралы заңға түзетулерді\nмақұлдады. Құжат Сенатқа жіберілді."
    paras = segment(text)
    assert [p.kind for p in paras] == ["body"]
    assert [s.text for s in paras[0].sentences][1] == "Құжат Сенатқа жіберілді."


def test_single_line_break_between_finished_sentences_keeps_the_paragraph():
    paras = segment("Бірінші сөйлем.\nЕкінші сөйлем.")
    assert len(paras) == 1 and len(paras[0].sentences) == 2


def test_windows_text_after_reader(tmp_path):
    from kztranslate.textio import read_text

    p = tmp_path / "a.txt"
    p.write_bytes("Тақырып\r\n\r\nБірінші. Екінші.\r\n".encode("utf-8"))
    text = read_text(p)
    assert [s.text for s in sentences(text)] == ["Тақырып", "Бірінші.", "Екінші."]


# --- CLI contract ---------------------------------------------------------------------------


def test_cli_jsonl_contract(tmp_path, cli):
    text = "Тақырып\n\nБірінші сөйлем. Екінші сөйлем.\n\nҮшінші сөйлем.\n"
    p = tmp_path / "a.txt"
    p.write_text(text, encoding="utf-8")
    proc = cli("segment", str(p), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [list(r) for r in rows] == [["paragraph", "sentence", "start", "end", "kind", "text"]] * 4
    assert [(r["paragraph"], r["sentence"], r["kind"]) for r in rows] == [(0, 0, "heading"), (1, 1, "body"), (1, 2, "body"), (2, 3, "body")]
    for r in rows:
        assert text[r["start"]:r["end"]] == r["text"]


def test_cli_text_format(tmp_path, cli):
    p = tmp_path / "a.txt"
    p.write_text("Тақырып\n\nБірінші сөйлем. Екінші сөйлем.\n", encoding="utf-8")
    proc = cli("segment", str(p))
    assert proc.returncode == 0
    assert proc.stdout == "Тақырып\n\nБірінші сөйлем.\nЕкінші сөйлем.\n"


def test_cli_offsets_are_after_bom_and_newline_normalisation(tmp_path, cli):
    p = tmp_path / "a.txt"
    p.write_bytes(b"\xef\xbb\xbf" + "Бір.\r\nЕкі.".encode("utf-8"))
    rows = [json.loads(x) for x in cli("segment", str(p), "--format", "jsonl").stdout.splitlines()]
    assert [(r["start"], r["end"]) for r in rows] == [(0, 4), (5, 9)]


# --- gold data (../shared) -------------------------------------------------------------------


def boundary_prf(pred_ends: list[set[int]], gold_ends: list[set[int]]) -> tuple[float, float, float]:
    tp = sum(len(p & g) for p, g in zip(pred_ends, gold_ends))
    fp = sum(len(p - g) for p, g in zip(pred_ends, gold_ends))
    fn = sum(len(g - p) for p, g in zip(pred_ends, gold_ends))
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


@pytest.mark.parametrize("subset", ["ud-ktb-dev", "ud-ktb-train"])
def test_gold_boundary_f1(subset):
    folder = needs_shared(SHARED / "data" / "kk-segmentation" / subset)
    preds, golds = [], []
    for txt in sorted(folder.glob("*.txt")):
        text = txt.read_text("utf-8")
        gold = [json.loads(line) for line in txt.with_suffix(".gold.jsonl").read_text("utf-8").splitlines()]
        golds.append({g["end"] for g in gold[:-1]})
        preds.append({s.end for s in sentences(text)[:-1]})
    _, _, f1 = boundary_prf(preds, golds)
    assert f1 >= 0.98


# --- properties -------------------------------------------------------------------------------

_alphabet = st.sampled_from(list("абвқәңғүұөһі АБҚӘҢ.!?…«»\"'()-–—\n\t 0123456789,;:ТЖж"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_alphabet, max_size=200) | st.text(max_size=80))
def test_properties_of_any_text(text):
    paras = segment(text)
    prev_end = 0
    pieces = []
    for p in paras:
        assert p.kind in ("heading", "body") and p.sentences
        for s in p.sentences:
            assert prev_end <= s.start < s.end <= len(text)
            assert text[s.start:s.end] == s.text and s.text == s.text.strip() and s.text
            pieces.append(s.text)
            prev_end = s.end
    assert re.sub(r"\s", "", "".join(pieces)) == re.sub(r"\s", "", text)


def test_news_gold_set_segments_exactly():
    """Hand-written news paragraphs (testkit/data/news_gold.json) with every hard case at once."""
    from testkit.news_gold import documents

    for text, gold in documents():
        assert [s.text for s in sentences(text)] == gold
