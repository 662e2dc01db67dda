"""What a live news feed shows: how long ago today's items were published, and reading times."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from articles.templatetags.live import ago, reading_time
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

NOON = timezone.make_aware(datetime(2026, 12, 5, 12, 0))


@pytest.fixture
def at_noon(monkeypatch):
    """The site's clock stopped at noon, so that 'today' never straddles midnight during a test."""
    monkeypatch.setattr(timezone, "now", lambda: NOON)
    return NOON


@pytest.mark.parametrize(
    ("before", "words"),
    [
        (timedelta(seconds=20), "à l’instant"),
        (timedelta(minutes=1), "il y a 1 min"),
        (timedelta(minutes=59, seconds=59), "il y a 59 min"),
        (timedelta(hours=3, minutes=40), "il y a 3 h"),
        (timedelta(hours=12, minutes=1), ""),  # yesterday evening: the day label says it
        (timedelta(minutes=-5), ""),  # a future time is not "ago"
    ],
)
def test_how_long_ago_on_the_same_day_only(before, words):
    assert ago(NOON - before, NOON) == words


def test_reading_time_rounds_up_and_says_nothing_without_a_count():
    assert reading_time(0) == ""
    assert reading_time(1) == "1 min de lecture"
    assert reading_time(200) == "1 min de lecture"
    assert reading_time(201) == "2 min de lecture"
    assert reading_time(1000) == "5 min de lecture"


def test_todays_items_say_how_long_ago_beside_their_time(client, at_noon):
    section = make_section("Monde")
    make_article("Tout frais", section=section, published_at=at_noon - timedelta(minutes=12))
    make_article("D'hier", section=section, published_at=at_noon - timedelta(days=1))
    html = client.get("/").content.decode()
    fresh = html[: html.index("Tout frais")]
    assert ">11:48</time>" in fresh
    # The script keeps the words true from the same time the <time> element gives.
    assert 'datetime="2026-12-05T11:48:00+01:00"' in fresh
    assert 'data-since="2026-12-05T11:48:00+01:00">il y a 12 min</span>' in fresh
    yesterday = html[html.index("Tout frais") :]
    assert "il y a" not in yesterday


def test_an_article_page_shows_how_long_ago_and_its_reading_time(client, at_noon):
    article = make_article(published_at=at_noon - timedelta(hours=2, minutes=5), word_count=930)
    html = client.get(article.get_absolute_url()).content.decode()
    meta = html[html.index('class="article__meta"') :]
    meta = meta[: meta.index("</p>")]
    assert ">il y a 2 h</span>" in meta
    assert "5 min de lecture" in meta
    unknown = make_article(published_at=at_noon - timedelta(days=3), word_count=0)
    html = client.get(unknown.get_absolute_url()).content.decode()
    assert "de lecture" not in html and "il y a" not in html
