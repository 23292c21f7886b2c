"""Language detection: Kazakh vs its neighbours, script evidence, paragraphs, Latin Kazakh, CLI."""

from __future__ import annotations

import csv
import json

import pytest

from kztranslate.datafiles import read_data

from kztranslate import detect as kd
from kztranslate.errors import InputError
from tests.conftest import SHARED, needs_shared

KK = "Мәжіліс депутаттары сайлау туралы заңға енгізілетін түзетулерді бірінші оқылымда мақұлдады."
RU = "Депутаты Мажилиса одобрили в первом чтении поправки в закон о выборах."
KY = "Кыргызстандын Жогорку Кеңеши шайлоо жөнүндө мыйзамга өзгөртүүлөрдү кабыл алды."
EN = "The deputies of the Mazhilis approved the amendments to the election law in the first reading."
KK_LATIN = "Mäjılıs deputattary sailau turaly zañğa engızılgen tüzetulerdı bırınşı oqylymda maqūldady."


@pytest.mark.parametrize("text,lang,script", [(KK, "kk", "Cyrl"), (RU, "ru", "Cyrl"), (KY, "ky", "Cyrl"), (EN, "en", "Latn"), (KK_LATIN, "kk", "Latn")])
def test_detects_language_and_script(text, lang, script):
    d = kd.detect(text)
    assert (d.language, d.script) == (lang, script)
    assert 0.5 < d.confidence <= 1.0


def test_deterministic():
    assert len({kd.detect(KK + " " + RU) for _ in range(5)}) == 1


def test_script_evidence_rules_out_languages_without_the_letters():
    scores = kd.default_model()
    only_ngrams = kd.Model({l: {"name": l, "freq": {}, "n_words": [1, 1, 1]} for l in kd.OWN_PROFILES}, use_ngrams=False)
    # With no n-gram knowledge at all, the alphabet alone says ғ/қ/ұ text is not Russian or Kyrgyz.
    assert only_ngrams.detect("Қазақ ұлтының ғылымы").language == "kk"
    assert scores.detect("Ўсё будзе добра, калі ласка, сябры мае.").language == "be"


def test_ensure_kazakh_refuses_russian_with_one_line_reason():
    with pytest.raises(InputError) as info:
        kd.ensure_kazakh(RU * 3, "news.txt")
    msg = info.value.message
    assert msg.startswith("news.txt: looks like Russian (") and msg.endswith("not Kazakh; use --force to translate anyway")
    assert kd.ensure_kazakh(RU, "news.txt", force=True).language == "ru"
    assert kd.ensure_kazakh(KK, "kk.txt").language == "kk"


def test_kazakh_article_with_a_russian_paragraph_is_kazakh():
    text = "\n\n".join([KK, RU, KK, "Бұл жаңалықты барлық қазақстандықтар талқылап жатыр."])
    assert kd.detect(text).language == "kk"
    paras = kd.detect_paragraphs(text)
    assert [p.language for p in paras] == ["kk", "ru", "kk", "kk"]
    assert [p.start for p in paras] == [0, len(KK) + 2, len(KK) + len(RU) + 4, 2 * len(KK) + len(RU) + 6]


def test_foreign_paragraphs_are_conservative():
    assert kd.is_foreign_paragraph(RU) == "ru"
    assert kd.is_foreign_paragraph(EN) == "en"
    assert kd.is_foreign_paragraph(KK) is None
    # short headings, even without Kazakh letters, are never taken for Russian
    assert kd.is_foreign_paragraph("Сессия нәтижесі") is None
    assert kd.is_foreign_paragraph("Негізгі өзгерістер") is None
    assert kd.is_foreign_paragraph("Ел дамуының жаңа кезеңі") is None


def test_empty_or_symbol_text_is_undetermined():
    assert kd.detect("2026 — 15:30 ... !!!").language == "und"


def test_reference_article_is_kazakh(seed_text):
    d = kd.detect(seed_text)
    assert d.language == "kk" and d.script == "Cyrl" and d.confidence > 0.99
    assert all(p.language == "kk" for p in kd.detect_paragraphs(seed_text))


