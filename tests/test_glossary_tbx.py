"""TBX-Basic and CSV interchange: round trip, and an independent reader (translate-toolkit) sees our export."""

from __future__ import annotations

import csv
import io

import pytest

from kztranslate.errors import InputError
from kztranslate.glossary import load_glossary
from kztranslate.glossary.model import COLUMNS
from kztranslate.glossary.store import dump_tsv
from kztranslate.glossary.tbx import export_csv, export_tbx, import_tbx


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


def test_tbx_round_trip_gives_the_same_glossary(glossary):
    terms = import_tbx(export_tbx(glossary.terms))
    assert terms == glossary.terms
    assert dump_tsv(terms) == dump_tsv(glossary.terms)


def test_translate_toolkit_reads_our_export(glossary):
    from translate.storage.tbx import tbxfile

    store = tbxfile.parsestring(export_tbx(glossary.terms).encode("utf-8"))
    units = [u for u in store.units if u.source]
    assert len(units) == len(glossary.terms)
    unit = next(u for u in units if u.source == "Мәжіліс")
    en = unit.get_target_terms("en")
    assert [t.text for t in en if not t.deprecated] == ["Mazhilis"]
    assert {t.text for t in en if t.deprecated} >= {"Majilis"}
    assert [t.text for t in unit.get_target_terms("ru") if not t.deprecated] == ["Мажилис"]


def test_import_foreign_tbx_basic_without_our_notes():
    data = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en"><text><body>
<termEntry id="c1"><descrip type="subjectField">parliament</descrip>
<langSet xml:lang="kk-KZ"><tig><term>Сенат</term><termNote type="partOfSpeech">properNoun</termNote></tig></langSet>
<langSet xml:lang="ru"><tig><term>Сенат</term></tig></langSet>
<langSet xml:lang="en"><tig><term>Senate</term></tig><tig><term>Upper House</term>
<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
</termEntry></body></text></martif>"""
    [t] = import_tbx(data)
    assert (t.id, t.kk, t.ru, t.en, t.pos, t.domain, t.forbidden_en) == ("c1", "Сенат", "Сенат", "Senate", "propn", "parliament", ("Upper House",))


def test_import_rejects_bad_input_with_one_line_errors():
    with pytest.raises(InputError, match="well-formed"):
        import_tbx("<martif><text>")
    with pytest.raises(InputError, match="not a TBX"):
        import_tbx("<html/>")
    with pytest.raises(InputError, match="no en term"):
        import_tbx('<martif><text><body><termEntry id="x"><langSet xml:lang="kk"><tig><term>а</term></tig></langSet>'
                   '<langSet xml:lang="ru"><tig><term>б</term></tig></langSet></termEntry></body></text></martif>')
    with pytest.raises(InputError, match="no term entries"):
        import_tbx("<martif><text><body/></text></martif>")


def test_csv_export_has_all_fields(glossary):
    rows = list(csv.reader(io.StringIO(export_csv(glossary.terms))))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == len(glossary.terms) + 1
    mazhilis = next(r for r in rows if r[0] == "mazhilis")
    assert mazhilis[1:4] == ["Мәжіліс", "Мажилис", "Mazhilis"] and "Majilis" in mazhilis[8].split(";")
