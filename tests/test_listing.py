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


def the_same_both_ways(site, url, failed, reason):
    """Ingesting `url` and polling it as a followed source: the budget and festival pages go in, `failed` fails."""
    expected = sorted(
        [(site.url(BUDGET), "created", ""), (site.url(FESTIVAL), "created", ""), (site.url(failed), "failed", reason)]
    )
    assert ingested(url) == expected
    result, results = polled(url)
    assert results == expected
    return result


def test_a_sitemap_index_with_a_dead_sitemap_imports_the_others_both_ways(site):
    url = index(site, "/index.xml", "/sitemap.xml", "/disparu.xml")
    result = the_same_both_ways(site, url, "/disparu.xml", "HTTP 404 Not Found")
    # The source is followed, not in error: the next poll retries (its validators are not kept).
    assert result.state == Source.State.OK
    assert result.source.last_counts == {"created": 2, "updated": 0, "unchanged": 0, "failed": 1}
    dead = site.url("/disparu.xml")
    assert result.source.last_error == f"1 en échec, dont {dead} : le serveur a répondu HTTP 404 Not Found"


def test_an_index_listing_an_index_fails_the_inner_sitemaps_both_ways_and_imports_the_rest(site):
    index(site, "/index-sport.xml", "/sitemap-news.xml")
    url = index(site, "/index.xml", "/index-sport.xml", "/sitemap.xml")
    # Polling used to drop the inner index without a word.
    result = the_same_both_ways(site, url, "/sitemap-news.xml", "sitemap index nested too deep")
    assert "index de sitemaps imbriqués trop profondément" in result.source.last_error
