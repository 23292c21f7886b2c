"""The inflection-aware Kazakh matcher: grammar (against hand-written forms), matching rules, scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from kztranslate.glossary import load_glossary
from kztranslate.glossary.evaluate import parse_annotated, read_annotated, score
from kztranslate.glossary.kazakh import Matcher, inflect, load_grammar, px3_stems
from kztranslate.glossary.model import Term

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


def term(kk: str, match: str = "", pos: str = "noun", tid: str | None = None) -> Term:
    return Term(tid or kk, kk, "ru-" + kk, "en-" + kk, pos, "elections", match)


# Forms written out by hand from Kazakh grammar tables (not produced by the code under test).
HAND_FORMS = {
    "Конституция": ["конституцияға", "конституцияның", "конституциясы", "конституциямызды", "конституцияда",
                    "конституциядан", "конституциямен", "конституцияны", "конституциясына", "конституциясында"],
    "Парламент": ["парламентінде", "парламенттің", "парламентке", "парламенттегі", "парламентті", "парламенттен",
                  "парламентпен", "парламенті", "парламенттер"],
    "Сенат": ["сенатқа", "сенатының", "сенатта", "сенаттан", "сенаттың", "сенатты", "сенатпен"],
    "Мәжіліс": ["мәжіліске", "мәжілістің", "мәжілісте", "мәжілістен", "мәжілісі", "мәжілісінде", "мәжіліспен"],
    "сайлау": ["сайлауға", "сайлаудың", "сайлауда", "сайлаудан", "сайлаулар", "сайлауы", "сайлауын", "сайлауларда"],
    "заң": ["заңға", "заңның", "заңды", "заңдар", "заңнан", "заңмен", "заңда", "заңдардың", "заңымыз"],
    "мәслихат": ["мәслихатқа", "мәслихаттың", "мәслихатта", "мәслихаттар", "мәслихатының", "мәслихаттары"],
    "әкім": ["әкімі", "әкімнің", "әкімге", "әкімдер", "әкімдердің", "әкімнен", "әкіммен", "әкімін"],
    "референдум": ["референдумға", "референдумның", "референдумда", "референдумды", "референдуммен"],
    "түзету": ["түзетуге", "түзетулер", "түзетудің", "түзетуі", "түзетулерді"],
    "бап": ["бабы", "бабына", "бабында", "баптар", "баптың", "бапқа"],
    "әкімдік": ["әкімдігі", "әкімдікке", "әкімдіктің", "әкімдіктер", "әкімдігінде"],
    "бюллетень": ["бюллетеньдер", "бюллетеньге", "бюллетені", "бюллетенін"],
    "Премьер-Министр": ["премьер-министрдің", "премьер-министрге", "премьер-министрмен"],
    "сөз": ["сөзбен", "сөзге", "сөздің", "сөзі"],
    "кітап": ["кітаппен", "кітапқа", "кітаптың", "кітабы"],
    "банк": ["банктің", "банкке", "банкі"],
}


@pytest.mark.parametrize("stem", sorted(HAND_FORMS))
def test_grammar_generates_hand_written_forms(stem):
    forms = inflect(stem)
    missing = [f for f in HAND_FORMS[stem] if f not in forms]
    assert not missing


@pytest.mark.parametrize("stem,wrong", [
    ("Конституция", ["конституцияге", "конституцияқа", "конституциялық", "конституциялар1"]),
    ("Парламент", ["парламентқа", "парламенттың", "парламентге"]),
    ("сайлау", ["сайлады", "сайлап", "сайлаушы", "сайланды", "сайлауқа"]),
    ("заң", ["заңгер", "заңсыз", "заңнама", "заңбен"]),
    ("әкім", ["әкімдік", "әкімшілік", "әкімге1"]),
])
def test_grammar_does_not_generate_other_words(stem, wrong):
    forms = inflect(stem)
    assert not [w for w in wrong if w in forms]


def test_px3_stems_and_compound_forms():
    assert "комиссия" in px3_stems("комиссиясы")
    assert "әкімдік" in px3_stems("әкімдігі")
    assert "сайлау" in px3_stems("сайлауы")
    assert "мәжіліс" in px3_stems("Мәжілісі")
    forms = inflect("комиссия", px3_only=True)
    assert {"комиссиясының", "комиссиясына", "комиссиясында", "комиссияларының", "комиссиясымен"} <= set(forms)
    assert "комиссия" not in forms and "комиссияның" not in forms  # a compound head always has the possessive


def test_harmony_rules_from_data():
    g = load_grammar()
    assert g.harmonies("конституция") == ("back",)
    assert g.harmonies("парламент") == ("front",)
    assert g.harmonies("сайлау") == ("back",)  # у after a vowel is a consonant
    assert set(g.harmonies("референдум")) == {"back", "front"}  # у after a consonant: ambiguous


def test_issue_examples(glossary):
    text = "Мәжіліс пен мәслихат. Орталық сайлау комиссиясының төрағасы облыс әкімдігінде, Жоғарғы Соттың ғимаратында."
    got = [(m.text, m.term.kk) for m in glossary.match(text)]
    assert ("Мәжіліс", "Мәжіліс") in got
    assert ("мәслихат", "мәслихат") in got
    assert ("Орталық сайлау комиссиясының төрағасы", "Орталық сайлау комиссиясының төрағасы") in got
    assert ("облыс әкімдігінде", "облыс әкімдігі") in got
    assert ("Жоғарғы Соттың", "Жоғарғы Сот") in got
    m = glossary.match("Мәжіліс")[0]
    assert (m.term.ru, m.term.en) == ("Мажилис", "Mazhilis")


def test_longest_match_wins_and_offsets_are_code_points():
    matcher = Matcher([term("сайлау"), term("сайлау учаскесі", "px3"), term("учаске")])
    text = "Әр сайлау учаскесінде 😀 сайлау өтті."
    ms = matcher.match(text)
    assert [(m.text, m.term.kk) for m in ms] == [("сайлау учаскесінде", "сайлау учаскесі"), ("сайлау", "сайлау")]
    for m in ms:
        assert text[m.start:m.end] == m.text


def test_multiword_needs_exact_leading_words_and_plain_gaps():
    matcher = Matcher([term("облыс әкімдігі", "px3")])
    assert matcher.match("облыс  әкімдігіне") and matcher.match("облыс\nәкімдігіне")
    assert not matcher.match("облыстың әкімдігіне")  # only the last word inflects
    assert not matcher.match("облыс, әкімдігіне")
    assert not matcher.match("облыс\n\nәкімдігіне")  # not across paragraphs


def test_capitals_quotes_and_latin_lookalikes_do_not_break_a_match():
    matcher = Matcher([term("Конституция"), term("мәслихат")])
    for text in ("«Конституцияға» адал", "КОНСТИТУЦИЯҒА", "Мәслихатқа келді", "мәслихатқа \"Конституцияның\""):
        assert matcher.match(text), text
    m = matcher.match("мәслихатта")[0]
    assert m.text == "мәслихатта"
    # A Latin i typed for Kazakh і (common in copied text) still matches, offsets unchanged.
    assert matcher.match("Конституциямызда iс")[0].end == len("Конституциямызда")


def test_a_word_merely_starting_with_the_term_is_not_a_match():
    matcher = Matcher([term("сот"), term("Конституция"), term("заң"), term("әкім")])
    text = "Ол сотталды. Конституциялық норма. Заңгер келді. Әкімшілік ғимарат. Сотталушы."
    assert matcher.match(text) == []


def test_cap_flag_separates_chamber_from_meeting():
    matcher = Matcher([term("Мәжіліс", "cap")])
    assert matcher.match("Мәжіліске барды")
    assert matcher.match("МӘЖІЛІСКЕ барды")
    assert not matcher.match("ақсақалдар мәжілісінде")


def test_first_names_are_not_terms():
    matcher = Matcher([term("сайлау", "name"), term("әкім", "name"), term("азамат", "name")])
    assert not matcher.match("Сайлау Жұмабеков сөйледі.")
    assert not matcher.match("Сөзді Әкім Серікбаев алды.")
    assert not matcher.match("Жиында Азамат сөз сөйледі.")
    assert not matcher.match("Кездесуге Сайлау Н. қатысты.")
    assert [m.text for m in matcher.match("Сайлау наурызда өтеді. Әкімге хат келді.")] == ["Сайлау", "Әкімге"]
    assert [m.text for m in matcher.match("«Сайлау – 2026» жобасы")] == ["Сайлау"]


def test_not_term_phrases_block_the_adjective_reading(glossary):
    assert [m.term.id for m in glossary.match("Үкім заңды күшіне енді.")] == ["verdict"]
    assert [m.term.id for m in glossary.match("Депутаттар заңды қабылдады.")] == ["deputy", "law"]


def test_parse_annotated_markup():
    text, gold = parse_annotated("{Мәжіліске|mazhilis} {Сайлау|} Жұмабеков")
    assert text == "Мәжіліске Сайлау Жұмабеков"
    assert gold == [(0, 9, "mazhilis")]


@pytest.mark.parametrize("name", ["glossary_eval.txt", "glossary_heldout.txt"])
def test_recall_and_precision_targets(glossary, name):
    s = score(glossary, read_annotated(DATA / name))
    assert s.gold >= 150
    assert s.recall >= 0.98, "\n".join(s.misses)
    assert s.precision >= 0.99, "\n".join(s.false_hits)


def test_every_glossary_term_matches_its_own_citation_form(glossary):
    # Each entry, written as in the glossary, must be found (as itself) in a plain sentence.
    failures = []
    for t in glossary.terms:
        found = glossary.match(f"Бүгін {t.kk} туралы айтылды.")
        if not any(m.term.kk == t.kk or len(m.term.kk) > len(t.kk) for m in found):
            failures.append(t.id)
    assert not failures


def test_matching_shared_seed_article(seed_text, glossary):
    # The copyrighted reference article is read from ../shared, never copied: every match must be
    # a whole word span of the text, and the civic core of the article must be found.
    ms = glossary.match(seed_text)
    assert ms
    for m in ms:
        assert seed_text[m.start:m.end] == m.text
        assert m.start == 0 or not seed_text[m.start - 1].isalpha()
        assert m.end == len(seed_text) or not seed_text[m.end].isalpha()
    assert {"referendum"} & {m.term.id for m in ms}
