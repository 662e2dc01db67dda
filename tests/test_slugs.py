"""An article's address says its title in its own letters: no Japanese, Arabic or Russian story is
/article/12-article/ or /article/96-157/, and no German "ß" or Norwegian "ø" is dropped."""

from urllib.parse import quote

import pytest

from articles.models import Article
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
        ("Raspberry Pi競合", "raspberry-pi競合"),
        ("« — »", ""),
    ],
)
def test_a_slug_keeps_the_letters_of_its_script(title, expected):
    assert slug(title, 255) == expected


def test_a_cut_slug_does_not_end_with_a_dash():
    assert slug("Beyrouth et Nicosie signent", 9) == "beyrouth"


@pytest.mark.django_db
def test_a_russian_story_has_its_words_in_its_address_and_its_old_one_leads_there(client):
    title = "157 миллионов за бездействие"
    ingest([Page("page.html", url="https://gazeta.test/1", content=article_page(title=title, lang="ru").encode())])
    article = Article.objects.get()
    address = f"/article/{article.pk}-{quote('157-миллионов-за-бездействие')}/"
    assert article.get_absolute_url() == address
    assert client.get(address).status_code == 200
    assert f'href="{address}"' in client.get("/").content.decode()
    old = client.get(f"/article/{article.pk}-157/")  # the address it had before, in links already shared
    assert (old.status_code, old["Location"]) == (301, address)
