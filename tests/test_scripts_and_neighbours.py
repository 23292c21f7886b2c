"""Issue 14, items 3, 5, 6 and the shared normalisation of item 7: Bashkir and Tatar told apart from
Kazakh by their letters, Arabic-script Kazakh (töte jazu), the Latin alphabets' я/ю/х/ц, Latin
look-alikes, and segments with nothing to translate copied through.

Every sentence here was written for kztranslate (Bashkir and Tatar ones too: not from any corpus,
and disjoint from tools/profile_texts/ba.txt, which builds the Bashkir profile).
"""

from __future__ import annotations

import json

import polib
import pytest

from kztranslate import detect as kd
from kztranslate.normalize import fold_lookalikes, normalize
from kztranslate.translit import arabic_to_cyrillic, latin_to_cyrillic, variant
from kztranslate.untranslatable import nothing_to_translate

# Bashkir with ҡ ҙ ҫ (letters Kazakh lacks) and some without them.
BASHKIR = [
    "Бөгөн Өфөлә яңы китапхана асылды, унда башҡорт телендә меңдән ашыу китап бар.",
    "Ауыл халҡы яңы юл һалыуҙы күптән көттө, тине район хакимиәте башлығы.",
    "Һайлау участкаһында иртәнсәк оҙон сират ине.",
    "Быйыл ҡыш бик һыуыҡ һәм ҡарлы булды.",
    "Министр уҡытыусыларҙың эш хаҡын арттырыу тураһында һөйләне.",
    "Йәйге каникулдарҙа балалар өсөн бушлай түңәрәктәр эшләйәсәк.",
    # these were Kazakh or Kyrgyz before the alphabet evidence became decisive
    "Мәжлестә депутаттар закон проектын ҡараны.",
    "Комиссия ағзалары участкаларҙа дежурлыҡ итте.",
    "Ауыл хужалығы продукцияһын экспортлау буйынса килешеү төҙөлдө.",
    "Сайлау комиссияһы һөҙөмтәләрҙе иғлан итте.",
    "Республика Башлығы Ҡазағстан делегацияһы менән осрашты.",
]
TATAR = [
    "Казанда яңа мәктәп ачылды, анда җиде йөз бала укыячак.",
    "Татарстан Президенты бүген хөкүмәт утырышында чыгыш ясады.",
    "Шәһәрдә җәй көне күп туристлар була.",
]
# Arabic-script Kazakh (töte jazu) and its Cyrillic.
TOTE = "\u0628\u06c7\u06af\u0649\u0646 \u0642\u0627\u0632\u0627\u0642\u0633\u062a\u0627\u0646\u062f\u0627 \u0631\u06d5\u0641\u06d5\u0631\u06d5\u0646\u062f\u06cb\u0645 \u0674\u0648\u062a\u062a\u0649. \u062d\u0627\u0644\u0649\u0642 \u062f\u0627\u06cb\u0649\u0633 \u0628\u06d5\u0631\u062f\u0649."
TOTE_CYRILLIC = "Бүгін қазақстанда референдум өтті. Халық дауыс берді."
TOTE_TERMS = "\u0645\u06d5\u0645\u0644\u06d5\u0643\u06d5\u062a \u0628\u0627\u0633\u0634\u0649\u0633\u0649 \u0633\u0627\u064a\u0644\u0627\u06cb\u0639\u0627 \u0642\u0627\u062a\u0649\u0633\u062a\u0649."  # Мемлекет басшысы сайлауға қатысты.
ARABIC = "أعلنت الحكومة اليوم عن خطة جديدة لدعم التعليم في المدارس."
PERSIAN = "دولت امروز برنامه جدیدی برای حمایت از آموزش در مدارس اعلام کرد."


# -- item 5: Bashkir, Tatar, Arabic script ------------------------------------------------------


def test_bashkir_row_has_bashkir_letters_not_kazakh_ones():
    script, letters = kd.alphabets()["ba"]
    assert script == "Cyrl" and {"ҡ", "ҙ", "ҫ", "ә", "ө", "ү", "ң", "ғ", "һ"} <= letters
    assert "қ" not in letters and "ұ" not in letters and "і" not in letters


@pytest.mark.parametrize("text", BASHKIR)
def test_bashkir_is_bashkir(text):
    d = kd.detect(text)
    assert d.language == "ba", d
    assert d.confidence > 0.9


@pytest.mark.parametrize("text", TATAR)
def test_tatar_is_tatar_and_sure(text):
    d = kd.detect(text)
    assert d.language == "tt" and d.confidence > 0.9, d


