"""Linear-time helpers of glossary matching and segmentation give the results of their definitions.

The speed itself is measured in bench/bench_scaling.py (ms per KB from 1 KB to 10 MB), never here.
"""

from __future__ import annotations

from hypothesis import given, strategies as st

from kztranslate.glossary import default_glossary
from kztranslate.glossary.kazakh import _Spans
from kztranslate.segment import segment

spans_st = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 30)).map(lambda t: (t[0], t[0] + t[1])), max_size=12)


@given(spans_st, st.integers(0, 90), st.integers(0, 20))
def test_span_index_covers_exactly_what_any_span_covers(spans, start, length):
    """The sorted index with running maximum answers 'inside some span' as the plain scan does."""
    end = start + length
    assert _Spans(spans).cover(start, end) == any(a <= start and end <= b for a, b in spans)


def _article(seed_text: str) -> str:
    return seed_text.rstrip("\n") + "\n\n"


def test_repeated_article_matches_and_segments_as_each_copy(seed_text):
    """Fifty copies of the reference article, as one input, give each copy's glossary matches and
    sentences, shifted: the linear paths (span index, bounded look-backs) lose and add nothing."""
    unit = _article(seed_text)
    copies = 50
    big = unit * copies
    glossary = default_glossary()
    one = [(m.start, m.end, m.term.id) for m in glossary.match_written(unit)]
    many = [(m.start, m.end, m.term.id) for m in glossary.match_written(big)]
    assert one, "the reference article has glossary terms"
    assert many == [(s + k * len(unit), e + k * len(unit), t) for k in range(copies) for s, e, t in one]
    whole = [(s.start, s.end) for p in segment(unit) for s in p.sentences]
    assert [(s.start, s.end) for p in segment(big) for s in p.sentences] == [(s + k * len(unit), e + k * len(unit)) for k in range(copies) for s, e in whole]


def test_one_long_paragraph_segments_as_its_sentences(seed_text):
    """A paragraph of thousands of sentences (an archive without line breaks) is split at the same
    places as the sentences of one copy: abbreviations, initials and dates still decide alone."""
    body = " ".join(seed_text.split())
    sentences = [(s.start, s.end) for p in segment(body) for s in p.sentences]
    copies = 40
    big = " ".join([body] * copies)
    step = len(body) + 1
    got = [(s.start, s.end) for p in segment(big) for s in p.sentences]
    # Each copy's sentences, except that a copy's last sentence runs into the next copy's first
    # only when the copy does not end a sentence; the reference article ends with a full stop.
    assert got == [(s + k * step, e + k * step) for k in range(copies) for s, e in sentences]
