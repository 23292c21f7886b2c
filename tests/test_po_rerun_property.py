"""Property: over random edit / review / re-run cycles, human work is never lost or overwritten.

Each example starts from sentences of the bundled articles and runs several cycles of: change the
article (drop, add, duplicate, reorder, edit a word), let a "reviewer" approve or edit some entries
(with translator comments, saved by polib like an editor would), re-run the pipeline with or
without an engine. After every run we check the msgmerge contract:

* every entry reviewed before the run keeps msgid, msgstr, flags and translator comments; it is
  active if its sentence is still in the article, obsolete otherwise; and when its positions did
  not change its whole block is in the new file byte for byte;
* machine output never replaces a human msgstr;
* every sentence of the article has exactly one active entry and build reproduces the article's
  layout (sentence by sentence, with the source text where nothing is translated).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kztranslate.build import build_text
from kztranslate.pipeline import ArticleJob, translate_articles
from kztranslate.po.catalog import read_po, render_entry, write_po

pytestmark = pytest.mark.slow  # 100 edit/review/re-run cycles of the real pipeline (about 20 s)
from kztranslate.po.entries import TAG_POSITION, is_reviewed, tag_values
from kztranslate.segment import segment
from kztranslate.textio import read_text
from tests.conftest import EXAMPLES
from tests.fake_engine import FakeEngine

POOL = sorted({s.text for f in sorted(EXAMPLES.glob("*.txt")) for p in segment(read_text(f)) if p.kind == "body" for s in p.sentences})
WORDS = ["жаңа", "қала", "ресми", "бүгін", "маңызды", "екінші"]

edit_op = st.one_of(
    st.tuples(st.just("drop"), st.integers(0, 50)),
    st.tuples(st.just("add"), st.integers(0, len(POOL) - 1), st.integers(0, 50)),
    st.tuples(st.just("dup"), st.integers(0, 50)),
    st.tuples(st.just("swap"), st.integers(0, 50), st.integers(0, 50)),
    st.tuples(st.just("word"), st.integers(0, 50), st.integers(0, len(WORDS) - 1)),
)
review_op = st.tuples(st.integers(0, 50), st.sampled_from(["approve", "edit", "edit-fuzzy", "comment"]))
cycle = st.tuples(st.lists(edit_op, max_size=3), st.lists(review_op, max_size=4), st.booleans())


def apply_edit(sents: list[str], op: tuple) -> list[str]:
    s = list(sents)
    if op[0] == "drop" and len(s) > 1:
        s.pop(op[1] % len(s))
    elif op[0] == "add":
        s.insert(op[2] % (len(s) + 1), POOL[op[1]])
    elif op[0] == "dup" and s:
        s.append(s[op[1] % len(s)])
    elif op[0] == "swap" and s:
        i, j = op[1] % len(s), op[2] % len(s)
        s[i], s[j] = s[j], s[i]
    elif op[0] == "word" and s:
        i = op[1] % len(s)
        words = s[i].split(" ")
        words.insert(1, WORDS[op[2]])  # inside the sentence: segmentation stays the same
        s[i] = " ".join(words)
    return s


def article(sents: list[str]) -> str:
    """Two sentences per paragraph, so joins by space and by blank line both occur."""
    paras = [" ".join(sents[i:i + 2]) for i in range(0, len(sents), 2)]
    return "\n\n".join(paras) + "\n"


def reviewer(path: Path, ops: list[tuple]) -> None:
    po = polib.pofile(str(path))
    active = [e for e in po if not e.obsolete]
    for index, action in ops:
        if not active:
            return
        e = active[index % len(active)]
        if action == "approve" and e.msgstr:
            e.flags = [f for f in e.flags if f != "fuzzy"]
        elif action == "edit":
            e.msgstr = f"HUMAN {index}: {e.msgid[:20]}"
            e.flags = [f for f in e.flags if f != "fuzzy"]
        elif action == "edit-fuzzy":
            e.msgstr = f"DRAFT {index}"
            if "fuzzy" not in e.flags:
                e.flags.append("fuzzy")
        elif action == "comment":
            e.tcomment = f"note {index}"
    write_po(po, path)  # like Poedit: comments are not re-wrapped


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=8), cycles=st.lists(cycle, min_size=1, max_size=5))
def test_reruns_never_lose_human_work(start, cycles):
    tmp = Path(tempfile.mkdtemp(prefix="kz-prop-"))
    try:
        src, out = tmp / "a.txt", tmp / "out"
        po_path = out / "ru" / "a.po"
        sents = [POOL[i] for i in start]
        src.write_text(article(sents), encoding="utf-8")
        translate_articles([ArticleJob(src, "a")], out, ["ru"], engine=FakeEngine())
        for edits, reviews, with_engine in cycles:
            reviewer(po_path, reviews)
            before = read_po(po_path)
            human = {e.msgid: e for e in before if is_reviewed(e)}
            drafts = {e.msgid: e.msgstr for e in before if not e.obsolete and e.msgstr.startswith("DRAFT")}
            blocks = {e.msgid: (render_entry(e), tag_values(e, TAG_POSITION)) for e in human.values()}
            for op in edits:
                sents = apply_edit(sents, op)
            text = article(sents)
            src.write_text(text, encoding="utf-8")
            translate_articles([ArticleJob(src, "a")], out, ["ru"], engine=FakeEngine() if with_engine else None)

            after = read_po(po_path)
            file_text = po_path.read_text(encoding="utf-8")
            current = {s.text for p in segment(text) for s in p.sentences}
            active = [e for e in after if not e.obsolete]
            assert sorted(e.msgid for e in active) == sorted(current)
            by_id = {e.msgid: e for e in after}
            for msgid, old in human.items():
                new = by_id[msgid]
                assert (new.msgstr, new.flags, new.tcomment) == (old.msgstr, old.flags, old.tcomment)
                assert new.obsolete == (msgid not in current)
                if not new.obsolete and tag_values(new, TAG_POSITION) == blocks[msgid][1]:
                    assert blocks[msgid][0] in file_text
            for msgid, draft in drafts.items():
                if msgid in current:
                    assert by_id[msgid].msgstr == draft
            # Build: one piece per sentence occurrence, in order, joined by the article's layout.
            built, report = build_text(po_path)
            pieces = []
            for p in segment(text):
                pieces.append(" ".join(_shown(by_id[s.text]) for s in p.sentences))
            assert built == "\n\n".join(pieces) + "\n"
            assert report.reviewed + report.fuzzy + report.fallback_untranslated == sum(len(p.sentences) for p in segment(text))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _shown(e: polib.POEntry) -> str:
    return (e.msgstr if e.msgstr else e.msgid).strip()