def test_impossible_letter_outweighs_ngrams():
    """A Bashkir profile that knows nothing (every n-gram at the floor) against the full Kazakh one:
    n-grams alone say Kazakh by hundreds of nats, but ҡ and ҙ are impossible in Kazakh, so Bashkir wins.
    Before the alphabet evidence was decisive, two letters cost only 2 x 8 nats and Kazakh won."""
    text = "Астанада жиын өттө, оған ҙур делегация келде, ҡала хакимиәте ҡатнашты."
    profiles = {lang: kd._own_profile(lang) for lang in kd.OWN_PROFILES}
    profiles["ba"] = {"name": "ba", "freq": {}, "n_words": [1, 1, 1]}
    assert kd.Model(profiles, use_script=False).detect(text).language == "kk"
    assert kd.Model(profiles).detect(text).language == "ba"
    # one stray letter in a long Kazakh paragraph is a typo, not a verdict
    long_kk = "Бүгін Астанада Орталық сайлау комиссиясының кезекті отырысы өтті. " * 5 + "Оған ҡонақтар келді."
    assert kd.detect(long_kk).language == "kk"


def test_bashkir_article_is_refused_by_translate(cli, tmp_path):
    art = tmp_path / "ba.txt"
    art.write_text("\n\n".join(BASHKIR) + "\n", encoding="utf-8")
    r = cli("translate", str(art), "--to", "ru", "--out", str(tmp_path / "out"), "--engine", "none")
    assert r.returncode == 2, r.stderr
    assert r.stderr.strip().startswith("kztranslate: error: ") and "Bashkir" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists()


def test_tote_jazu_transliterates_with_vowel_harmony():
    assert arabic_to_cyrillic(TOTE) == TOTE_CYRILLIC
    assert arabic_to_cyrillic(TOTE_TERMS) == "Мемлекет басшысы сайлауға қатысты."
    # Arabic punctuation and digits
    assert arabic_to_cyrillic("\u0662\u0660\u0662\u0666 \u062c\u0649\u0644\u0649\u060c") == "2026 жылы,"


@pytest.mark.parametrize("text,lang", [(TOTE, "kk"), (TOTE_TERMS, "kk"), (ARABIC, "ar"), (PERSIAN, "fa")])
def test_arabic_script_languages(text, lang):
    d = kd.detect(text)
    assert (d.language, d.script) == (lang, "Arab"), d
    assert d.confidence > 0.9


def test_cli_detect_reports_kk_arab(cli, tmp_path):
    art = tmp_path / "tote.txt"
    art.write_text(TOTE + "\n\n" + TOTE_TERMS + "\n", encoding="utf-8")
    r = cli("detect", str(art), "--format", "json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["language"], out["script"]) == ("kk", "Arab")


# -- item 6: Latin Kazakh ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "latin,cyrillic,var",
    [
        ("Búgin saılaý týraly habarlandy.", "Бүгін сайлау туралы хабарланды.", "2018"),
        ("Jıyn aıaqtaldy, búgin.", "Жиын аяқталды, бүгін.", "2018"),
        ("Saılaý protsedýrasy ótti.", "Сайлау процедурасы өтті.", "2018"),
        ("Qazaqstan Respýblıkasynyń Konstıtýtsııasy", "Қазақстан Республикасының Конституциясы", "2018"),
        ("Aıý men qoıý ǵana.", "Аю мен қою ғана.", "2018"),
        ("Tsentrge bardy, ol ketsin dep aıtty ǵoı.", "Центрге барды, ол кетсін деп айтты ғой.", "2018"),
        ("Komıssııa halyqqa ýaqytty habarlady.", "Комиссия халыққа уақытты хабарлады.", "2018"),
        ("Bügın halyq referendumğa qatysty, aiaqtaldy.", "Бүгін халық референдумға қатысты, аяқталды.", "2021"),
        ("Ma'jilis halyqqa habarlady, i'adroly'q emes", "Мәжіліс халыққа хабарлады, ядролуқ емес", "2017"),
    ],
)
def test_latin_alphabets_spell_ya_yu_kh_ts(latin, cyrillic, var):
    assert variant(latin) == var
    assert latin_to_cyrillic(latin) == cyrillic


# -- item 7: one normalisation -------------------------------------------------------------------


def test_lookalike_folding_keeps_length_and_latin_names():
    assert fold_lookalikes("Сoттың шешімі") == "Соттың шешімі"
    assert fold_lookalikes("Kazinformға iKomek") == "Kazinformға iKomek"
    text = "Мәжiлic cессиясы"
    assert len(fold_lookalikes(text)) == len(text) and fold_lookalikes(text) == "Мәжіліс сессиясы"


def test_normalize_maps_offsets_back():
    line = "Búgin Ortalyq saılaý komıssııasynyń otyrysy ótti."
    n = normalize(line)
    assert n.script == "Latn" and n.text == "Бүгін Орталық сайлау комиссиясының отырысы өтті."
    start = n.text.index("Орталық")
    end = n.text.index("комиссиясының") + len("комиссиясының")
    assert line[n.source_offset(start):n.source_offset(end)] == "Ortalyq saılaý komıssııasynyń"
    assert normalize(TOTE).script == "Arab" and normalize("The law was adopted.").script == "Cyrl"


