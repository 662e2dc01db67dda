"""Atom and RSS feeds, read back the way a feed reader does."""

import html
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from tests.factories import make_article, make_photo, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    diplomatie, liban = make_section("Diplomatie"), make_section("Liban")
    now = timezone.now()
    first = make_article("Blinken à Munich", section=diplomatie, published_at=now - timedelta(hours=1))
    make_photo(first, src="https://images.example.com/munich.jpg")
    second = make_article("Budget à Beyrouth", section=liban, published_at=now - timedelta(hours=2))
    make_article("Pas encore publié", section=liban, published_at=now + timedelta(hours=2))
    return first, second


@pytest.mark.parametrize("url", ["/flux/atom/", "/flux/rss/"])
def test_site_feed_lists_latest_articles_with_lead_and_photo(client, articles, url):
    first, _ = articles
    response = client.get(url)
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert [e.title for e in feed.entries] == ["Blinken à Munich", "Budget à Beyrouth"]
    entry = feed.entries[0]
    assert entry.link == "http://testserver" + first.get_absolute_url()
    assert html.unescape(entry.summary) == first.lead  # HTML that shows the plain-text lead
    assert entry.published_parsed is not None
    # The photo's size is unknown (it is on the publisher's server): no enclosure claiming "0" bytes.
    assert entry.enclosures == []
    assert 'length="0"' not in response.content.decode()


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_section_feed_has_only_that_section(client, articles, kind):
    feed = feedparser.parse(client.get(f"/rubrique/liban/{kind}/").content)
    assert feed.feed.title == "Newsroom — Liban"
    assert [e.title for e in feed.entries] == ["Budget à Beyrouth"]


def test_unknown_section_feed_is_a_404(client):
    assert client.get("/rubrique/inconnue/atom/").status_code == 404


def test_pages_advertise_their_feeds(client, articles):
    html = client.get("/rubrique/liban/").content.decode()
    assert 'type="application/atom+xml" title="Newsroom — Liban (Atom)" href="/rubrique/liban/atom/"' in html
    assert 'type="application/rss+xml" title="Newsroom — Dernières Infos (RSS)" href="/flux/rss/"' in html


def test_feeds_answer_conditional_gets(client, articles):
    first = client.get("/flux/atom/")
    assert first.has_header("Last-Modified")
    assert client.get("/flux/atom/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_the_subscribe_page_offers_every_feed_and_replaces_raw_xml_links(client, articles, django_assert_num_queries):
    with django_assert_num_queries(2):  # the sections with their counts; the bar
        html = client.get("/s-abonner/").content.decode()
    assert '<a href="http://testserver/flux/atom/" type="application/atom+xml">' in html
    assert (
        '<span class="subscribe__name">Diplomatie</span> <a href="http://testserver/rubrique/diplomatie/atom/"' in html
    )
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    assert '<a href="/s-abonner/">S’abonner</a>' in footer and "/flux/rss/" not in footer


def test_the_subscribe_page_gives_the_address_of_a_searchs_feed(client, articles):
    html = client.get("/s-abonner/", {"q": "Munich"}).content.decode()
    assert '<a href="http://testserver/recherche/atom/?q=Munich" type="application/atom+xml">' in html
