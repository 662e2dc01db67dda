"""The reader's page cache: a second reader of a page costs no database query, and keeps its CSP."""

import pytest
from django.core.cache import caches
from django.test import Client

from tests.factories import make_article, make_photo, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 30
    caches["pages"].clear()
    yield Client()
    caches["pages"].clear()


def test_a_cached_page_is_served_without_a_query_and_keeps_its_headers(cached, django_assert_num_queries):
    article = make_article("En cache", section=make_section("Liban"))
    make_photo(article, src="https://images.example.net/cache.jpg")
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
