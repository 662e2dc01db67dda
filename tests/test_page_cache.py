"""The reader's page cache: a second reader of a page costs no database query, and keeps its CSP."""

import pytest
from django.core.cache import caches
from django.test import Client

from tests.factories import make_article, make_section, make_stored_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 30
    for alias in ("pages", "articles"):
        caches[alias].clear()
    yield Client()
    for alias in ("pages", "articles"):
        caches[alias].clear()


def test_a_cached_page_is_served_without_a_query_and_keeps_its_headers(cached, settings, django_assert_num_queries):
    settings.MEDIA_URL = "https://images.example.net/media/"  # photos stored on a host of their own
    article = make_article("En cache", section=make_section("Liban"))
    make_stored_photo(article)
    first = cached.get("/")
    assert first["Cache-Control"] == "max-age=30"
    with django_assert_num_queries(0):
        again = cached.get("/")
    assert again.content == first.content
    assert "https://images.example.net" in again["Content-Security-Policy"]
    assert cached.get("/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_admin_and_health_pages_are_never_cached(cached, admin_client, django_assert_max_num_queries):
    admin_client.get("/admin/articles/article/")
    with django_assert_max_num_queries(50) as captured:
        admin_client.get("/admin/articles/article/")
    assert len(captured) > 0
    cached.get("/healthz")
    with django_assert_max_num_queries(5) as health:
        cached.get("/healthz")
    assert len(health) == 1


def test_a_cached_article_page_costs_one_query_and_keeps_its_headers(cached, settings, django_assert_num_queries):
    settings.MEDIA_URL = "https://images.example.net/media/"
    article = make_article("Article en cache", section=make_section("Liban"))
    make_stored_photo(article)
    first = cached.get(article.get_absolute_url())
    with django_assert_num_queries(1):  # the article itself, to know its version
        again = cached.get(article.get_absolute_url())
    assert again.content == first.content
    assert "https://images.example.net" in again["Content-Security-Policy"]
    for header in ("Cache-Control", "Last-Modified", "ETag", "Content-Type"):
        assert again[header] == first[header]
    assert cached.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_an_edited_article_shows_at_once(cached):
    liban, monde = make_section("Liban"), make_section("Monde")
    article = make_article("Titre initial", section=liban)
    assert "Titre initial" in cached.get(article.get_absolute_url()).content.decode()
    # What an editor's re-extraction or change of section does: a save, which bumps updated_at.
    article.title, article.section = "Titre corrigé", monde
    article.save()
    html = cached.get(article.get_absolute_url()).content.decode()
    assert "Titre corrigé" in html and "Titre initial" not in html
    assert '<meta property="article:section" content="Monde">' in html


def test_a_cached_article_page_names_its_own_host(cached):
    article = make_article("Deux noms", section=make_section("Liban"))
    cached.get(article.get_absolute_url(), HTTP_HOST="localhost")
    html = cached.get(article.get_absolute_url(), HTTP_HOST="127.0.0.1").content.decode()
    assert f'<link rel="canonical" href="http://127.0.0.1{article.get_absolute_url()}">' in html
