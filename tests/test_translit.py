"""Latin-script Kazakh (2021, 2018 acute, 2017 apostrophe alphabets) -> Cyrillic."""

import pytest

from kztranslate.translit import latin_to_cyrillic, serbian_latin_to_cyrillic, variant


@pytest.mark.parametrize(
    "latin,cyrillic,var",
    [
        ("Qazaqstan Respublikasynyñ Konstitusiasy", "Қазақстан Республикасының Конститусиясы", "2021"),
        ("bılım jäne ğylym ministrlıgı", "білім және ғылым министрлігі", "2021"),
        ("Ūlttyq Ükımet Mäjılıs", "Ұлттық Үкімет Мәжіліс", "2021"),
        ("Qazaqstan Respýblıkasy Parlamentiniń Májilisi", "Қазақстан Республикасы Парламентінің Мәжілісі", "2018"),
        ("Shymkent pen Ózbekstan", "Шымкент пен Өзбекстан", "2018"),
        ("Qazaqstan Respy'bli'kasy Parlamenti Ma'jilisi", "Қазақстан Республикасы Парламенті Мәжілісі", "2017"),
        ("Ma’jilis", "Мәжіліс", "2017"),
    ],
)
def test_alphabets(latin, cyrillic, var):
    assert variant(latin) == var
    assert latin_to_cyrillic(latin) == cyrillic


def test_non_latin_passes_through():
    assert latin_to_cyrillic("Мәжіліс 2026, №5!") == "Мәжіліс 2026, №5!"


def test_serbian_digraphs_first():
    assert serbian_latin_to_cyrillic("Ljubljana njegov džep") == "Љубљана његов џеп"
