"""The articles and sections admin: list columns, filters, full-text search, photos, counts, query budget."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Photo
from articles.search import index_article
from tests.admin_helpers import article_form
from tests.factories import make_article, make_photo, make_section, make_stored_photo

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


@pytest.fixture
def admin_client_fr(client):
    client.force_login(User.objects.create_superuser("chef", password="x"))
    return client


def newsroom(n):
    sport = make_section(f"Sport {n}")
    for i in range(n):
        article = make_article(f"Match numéro {i}", section=sport, site_name="Le Quotidien", language="fr")
        (make_stored_photo if i % 2 else make_photo)(article, caption=f"Légende {i}", credit="AFP")
        index_article(article)


def test_the_list_shows_thumbnails_and_columns(admin_client_fr):
    newsroom(2)
    html = admin_client_fr.get(CHANGELIST).content.decode()
    stored, pending = (Photo.objects.get(caption=f"Légende {i}") for i in (1, 0))
    assert f'src="{stored.image.thumb_jpeg}"' in html  # the stored thumbnail, never the publisher's file
    assert stored.src not in html and pending.src not in html
    assert "à télécharger" in html  # a photo not stored yet says so
    assert "Le Quotidien" in html and "Sport 2" in html


def test_the_list_runs_a_fixed_number_of_queries(admin_client_fr):
    newsroom(2)
    with CaptureQueriesContext(connection) as few:
        assert admin_client_fr.get(CHANGELIST).status_code == 200
    newsroom(12)
    with CaptureQueriesContext(connection) as many:
        assert admin_client_fr.get(CHANGELIST).status_code == 200
    assert len(many) == len(few)


def test_search_uses_the_search_engine(admin_client_fr):
    section = make_section("Monde")
    wanted = make_article("Les élections au Liban", section=section, body_text="Le scrutin législatif a eu lieu.")
    other = make_article("Un match de football", section=section)
    for article in (wanted, other):
        index_article(article)
    # Accent- and plural-insensitive: that is the search engine, not icontains.
    response = admin_client_fr.get(CHANGELIST, {"q": "election"})
    assert list(response.context["cl"].result_list) == [wanted]
    response = admin_client_fr.get(CHANGELIST, {"q": "scrutins"})
    assert list(response.context["cl"].result_list) == [wanted]


def test_the_has_photo_filter(admin_client_fr):
    with_photo, without = make_article("Avec photo"), make_article("Sans photo")
    make_photo(with_photo)
    assert list(admin_client_fr.get(CHANGELIST, {"photo": "oui"}).context["cl"].result_list) == [with_photo]
    assert list(admin_client_fr.get(CHANGELIST, {"photo": "non"}).context["cl"].result_list) == [without]


def test_the_change_page_has_ordered_photos_and_read_only_extraction_fields(admin_client_fr):
    article = make_article("Un article")
    make_photo(article, position=1, is_main=False, caption="Deuxième")
    make_photo(article, position=0, caption="Première", credit="AFP/X")
    html = admin_client_fr.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert html.index("Première") < html.index("Deuxième")
    assert 'name="canonical_url"' not in html  # shown, not editable
    assert article.canonical_url in html


def test_editing_an_article_updates_the_search_index(admin_client_fr):
    article = make_article("Ancien titre")
    index_article(article)
    url, data = article_form(admin_client_fr, article, title="Nouveau titre sur la vendange")
    response = admin_client_fr.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(Article.objects.search("vendanges")) == [article]


def test_sections_show_their_article_counts_and_editable_positions(admin_client_fr):
    sport = make_section("Sport", position=2)
    make_section("Culture", position=1)
    make_article(section=sport)
    make_article(section=sport)
    response = admin_client_fr.get(reverse("admin:articles_section_changelist"))
    sections = list(response.context["cl"].result_list)
    assert [s.name for s in sections] == ["Culture", "Sport"]
    assert [s.article_count for s in sections] == [0, 2]
    assert 'name="form-0-position"' in response.content.decode()
