"""What a live news feed shows: how long ago today's items were published, and reading times."""

from datetime import datetime, timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
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
    header = html[html.index('class="article__header"') : html.index("</header>")]
    assert "de lecture" not in header and "il y a" not in header


def fresh(client, **params):
    return client.get(reverse("articles:fresh"), params)


def test_the_endpoint_counts_published_articles_newer_than_the_cursor_in_one_query(
    client, at_noon, django_assert_num_queries
):
    monde, sport = make_section("Monde"), make_section("Sport")
    top = make_article(section=monde, published_at=at_noon - timedelta(minutes=30))
    same_second = make_article(section=sport, published_at=top.published_at)  # after `top` in the timeline
    make_article(section=monde, published_at=at_noon - timedelta(minutes=5))
    make_article(section=monde, published_at=at_noon + timedelta(minutes=5))  # not published yet
    make_article(section=monde, published_at=at_noon - timedelta(hours=2))  # older
    cursor = {"depuis": top.published_at.isoformat(), "id": top.pk}
    with django_assert_num_queries(1):
        response = fresh(client, **cursor)
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"count": 2, "more": False}
    assert same_second.pk > top.pk
    with django_assert_num_queries(1):
        assert fresh(client, **cursor, rubrique=monde.pk).json() == {"count": 1, "more": False}
    assert fresh(client, depuis=same_second.published_at.isoformat(), id=same_second.pk).json()["count"] == 1


def test_the_endpoint_stops_counting_at_a_hundred(client, at_noon):
    top = make_article(published_at=at_noon - timedelta(hours=5))
    for minute in range(101):
        make_article(published_at=at_noon - timedelta(minutes=minute))
    assert fresh(client, depuis=top.published_at.isoformat(), id=top.pk).json() == {"count": 99, "more": True}


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"depuis": "hier", "id": "1"},
        {"depuis": "2026-12-05T10:00:00", "id": "1"},  # no time zone
        {"depuis": "2026-12-05T10:00:00+00:00", "id": "x"},
        {"depuis": "2026-12-05T10:00:00+00:00", "id": "1", "rubrique": "monde"},
    ],
)
def test_the_endpoint_refuses_a_bad_cursor_without_a_query(client, params, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = fresh(client, **params)
    assert response.status_code == 400
    assert "depuis" in response.json()["error"]


def test_the_first_page_of_a_timeline_carries_a_polite_notice_and_its_cursor(client, at_noon):
    monde = make_section("Monde")
    for i in range(31):
        make_article(section=monde, published_at=at_noon - timedelta(minutes=i + 1))
    top = Article.objects.published().first()
    html = client.get("/").content.decode()
    notice = html[html.index('class="fresh-news"') :]
    notice = notice[: notice.index("</div>")]
    assert 'role="status"' in notice and 'aria-live="polite"' in notice
    cursor = f"depuis={quote(top.published_at.isoformat())}&amp;id={top.pk}"
    assert f'data-fresh-url="/nouvelles.json?{cursor}"' in notice
    assert f'data-reload-url="/?{cursor}"' in notice
    section_page = client.get(monde.get_absolute_url()).content.decode()
    assert f"{cursor}&amp;rubrique={monde.pk}" in section_page
    assert 'class="fresh-news"' not in client.get("/?page=2").content.decode()
    assert "fresh-news.js" in html  # the script is served from static/, as the CSP asks


def test_coming_back_with_the_cursor_marks_the_new_articles(client, at_noon):
    old = make_article("Déjà vu", published_at=at_noon - timedelta(hours=1))
    make_article("Tout neuf", published_at=at_noon - timedelta(minutes=2))
    response = client.get("/", {"depuis": old.published_at.isoformat(), "id": old.pk})
    html = response.content.decode()
    new_item = html[html.index('class="news-item news-item--fresh"') :]
    assert new_item.index("Nouveau") < new_item.index("Tout neuf") < new_item.index("</li>")
    assert html.count("news-item--fresh") == 1


def test_an_article_page_shows_the_latest_headlines_beside_it(client, at_noon):
    monde = make_section("Monde")
    article = make_article("L'article lu", section=monde, published_at=at_noon - timedelta(hours=5))
    for minute in range(12):
        make_article(f"Dépêche {minute}", section=monde, published_at=at_noon - timedelta(minutes=minute + 1))
    make_article("Sous embargo", section=monde, published_at=at_noon + timedelta(minutes=10))
    html = client.get(article.get_absolute_url()).content.decode()
    feed = html[html.index('class="live-feed"') :]
    feed = feed[: feed.index("</aside>")]
    shown = [f"Dépêche {minute}" for minute in range(10)]
    positions = [feed.index(f">{title}</a>") for title in shown]
    assert positions == sorted(positions)  # newest first, ten of them
    assert "Dépêche 10" not in feed and "Sous embargo" not in feed and "L'article lu" not in feed
    assert (
        '>11:59</time> <span class="live-feed__ago" data-since="2026-12-05T11:59:00+01:00">il y a 1 min</span>' in feed
    )
    assert "Toutes les dernières infos" in feed


def test_the_article_being_read_is_marked_in_the_live_feed(client, at_noon):
    article = make_article("Lu maintenant", published_at=at_noon - timedelta(days=2, hours=1))
    html = client.get(article.get_absolute_url()).content.decode()
    feed = html[html.index('class="live-feed"') :]
    assert f'href="{article.get_absolute_url()}" aria-current="page">Lu maintenant</a>' in feed
    assert ">3 décembre, 11:00</time>" in feed  # another day: its date, no "il y a"