def test_glossary_match_detect_and_translate_share_the_normalisation(cli, tmp_path):
    latin = "Búgin Ortalyq saılaý komıssııasynyń otyrysy ótti."
    lookalike = "Сoттың шешімі бойынша Мәжiлic жиналды."
    art = tmp_path / "a.txt"
    art.write_text(f"Бүгін жиын өтті.\n\n{latin}\n\n{lookalike}\n\n{TOTE_TERMS}\n", encoding="utf-8")
    r = cli("glossary", "match", str(art))
    assert r.returncode == 0, r.stderr
    found = [json.loads(line) for line in r.stdout.splitlines()]
    text = art.read_text(encoding="utf-8")
    terms = {m["term"] for m in found}
    assert {"Орталық сайлау комиссиясы", "сот", "Мәжіліс", "сайлау"} <= terms
    for m in found:
        assert text[m["start"]:m["end"]] == m["text"]
    assert any(m["text"] == "Ortalyq saılaý komıssııasynyń" for m in found)
    assert any(m["text"] == "Сoттың" for m in found)
    # detect: the article is Kazakh; translate tags the same terms and records the provenance
    assert json.loads(cli("detect", str(art), "--format", "json").stdout)["language"] == "kk"
    out = tmp_path / "out"
    r = cli("translate", str(art), "--to", "ru", "--out", str(out), "--engine", "none")
    assert r.returncode == 0, r.stderr
    po = {e.msgid: e for e in polib.pofile(str(out / "ru" / "a.po"))}
    assert "kz-latin: Бүгін Орталық сайлау комиссиясының отырысы өтті." in po[latin].comment
    assert "kz-term-ru: Орталық сайлау комиссиясы = Центральная избирательная комиссия" in po[latin].comment
    assert "kz-term-ru: сот = суд" in po[lookalike].comment
    assert "kz-arabic: Мемлекет басшысы сайлауға қатысты." in po[TOTE_TERMS].comment
    assert "kz-term-ru: сайлау = выборы" in po[TOTE_TERMS].comment


@pytest.mark.slow
def test_tote_jazu_goes_to_mt_as_cyrillic(cli, tmp_path, tiny_models, models_dir):
    """Real tiny models: the Arabic-script sentences are machine-translated (from their Cyrillic form)."""
    assert cli("models", "install", str(tiny_models["kk_en_argosmodel"])).returncode == 0
    art = tmp_path / "tote.txt"
    art.write_text(TOTE + "\n", encoding="utf-8")
    out = tmp_path / "out"
    r = cli("translate", str(art), "--to", "en", "--out", str(out), "--format", "json")
    assert r.returncode == 0, r.stderr
    counts = json.loads(r.stdout)["articles"][0]["counts"]["en"]
    assert counts["mt"] == 2 and counts["copied"] == 0
    po = polib.pofile(str(out / "en" / "tote.po"))
    assert all(e.msgstr and "kz-arabic: " in e.comment and "kz-mt: kk→en" in e.tcomment for e in po)


# -- item 3: nothing to translate ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("14:55, 11 Qyrkúıek 2023", True),
        ("10:50, 02 Желтоқсан 2025 | GMT +5", True),
        ("-6.03°C", True),
        ("0:00 / 0:00", True),
        ("https://www.gov.kz/memleket/entities/election", True),
        ("12 наурыз 2026", True),
        ("Бүгін 2026", False),
        ("Наурыз айы келді.", False),
        ("Astana Opera", False),
    ],
)
def test_nothing_to_translate(text, expected):
    assert nothing_to_translate(text) is expected


def test_timestamps_and_readings_are_copied_not_translated(cli, tmp_path, tiny_models, models_dir):
    """Real tiny model: the timestamp and reading lines get kz-copied: zxx, are not sent to MT, and
    build writes them as written."""
    assert cli("models", "install", str(tiny_models["kk_en_argosmodel"])).returncode == 0
    art = tmp_path / "news.txt"
    art.write_text(
        "Астанада ауа райы суытады\n\n10:50, 02 Желтоқсан 2025 | GMT +5\n\n"
        "Синоптиктер түнде аяз күшейеді деп болжайды. Жолдарда көктайғақ болады.\n\n-6.03°C\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    r = cli("translate", str(art), "--to", "en", "--out", str(out), "--format", "json")
    assert r.returncode == 0, r.stderr
    counts = json.loads(r.stdout)["articles"][0]["counts"]["en"]
    assert counts["copied"] == 2 and counts["mt"] == 3
    po_path = out / "en" / "news.po"
    po = {e.msgid: e for e in polib.pofile(str(po_path))}
    for line in ("10:50, 02 Желтоқсан 2025 | GMT +5", "-6.03°C"):
        assert "kz-copied: zxx" in po[line].comment and po[line].msgstr == "" and "kz-mt" not in po[line].comment + po[line].tcomment
    built = cli("build", str(po_path))
    assert built.returncode == 0, built.stderr
    assert "\n\n10:50, 02 Желтоқсан 2025 | GMT +5\n\n" in built.stdout and built.stdout.endswith("-6.03°C\n")
