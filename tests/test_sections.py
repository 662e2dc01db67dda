"""Reading a source's section label: decoded, cleaned, judged (section or not), named and slugged."""

import pytest

from articles.sections import (
    CAPITALS,
    FURNITURE_WORD,
    LIST,
    TITLE,
    TOO_LONG,
    clean_label,
    house_name,
    label_key,
    read_label,
    section_slug,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Europa&#x20;News", "Europa News"),
        ("Caf&amp;eacute; &amp; culture", "Café & culture"),
        ("  « Monde »\u00a0", "Monde"),
        ("Sport\n\t| ", "Sport"),
        ("Politique\u200b", "Politique"),
    ],
)
def test_labels_are_decoded_and_tidied(raw, clean):
    assert clean_label(raw) == clean


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Fußball", "fussball"),
        ("Économie", "economie"),
        ("Moyen-Orient", "moyen-orient"),
        ("Øresund & Łódź", "oresund-lodz"),
        ("Studio Osnabrück", "studio-osnabruck"),
        ("国際", "国際"),  # no Latin letters: the name's own, never an empty slug
        ("モバイルPC", "モバイルpc"),  # mostly another script: not cut down to "pc"
        ("Europa&#x20;News", "europa-news"),
    ],
)
def test_slugs_are_transliterated(name, slug):
    assert section_slug(name) == slug


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("game,news,slider", LIST),
        ("Mobiles, Mobiles Internet, Vodafone", LIST),
        ("front-page", FURNITURE_WORD),
        ("Front Page", FURNITURE_WORD),
        ("news_news", FURNITURE_WORD),
        ("Uncategorized", FURNITURE_WORD),
        ("Actualités", FURNITURE_WORD),
        ("Aktuelle Seite:", FURNITURE_WORD),
        ("SAMASTIPUR", CAPITALS),
        ("BEYROUTH", CAPITALS),
        ("ACTU NATIONALE", CAPITALS),
        ("From adversity to advocacy: a young lawyer&#8217;s journey", TOO_LONG),
        ("Un titre court", TITLE),
    ],
)
def test_labels_that_are_not_sections_are_refused(raw, reason):
    assert read_label(raw, title="Un titre court").refused == reason


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Diplomatie", ("Diplomatie",)),
        ("culture_culture-lifestyle", ("Culture lifestyle", "Culture")),
        ("news_politics", ("Politics",)),
        ("ideas", ("Ideas",)),
        ("IT", ("IT",)),  # an acronym, not a dateline
        ("U.S.", ("U.S.",)),
        ("SPORT", ("SPORT",)),  # capitals, but a section the newsroom knows
        ("Europa&#x20;News", ("Europa News",)),
    ],
)
def test_labels_that_are_sections_give_their_names(raw, names):
    assert read_label(raw).names == names


@pytest.mark.parametrize(
    ("label", "house"),
    [
        ("Politik", "Politique"),
        ("politics", "Politique"),
        ("Política", "Politique"),
        ("Wirtschaft", "Économie"),
        ("Business", "Économie"),
        ("World", "Monde"),
        ("Ausland", "Monde"),
        ("Kultur", "Culture"),
        ("SPORT", "Sport"),
        ("Économie", "Économie"),
        ("economie", "Économie"),
        ("Diplomatie", ""),
        ("Fußball", ""),
    ],
)
def test_common_labels_mean_the_newsrooms_own_sections(label, house):
    assert house_name(label) == house


def test_keys_ignore_accents_case_and_punctuation():
    assert label_key("Política") == label_key("POLITICA") == "politica"
    assert label_key("Moyen-Orient") == label_key("moyen orient")
    assert label_key("Fußball") == "fussball"
