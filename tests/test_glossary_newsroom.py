"""Glossary on 2026 election and referendum news (issue 14, item 7): precision (verb uses are not
terms, an unhyphenated Премьер Министрі is the Prime Minister) and recall (this year's vocabulary).
Sentences written for kztranslate in the style of Kazakh news."""

from __future__ import annotations

import pytest

from kztranslate.glossary import load_glossary

# (sentence, term ids that must be found, term ids that must not be)
CASES = [
    # precision
    ("Үкімет бұл мәселе бойынша қаулы етеді.", {"government"}, {"resolution"}),
    ("Министрлік астық нарығын түзету үшін шара қабылдады.", {"ministry"}, {"amendment"}),
    ("Депутаттар заң жобасына түзету енгізді.", {"bill", "amendment"}, set()),
    ("Премьер Министрі жиынды ашты.", {"prime-minister"}, {"minister"}),
    ("Премьер-Министрі жиынды ашты.", {"prime-minister"}, {"minister"}),
    ("Ауданда жер учаскесі бөлінді.", set(), {"precinct"}),
    ("Сот қаулы шығарды.", {"court", "resolution"}, set()),
    # recall: 2026 referendum and election vocabulary
    ("Учаскелік комиссия мүшелері таңертең жиналды.", {"precinct-commission"}, {"commission"}),
    ("Сайлаушылар учаскеге ерте келді.", {"voter", "precinct"}, set()),
    ("Референдум учаскесі сағат жетіде ашылды.", {"referendum-precinct"}, {"referendum"}),
    ("Дауыс беру учаскесінде кезек болды.", {"voting-precinct"}, {"voting"}),
    ("Ол есептен шығару куәлігін алды.", {"absentee-certificate-removal"}, set()),
    ("Орталық референдум комиссиясы нәтижені жариялады.", {"central-referendum-commission"}, {"referendum", "commission"}),
    ("Территориялық сайлау комиссиясы отырыс өткізді.", {"territorial-election-commission-t"}, {"election-commission"}),
    ("Жаңа Елтаңба бекітілді.", {"emblem"}, set()),
    ("Комиссия төрайымы баяндама жасады.", {"chairwoman"}, set()),
    ("Конституциялық Сот нормативтік қаулы қабылдады.", {"constitutional-court", "normative-resolution"}, {"resolution"}),
    ("Қылмыстық-процестік кодекске өзгерістер енгізілді.", {"criminal-procedure-code"}, {"code"}),
    ("Вице-премьер кеңес өткізді.", {"vice-premier"}, set()),
    ("ҚР Президенті Жарлыққа қол қойды.", {"rk-abbr", "president"}, set()),
    ("Халық қалаулылары заңды талқылады.", {"peoples-representatives"}, set()),
    ("Президенттік сайлау 2029 жылы өтеді.", {"presidential-election-adj"}, {"election"}),
]


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


@pytest.mark.parametrize("text,wanted,unwanted", CASES)
def test_civic_news_terms(glossary, text, wanted, unwanted):
    found = {m.term.id for m in glossary.match(text)}
    assert wanted <= found, (wanted - found, found)
    assert not (unwanted & found), unwanted & found


def test_new_terms_have_sources_and_translations(glossary):
    for term_id in ("precinct", "central-referendum-commission", "absentee-certificate-removal", "rk-abbr"):
        t = next(t for t in glossary.terms if t.id == term_id)
        assert t.source and t.ru and t.en


def test_glossary_lint_is_clean(cli):
    r = cli("glossary", "lint")
    assert r.returncode == 0 and "0 error(s)" in r.stderr, r.stdout + r.stderr
