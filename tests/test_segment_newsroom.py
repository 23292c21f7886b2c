"""Segmenter on Kazakh as newsrooms type it (issue 14, items 1-4): „…“ / “…“ / ”…” quotes, a space
before », headlines and leads, agency datelines, initials, "2024 ж." inside a sentence, inline lists.

Every example was written for kztranslate in the style of real news pages (not taken from any corpus).
"""

from __future__ import annotations

import pytest

from kztranslate.segment import segment, sentences


def split(text: str) -> list[str]:
    return [s.text for s in sentences(text)]


def kinds(text: str) -> list[tuple[str, int]]:
    return [(p.kind, len(p.sentences)) for p in segment(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        # item 1: quotes as people type them
        ("Ол: „Біз келеміз.“ Бұл туралы хабарланды.", ["Ол: „Біз келеміз.“", "Бұл туралы хабарланды."]),
        ("Министр: “Жол биыл салынады.“ Жұмыс басталды.", ["Министр: “Жол биыл салынады.“", "Жұмыс басталды."]),
        ("Ол былай деді. ”Біз келеміз”, – деді министр.", ["Ол былай деді.", "”Біз келеміз”, – деді министр."]),
        ("Төраға сөйледі. »Заң қабылданды«, – деді ол.", ["Төраға сөйледі.", "»Заң қабылданды«, – деді ол."]),
        ("Ол: «Біз келеміз. » Бұл туралы хабарланды.", ["Ол: «Біз келеміз. »", "Бұл туралы хабарланды."]),
        ("Әкім: „Мектеп салынады!“ Тұрғындар қуанды.", ["Әкім: „Мектеп салынады!“", "Тұрғындар қуанды."]),
        # a quotation closing mid-sentence still does not split
        ("„Жаңа Қазақстан“ бағдарламасы қабылданды.", ["„Жаңа Қазақстан“ бағдарламасы қабылданды."]),
        ("Ол „Келеміз!“ деп жауап берді.", ["Ол „Келеміз!“ деп жауап берді."]),
        # item 3: agency datelines stay with their sentence
        ("АСТАНА. KAZINFORM — Бүгін Астанада жиын өтті.", ["АСТАНА. KAZINFORM — Бүгін Астанада жиын өтті."]),
        ("АЛМАТЫ. KAZINFORM – Қалада жаңа саябақ ашылды. Оған әкім қатысты.",
         ["АЛМАТЫ. KAZINFORM – Қалада жаңа саябақ ашылды.", "Оған әкім қатысты."]),
        ("ШЫМКЕНТ. ҚазАқпарат - Облыста егін жинау басталды.", ["ШЫМКЕНТ. ҚазАқпарат - Облыста егін жинау басталды."]),
        # ... but an upper-case word inside a paragraph is not a dateline
        ("Жиынға ҚР өкілдері келді. Ертең тағы жиын болады.", ["Жиынға ҚР өкілдері келді.", "Ертең тағы жиын болады."]),
        # item 4: initials, "2024 ж." inside a sentence, inline numbered lists
        ("Мерфи Дж. Поул кітабын шығарды.", ["Мерфи Дж. Поул кітабын шығарды."]),
        ("Elbasy N.Á. Nazarbaev sóz sóiledi.", ["Elbasy N.Á. Nazarbaev sóz sóiledi."]),
        ("Jıyndy Sh. Ýálıhanov ashty.", ["Jıyndy Sh. Ýálıhanov ashty."]),
        ("Бүгін 2024 ж. Астанада жиын өтті.", ["Бүгін 2024 ж. Астанада жиын өтті."]),
        ("Ол 2020 ж. Алматыға көшті. Кейін оралды.", ["Ол 2020 ж. Алматыға көшті.", "Кейін оралды."]),
        ("Жоба 2025 ж. Бұл жоба маңызды.", ["Жоба 2025 ж.", "Бұл жоба маңызды."]),
        ("Шаралар бар: 1. Жол салу. 2. Мектеп салу.", ["Шаралар бар: 1. Жол салу.", "2. Мектеп салу."]),
        ("Міндеттер: 1) Жол салу. 2) Су құбыры.", ["Міндеттер: 1) Жол салу.", "2) Су құбыры."]),
    ],
)
def test_newsroom_sentences(text, expected):
    assert split(text) == expected


def test_no_bare_number_segments():
    text = "Бағдарламада үш бағыт бар: 1. Білім беру. 2. Денсаулық сақтау. 3. Әлеуметтік қорғау."
    got = split(text)
    assert got == ["Бағдарламада үш бағыт бар: 1. Білім беру.", "2. Денсаулық сақтау.", "3. Әлеуметтік қорғау."]
    assert not any(s.rstrip(".)").isdigit() for s in got)


@pytest.mark.parametrize(
    "text,expected",
    [
        # item 2: a headline ending in "?" or "." opens the article
        ("Референдум қашан өтеді?\n\nОрталық комиссия күнін жариялады. Дайындық басталды.", [("heading", 1), ("body", 2)]),
        ("Жаңа мектеп ашылды.\n\nҚалада 600 орындық мектеп пайдалануға берілді.", [("heading", 1), ("body", 1)]),
        # a question sub-heading inside the article
        ("Жиын өтті. Шешім қабылданды.\n\nКелесі кезең қандай?\n\nКомиссия жоспарды бекітті.", [("body", 2), ("heading", 1), ("body", 1)]),
        # ... but a short finished sentence later in the article stays body
        ("Жиын өтті. Шешім қабылданды.\n\nБұл маңызды.\n\nКомиссия жоспарды бекітті.", [("body", 2), ("body", 1), ("body", 1)]),
        # a two-sentence lead without a final stop is body, and split
        ("Бүгін жиын өтті. Оған министр қатысты\n\nКелесі абзац бар.", [("body", 2), ("body", 1)]),
        # a sentence ending in a URL is body
        ("Референдум 15 наурызда өтеді. Толығырақ: https://www.gov.kz/memleket\n\nКелесі абзац.", [("body", 2), ("body", 1)]),
        ("Толығырақ: https://www.gov.kz/memleket\n\nКелесі абзац бар.", [("body", 1), ("body", 1)]),
        # a paragraph ending in .“ is a finished sentence, not a heading
        ("Ол айтты. Төраға: „Біз келеміз.“\n\nКелесі абзац.", [("body", 2), ("body", 1)]),
        # a heading without a stop is still a heading
        ("Ел дамуының жаңа кезеңі\n\nБүгін жиын өтті.", [("heading", 1), ("body", 1)]),
    ],
)
def test_headlines_and_leads(text, expected):
    assert kinds(text) == expected


def test_offsets_hold_for_new_quote_rules():
    text = "Ол: „Біз келеміз.“ Бұл туралы хабарланды. Ол: «Біз келеміз. » Бұл анық."
    for s in sentences(text):
        assert text[s.start:s.end] == s.text == s.text.strip()


def test_arabic_script_sentences_split():
    """Arabic script has no capitals: any letter after a final stop starts a sentence; ؟ ends one."""
    text = "\u0628\u06c7\u06af\u0649\u0646 \u0674\u0648\u062a\u062a\u0649. \u062d\u0627\u0644\u0649\u0642 \u062f\u0627\u06cb\u0649\u0633 \u0628\u06d5\u0631\u062f\u0649\u061f \u0627\u0644\u0627\u0645\u0627\u0646."
    assert len(split(text)) == 3