def test_kazakh_precision_and_recall_on_shared_dev_set():
    """Sanity bar on ../shared (the profiles were built from these rows, so this is not the held-out
    figure: bench/bench_detect.py cross-validates)."""
    tsv = needs_shared(SHARED / "data" / "langid" / "dev.tsv")
    with tsv.open(encoding="utf-8", newline="") as fh:
        rows = [(r["lang"], r["text"]) for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
    pred = [(lang, kd.detect(text).language) for lang, text in rows]
    kk_pred = [g for g, p in pred if p == "kk"]
    assert sum(g == "kk" for g in kk_pred) / len(kk_pred) >= 0.97
    assert sum(p == "kk" for g, p in pred if g == "kk") / sum(g == "kk" for g, _ in pred) >= 0.97


def test_profiles_are_rebuilt_byte_identical(tmp_path):
    """The committed profiles are exactly what tools/build_profiles.py makes from its sources."""
    needs_shared(SHARED / "data" / "langid" / "dev.tsv")
    from tools.build_profiles import load_rows, training_texts

    rows = load_rows(SHARED / "data" / "langid" / "dev.tsv")
    for lang, texts in training_texts(rows).items():
        built = json.dumps(kd.build_profile(lang, texts), ensure_ascii=False, separators=(",", ":")) + "\n"
        assert built == read_data(f"profiles/{lang}.json")


# --- CLI --------------------------------------------------------------------------------------


def test_cli_json_contract(tmp_path, cli):
    p = tmp_path / "a.txt"
    p.write_text(KK + "\n\n" + RU + "\n", encoding="utf-8")
    proc = cli("detect", str(p), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert list(out) == ["language", "script", "confidence"] and out["language"] == "kk" and out["script"] == "Cyrl"
    proc = cli("detect", str(p), "--format", "json", "--by", "paragraph")
    out = json.loads(proc.stdout)
    assert [(q["language"], q["start"], q["end"]) for q in out["paragraphs"]] == [("kk", 0, len(KK)), ("ru", len(KK) + 2, len(KK) + 2 + len(RU))]


def test_cli_translate_refuses_russian_article(tmp_path, cli):
    p = tmp_path / "ru.txt"
    p.write_text(RU + " " + RU + "\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = cli("translate", str(p), "--to", "ru,en", "--out", str(out), "--engine", "none")
    assert proc.returncode == 2
    assert "looks like Russian" in proc.stderr and "use --force" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists() or not any(out.rglob("*.po"))
    forced = cli("translate", str(p), "--to", "en", "--out", str(out), "--engine", "none", "--force")
    assert forced.returncode == 0, forced.stderr


def _plain_ngram_sum(model: kd.Model, lang: str, grams: list[str]) -> float:
    """The definition the matrix must reproduce: each n-gram's log-probability, the floor when unseen."""
    j = model.langs.index(lang)
    column = {g: model._matrix[row, j] for g, row in model._row.items()}
    total = 0.0
    for g in grams:
        total += column.get(g, model.floor)
    return total


@pytest.mark.parametrize("text", [KK, RU, KY, EN, "Kazinformға Mäjılıs iPhone ҚР-ның 2026 жылғы сайлауы", "қ"])
def test_matrix_scores_equal_the_plain_per_ngram_sum(text):
    """Vectorised scoring (one gather + one sum per text, rows cached per word) gives bit for bit the
    sum over the text's n-grams in order, for every language, with the script filter applied."""
    model = kd.default_model()
    script = "Latn" if text in (EN,) else "Cyrl"
    chars = kd.SCRIPT_CHARS[script]
    grams = [g for g in kd.ngrams(text) if chars.issuperset(g.strip())]
    for _ in range(2):  # twice: nothing carried over between calls
        vector, n = model._ngram_scores(text.lower(), script)
        assert n == len(grams)
        for lang in model.langs:
            assert vector[model.langs.index(lang)] == _plain_ngram_sum(model, lang, grams)


HOSTILE = [
    KK, RU, EN, KK_LATIN, "Kazinformға Mäjılıs iPhone ҚР-ның 2026 жылғы сайлауы", "қ", "a", "", "  \n\t ",
    "ΑΣ Σίσυφος ҚР", "İSTANBUL İzmir ıi", "www.kazinform.kz, info@gov.kz: https://x.y/z қазақ", "𝐀𝐁 қазақ 😀 тіл",
    "a-b_c1d2 ә_ә ٴ", "ТСИЯ тсия", "cоттың Сoтта", "қазақ\u0306 й", "ق ك ڭ ۇ قازاق", "Ўсё будзе добра",
]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("script", [None, "Cyrl", "Latn", "Arab"])
def test_vectorised_rows_are_the_ngrams_in_order(text, script):
    """The array code finds, for any text, the matrix rows of exactly :func:`ngrams` in its order
    (word by word: 1-, 2-, then 3-grams), with the script filter: so the sum is the per-n-gram sum."""
    model = kd.default_model()
    lower = text.lower()
    grams = kd.ngrams(lower)
    if script is not None:
        grams = [g for g in grams if kd.SCRIPT_CHARS[script].issuperset(g.strip())]
    assert model._rows(kd._codepoints(lower), script).tolist() == [model._row.get(g, model._unknown) for g in grams]


def test_letter_table_is_isalpha_within_the_script_ranges():
    """One look-up per code point tells a letter's script exactly as ``str.isalpha`` and the script
    ranges do, for every character of the Basic Multilingual Plane (the space apart)."""
    kind, number, letters = kd._letter_tables()
    for c in range(0x10000):
        ch = chr(c)
        want = next((k + 1 for k, name in enumerate(kd.SCRIPTS) if ch.isalpha() and ch in kd.SCRIPT_CHARS[name]), 0)
        assert kind[c] == (len(kd.SCRIPTS) + 1 if ch == " " else want), hex(c)
        if want:
            assert letters[kd.SCRIPTS[want - 1]][number[c]] == ch


@pytest.mark.parametrize("text", HOSTILE + ["see kazinform.KZ now", "a.b.c", "x@y", "ftp://host", "WWW.GOV.KZ", "3.14 and 2.kzt"])
def test_untouchables_quick_check_changes_nothing(text):
    from kztranslate import translit

    assert translit.without_untouchables(text) == translit._UNTOUCHABLE.sub(" ", text)


def test_detection_keeps_no_state_per_text():
    """Nothing is cached per word or per text: a detection is the same first and again, and the
    model holds nothing more after a thousand distinct texts (memory does not grow with use)."""
    import tracemalloc

    model = kd.Model({lang: kd._own_profile(lang) for lang in kd.OWN_PROFILES})
    texts = [KK, RU, KY, EN, KK_LATIN]
    first = [model.detect(t) for t in texts]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(1000):
            model.detect(f"{KK} {i}{'ә' * (i % 7)} {RU[:i % 50]}x{i}")
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 64_000, grown  # a cache of 2,000 new words would hold far more
    assert [model.detect(t) for t in texts] == first
    assert [(d.language, d.script) for d in first] == [("kk", "Cyrl"), ("ru", "Cyrl"), ("ky", "Cyrl"), ("en", "Latn"), ("kk", "Latn")]


def test_group_scores_are_each_texts_plain_per_ngram_sum():
    """Scoring many texts in one pass (code points joined, one binary search, one gather) gives each
    text bit for bit the plain sum over its own n-grams: nothing leaks across the joins, in any
    mix of script filters, empty texts included."""
    model = kd.default_model()
    filters = [None, "Cyrl", "Latn", "Arab"]
    texts = [(t, filters[i % 4]) for i, t in enumerate(HOSTILE * 2)]
    codes = [-1 if f is None else kd.SCRIPTS.index(f) for _, f in texts]
    import numpy as np

    sums, counts = model._ngram_scores_many([t.lower() for t, _ in texts], np.array(codes))
    for (text, script), vector, n in zip(texts, sums, counts):
        grams = kd.ngrams(text)
        if script is not None:
            grams = [g for g in grams if kd.SCRIPT_CHARS[script].issuperset(g.strip())]
        assert n == len(grams), text
        for j, lang in enumerate(model.langs):
            assert vector[j] == _plain_ngram_sum(model, lang, grams), (text, script, lang)


@pytest.mark.parametrize("group_chars", [1, 60, 20_000])
def test_detect_many_is_detect_of_each(monkeypatch, group_chars):
    """detect_many (an article's paragraphs in one call) gives exactly each text's own detection,
    whatever the grouping (one text per group, a few, all)."""
    model = kd.default_model()
    texts = HOSTILE + [KY, KK * 3, EN + " " + KK, "", KK_LATIN.upper()]
    alone = [model.detect(t) for t in texts]
    monkeypatch.setattr(kd, "GROUP_CHARS", group_chars)
    assert model.detect_many(texts) == alone
    assert model.detect_many([]) == []


def test_detect_paragraphs_is_detect_of_each_paragraph():
    """The article path (detect_paragraphs: one detect_many call) agrees with detecting each
    paragraph on its own, long paragraphs sampled the same way."""
    from kztranslate.segment import segment

    text = "\n\n".join([KK, RU, KK_LATIN, "ق ك ڭ ۇ قازاق", KK * 400, EN])
    found = kd.detect_paragraphs(text)
    assert [(d.language, d.script, d.confidence) for d in found] == [
        tuple(getattr(kd.detect(text[p.start:p.end]), k) for k in ("language", "script", "confidence")) for p in segment(text)
    ]
    assert [d.language for d in found][:2] == ["kk", "ru"]
