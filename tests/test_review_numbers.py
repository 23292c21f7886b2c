"""Numbers and dates: value comparison across kk/ru/en spellings, month stems with Kazakh suffixes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kztranslate.qa.numbers import compare, kazakh_months, numbers


def values(text: str, lang: str) -> list[str]:
    return sorted(format(d, "f") for d in numbers(text, lang).elements())


@pytest.mark.parametrize(
    "text,lang,expected",
    [
        ("1 250 адам, 3,5 %", "kk", ["1250", "3.5"]),
        ("1\u00a0250 человек, 3,5 %", "ru", ["1250", "3.5"]),
        ("1,250 people, 3.5%", "en", ["1250", "3.5"]),
        ("12 500 000 теңге", "kk", ["12500000"]),
        ("10 15 жастағы", "kk", ["10", "15"]),  # two numbers, not a thousands group
        ("2026-2027 жылдары, 3,5%-ға", "kk", ["2026", "2027", "3.5"]),
        ("1, 2 және 3", "kk", ["1", "2", "3"]),
        ("Сайлау 13.02.2026 өтеді", "kk", []),  # a numeric date is the dates check's business
    ],
)
def test_numbers_by_value(text, lang, expected):
    assert values(text, lang) == expected


def test_kazakh_months_need_a_day_or_ai():
    assert kazakh_months("2026 жылғы 15 наурызда") == [3]
    assert kazakh_months("15-желтоқсанның") == [12]
    assert kazakh_months("қазан айында") == [10]
    assert kazakh_months("Ет қазанда пісірілді") == []  # қазан = cauldron here


@pytest.mark.parametrize(
    "translation,lang",
    [
        ("Выборы пройдут 15 марта, явка 3,5 %, 13.02.2026.", "ru"),
        ("The election is on March 15; turnout 3.5%; 13.02.2026.", "en"),
        ("The election is on 15 March; turnout 3.5%; February 13, 2026.", "en"),
        ("Выборы пройдут 15 марта, явка 3,5 %, 13 февраля 2026 года.", "ru"),
    ],
)
def test_compare_accepts_equivalent_spellings(translation, lang):
    report = compare("Сайлау 15 наурызда өтеді, 3,5 %, 13.02.2026.", translation, lang)
    assert (report.missing, report.extra, report.dates_missing) == ([], [], [])


def test_compare_reports_wrong_number_month_and_date():
    report = compare("Сайлау 15 наурызда өтеді, 13.02.2026.", "Выборы пройдут 16 апреля, 14.02.2026.", "ru")
    assert report.missing == ["15"]
    assert "16" in report.extra
    assert report.dates_missing == ["13.02.2026", "наурыз (марта)"]
    assert numbers("3,50", "ru")[Decimal("3.5")] == 1


def _kk(value: Decimal) -> str:
    """Kazakh/Russian spelling: space between thousands, decimal comma."""
    whole, _, frac = format(value, "f").partition(".")
    grouped = f"{int(whole):,}".replace(",", " ")
    return grouped + ("," + frac if frac else "")


def _en(value: Decimal) -> str:
    whole, _, frac = format(value, "f").partition(".")
    return f"{int(whole):,}" + ("." + frac if frac else "")


from hypothesis import assume, given, strategies as st  # noqa: E402

_values = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False).map(lambda d: d.normalize() if d != d.to_integral() else d.quantize(Decimal(1)))


@given(st.lists(_values, min_size=1, max_size=4))
def test_same_values_in_each_languages_spelling_match(vals):
    source = "Көрсеткіштер: " + "; ".join(_kk(v) + " теңге" for v in vals) + "."
    assert compare(source, "Показатели: " + "; ".join(_kk(v) + " тенге" for v in vals) + ".", "ru").missing == []
    report = compare(source, "Figures: " + "; ".join(_en(v) + " tenge" for v in vals) + ".", "en")
    assert (report.missing, report.extra) == ([], [])


@given(_values, _values)
def test_a_different_value_is_reported(a, b):
    assume(a != b)
    report = compare(f"Сома {_kk(a)} теңге.", f"Amount {_en(b)} tenge.", "en")
    assert [Decimal(x) for x in report.missing] == [a]
    assert [Decimal(x) for x in report.extra] == [b]


def test_clock_times():
    src = "Жиын сағат 10:00-де басталып, 15:30-да аяқталды."
    assert compare(src, "The meeting began at 10 a.m. and ended at 3:30 p.m.", "en").missing == []
    assert compare(src, "Заседание началось в 10:00 и закончилось в 15:30.", "ru").missing == []
    wrong = compare(src, "Заседание началось в 11:00 и закончилось в 15:30.", "ru")
    assert (wrong.missing, wrong.extra) == (["10:00"], ["11:00"])
    pm = compare(src, "The meeting began at 10 p.m. and ended at 3:30 p.m.", "en")
    assert (pm.missing, pm.extra) == (["10:00"], ["22:00"])
    assert compare(src, "The meeting began at 10:00 and ended at 3:30.", "en").missing == []


@pytest.mark.parametrize(
    "source,translation,lang",
    [
        ("Бюджет 12 500 000 теңге.", "Бюджет 12,5 млн тенге.", "ru"),
        ("Бюджет 12 500 000 теңге.", "The budget is 12.5 million tenge.", "en"),
        ("Бюджет 1,5 млрд теңге.", "The budget is 1,500,000,000 tenge.", "en"),
        ("Бюджет 1,5 млрд-қа жетті.", "The budget reached 1.5bn.", "en"),
        ("500 мыңнан астам адам келді.", "Пришли более 500 тысяч человек.", "ru"),
        ("500 мыңнан астам адам келді.", "More than 500,000 people came.", "en"),
        ("Қашықтық 5 м.", "The distance is 5 m.", "en"),  # 'm' after a number is metres, not million
    ],
)
def test_scale_words_count_as_the_full_figure(source, translation, lang):
    report = compare(source, translation, lang)
    assert (report.missing, report.extra) == ([], [])


@pytest.mark.parametrize(
    "source,translation,lang,missing",
    [
        ("Бюджет 1,5 млрд теңге.", "The budget is 1.5 million tenge.", "en", "1500000000"),
        ("500 мыңнан астам адам келді.", "More than 5,000 people came.", "en", "500000"),
        ("Бюджет 12 500 000 теңге.", "Бюджет 12,6 млн тенге.", "ru", "12500000"),
    ],
)
def test_wrong_scale_is_a_wrong_number(source, translation, lang, missing):
    assert compare(source, translation, lang).missing == [missing]


@pytest.mark.parametrize(
    "translation,ok",
    [
        ("The document was presented on 13.02.2026.", True),
        ("The document was presented on 02/13/2026.", True),  # American month/day/year
        ("The document was presented on 13/02/2026.", True),
        ("The document was presented on 02/14/2026.", False),
        ("The document was presented on 13.03.2026.", False),
    ],
)
def test_english_numeric_dates_either_order(translation, ok):
    report = compare("Құжат 13.02.2026 күні ұсынылды.", translation, "en")
    assert (report.dates_missing == [] and report.missing == []) is ok, report


def test_english_decimal_comma_is_a_style_warning():
    import polib

    from kztranslate.qa.checks import check_entry

    def found(translation: str, lang: str = "en") -> set[tuple[str, str, str]]:
        entry = polib.POEntry(msgid="Инфляция 3,5 % болды, 1 250 адам.", msgstr=translation)
        return {(f.check, f.severity, f.message) for f in check_entry(entry, lang, "x.po")}

    assert found("Inflation was 3.5%, 1,250 people.") == set()
    assert found("Inflation was 3,5%, 1,250 people.") == {("numbers", "warning", "decimal comma in English: 3,5 (English writes 3.5)")}
    assert found("Инфляция составила 3,5 %, 1 250 человек.", "ru") == set()  # Russian writes a comma


@pytest.mark.parametrize(
    "source,translation,lang,missing",
    [
        ("Ол 1-ші орын алды.", "Он занял первое место.", "ru", []),
        ("Ол 1-ші орын алды.", "He took first place.", "en", []),
        ("Жиынға 3 адам келді.", "Three people came to the meeting.", "en", []),  # style guides spell out 1-9
        ("Жиынға 7 адам келді.", "Пришли семь человек.", "ru", []),
        ("Ол 1-ші орын алды.", "Он занял второе место.", "ru", ["1"]),
        ("Жиынға 3 адам келді.", "Four people came to the meeting.", "en", ["3"]),
        ("Жиын 2 сағатқа созылды.", "Собрание прошло во вторник.", "ru", ["2"]),  # вторник is not 'второй'
        ("Жиынға 7 адам келді.", "Пришла семья.", "ru", ["7"]),  # семья is not 'семь'
        ("Жиынға 3 адам және 3 бала келді.", "Three adults and children came.", "en", ["3"]),  # one word, two numbers
        ("Жиынға 12 адам келді.", "Twelve people came.", "en", ["12"]),  # only 1-10 are looked up
    ],
)
def test_small_numbers_may_be_spelled_out(source, translation, lang, missing):
    assert compare(source, translation, lang).missing == missing
