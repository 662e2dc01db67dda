"""An article's address says its title in its own letters: no Japanese, Arabic or Russian story is
/article/12-article/ or /article/96-157/, and no German "ß" or Norwegian "ø" is dropped."""

from urllib.parse import quote

import pytest
from django.forms import modelform_factory

from articles.models import Article, Section
from articles.pipeline.ingestion import ingest
from articles.pipeline.inputs import Page
from articles.slugs import slug
from tests.sample_pages import article_page


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Fußball: die Straße gehört den Fans", "fussball-die-strasse-gehort-den-fans"),
        ("Angsten vil øke", "angsten-vil-oke"),
        ("Le budget des écoles voté", "le-budget-des-ecoles-vote"),
        ("157 миллионов за бездействие", "157-миллионов-за-бездействие"),
        ("「金に執着」と指弾された元理事長", "金に執着と指弾された元理事長"),
        ("يُشعل السخرية", "يشعل-السخرية"),  # the short vowels' marks are not letters of the address
        ("समस्तीपुर पुलिस ने 2 बदमाशों को पकड़ा", "समस्तीपुर-पुलिस-ने-2-बदमाशों-को-पकड़ा"),  # vowel signs are
        ("ข่าวกีฬา วันนี้", "ข่าวกีฬา-วันนี้"),  # letters of the word: "समसतपर-पलस" is not the town's name
        ("Raspberry Pi競合", "raspberry-pi競合"),
        ("« — »", ""),
    ],
)
def test_a_slug_keeps_the_letters_of_its_script(title, expected):
    assert slug(title, 255) == expected


def test_a_cut_slug_does_not_end_with_a_dash():
    assert slug("Beyrouth et Nicosie signent", 9) == "beyrouth"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("title", "lang", "address", "before"),
    [
        ("157 миллионов за бездействие", "ru", "157-миллионов-за-бездействие", "157"),
        # before: its consonants alone, Django's slugify dropping the vowel signs
        ("समस्तीपुर पुलिस ने", "hi", "समस्तीपुर-पुलिस-ने", "समसतपर-पलस-न"),
    ],
)
def test_a_story_has_its_words_in_its_address_and_its_old_one_leads_there(client, title, lang, address, before):
    ingest([Page("page.html", url="https://news.test/1", content=article_page(title=title, lang=lang).encode())])
    article = Article.objects.get()
    address = f"/article/{article.pk}-{quote(address)}/"
    assert article.get_absolute_url() == address
    assert client.get(address).status_code == 200
    assert f'href="{address}"' in client.get("/").content.decode()
    old = client.get(f"/article/{article.pk}-{quote(before)}/")  # the address it had, in links already shared
    assert (old.status_code, old["Location"]) == (301, address)


@pytest.mark.django_db
def test_an_editor_saves_a_section_whose_address_has_marks_and_not_one_with_a_space(client):
    form = modelform_factory(Section, fields=["name", "slug"])  # as the admin's form validates it
    assert form({"name": "खेल", "slug": "खेल"}).is_valid()
    assert not form({"name": "Sport", "slug": "sport du jour"}).is_valid()
    form({"name": "खेल", "slug": "खेल"}).save()
    assert client.get(f"/rubrique/{quote('खेल')}/").status_code == 200
