"""Splitting over-long sentences for a model's input limit: safe boundaries, nothing lost."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from kztranslate.engine.longsplit import split_long


def words(text: str) -> int:
    return len(text.split())


def test_short_sentence_untouched():
    assert split_long("Бір екі үш.", words, 5) == ["Бір екі үш."]


def test_prefers_semicolon_then_comma():
    text = "бір екі үш төрт; бес алты, жеті сегіз тоғыз он"
    pieces = split_long(text, words, 6)
    assert pieces[0] == "бір екі үш төрт;"
    assert all(words(p) <= 6 for p in pieces)
    assert " ".join(pieces) == text


def test_no_spaces_cut_between_characters():
    pieces = split_long("x" * 50, len, 8)
    assert all(len(p) <= 8 for p in pieces) and "".join(pieces) == "x" * 50


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="аәбқ,;: –.", min_size=1, max_size=12), min_size=1, max_size=30), st.integers(min_value=1, max_value=6))
def test_pieces_fit_and_keep_every_character(chunks, limit):
    text = " ".join(chunks).strip() or "а"
    pieces = split_long(text, words, limit)
    assert "".join("".join(p.split()) for p in pieces) == "".join(text.split())
    assert all(words(p) <= limit or len(p) <= 1 for p in pieces)
