"""Feeds and sitemaps are expanded once, the same way for `ingest` and for a followed source's poll."""

import pytest

from articles.models import Article, Source
from articles.pipeline.ingestion import ingest
from articles.pipeline.polling import poll

pytestmark = pytest.mark.django_db

BUDGET, FESTIVAL, MARATHON = (
    "/economie/budget-2026.html",
    "/culture/festival-avignon.html",
    "/sport/marathon-paris.html",
)


def index(server, path, *children):
    """Serve a sitemap index at `path` listing the sitemaps `children`."""
    body = "".join(f"<sitemap><loc>{server.url(child)}</loc></sitemap>" for child in children)
    xml = (
        f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>'
    )
    return server.route(path, body=xml.encode(), content_type="application/xml")


def outcome(results):
    return sorted((result.label, result.status, result.reason) for result in results)


def ingested(url):
    return outcome(ingest([url]).results)


def polled(url):
    Article.objects.all().delete()
    result = poll(Source.objects.create(url=url))
    return result, outcome(result.report.results)


@pytest.fixture
def site(http_server):
    http_server.site()
    return http_server


def test_a_sitemap_index_with_a_dead_sitemap_imports_the_others_both_ways(site):
    url = index(site, "/index.xml", "/sitemap.xml", "/disparu.xml")
    expected = [
        (site.url(FESTIVAL), "created", ""),
        (site.url(BUDGET), "created", ""),
        (site.url("/disparu.xml"), "failed", "HTTP 404 Not Found"),
    ]
    assert ingested(url) == sorted(expected)
    result, results = polled(url)
    assert results == sorted(expected)
    # The source is followed, not in error: the next poll retries (its validators are not kept).
    assert result.state == Source.State.OK
    assert result.source.last_counts == {"created": 2, "updated": 0, "unchanged": 0, "failed": 1}
    assert (
        result.source.last_error
        == f"1 en échec, dont {site.url('/disparu.xml')} : le serveur a répondu HTTP 404 Not Found"
    )


def test_an_index_listing_an_index_fails_the_inner_sitemaps_both_ways_and_imports_the_rest(site):
    index(site, "/index-sport.xml", "/sitemap-news.xml")
    url = index(site, "/index.xml", "/index-sport.xml", "/sitemap.xml")
    expected = [
        (site.url(BUDGET), "created", ""),
        (site.url(FESTIVAL), "created", ""),
        (site.url("/sitemap-news.xml"), "failed", "sitemap index nested too deep"),
    ]
    assert ingested(url) == sorted(expected)
    result, results = polled(url)
    assert results == sorted(expected)  # polling used to drop the inner index without a word
    assert "index de sitemaps imbriqués trop profondément" in result.source.last_error
