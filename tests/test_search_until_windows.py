"""A word searched up to a date (« Au »), alone or with « Du », a section, an agency, sorted by date: the
matches of then, at the bound's edges (the day's last second kept, the next day's first left out), found
behind more newer matches than the window holds — by each of PostgreSQL's window plans, which read the
documents before the bound only (articles.search.postgresql._ceiling). Run on SQLite, then with
DATABASE_URL on PostgreSQL (the plans forced there only)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import override_settings

from articles.models import Article
from articles.search import DATE, find_articles
from tests import factories
from tests.factories import make_section, titles

pytestmark = pytest.mark.django_db

# 30 June 2024 in Paris (UTC+2) ends at 22:00 UTC.
LAST_SECOND = datetime(2024, 6, 30, 21, 59, 59, tzinfo=UTC)
NEXT_DAY = datetime(2024, 6, 30, 22, 0, tzinfo=UTC)
POSTGRESQL = connection.vendor == "postgresql"
# Each plan of PostgreSQL's window, forced: (PLAN, or the plan and budget `_plan` returns).
PLANS = ["auto", "newest", "index", ("walk", 2), ("walk", 40), ("recent", 2), ("recent", 40), ("hashed", 2)]
PLANS += [("hashed", 0), ("since", 0), ("articles", 0)]


def indexed(title, **fields):
    """An article whose lead, not its title, holds the word: none is added to the window for its title."""
    return factories.indexed(title, lead="Une grue déchargeait au port.", **fields)


@pytest.fixture(autouse=True)
def paris(settings):
    settings.TIME_ZONE = "Europe/Paris"


@pytest.fixture(params=PLANS if POSTGRESQL else ["auto"], ids=str)
def plan(request, monkeypatch):
    """The window's plan, forced on PostgreSQL (the documents counted by its planner first)."""
    from articles.search import postgresql

    if isinstance(request.param, str):
        monkeypatch.setattr(postgresql, "PLAN", request.param)
    else:
        monkeypatch.setattr(postgresql, "_plan", lambda *args, forced=request.param: forced)
    yield request.param
    if POSTGRESQL:
        postgresql._DOCUMENT_COUNTS.clear()


@pytest.fixture
def harbour():
    """Cranes in the port: a week of them in July (more than the window), one at the last second of 30 June
    and one at the first of 1 July in Paris, three more in June (one with an AFP photo, one in Économie),
    and a crane of January 2024."""
    economie = make_section("Économie")
    for day in range(1, 8):
        indexed(f"Le port, juillet {day}", published_at=datetime(2024, 7, day, 12, tzinfo=UTC))
    indexed("Le port, le dernier soir de juin", published_at=LAST_SECOND)
    indexed("Le port, le premier matin de juillet", published_at=NEXT_DAY)
    indexed("Le port, le 20 juin", published_at=datetime(2024, 6, 20, 12, tzinfo=UTC), section=economie)
    photo = {"agency": "AFP", "credit": "AFP"}
    indexed("Le port, le 10 juin", published_at=datetime(2024, 6, 10, 12, tzinfo=UTC), photo=photo)
    indexed("Le port, le 1er juin", published_at=datetime(2024, 6, 1, 12, tzinfo=UTC))
    indexed("Le port en janvier", published_at=datetime(2024, 1, 15, 12, tzinfo=UTC))
    if POSTGRESQL:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_search_document, articles_article")


def searched(client, sort, **params):
    """The titles of the page, and its facets."""
    response = client.get("/recherche/", {"q": "grue", "tri": sort, **params})
    facets = {name: response.context[f"{name}_facets"] for name in ("section", "agency")}
    return titles(response), response.context["paginator"].count, facets


def in_order(found, sort):
    return found if sort == "date" else sorted(found)


@override_settings(NEWSROOM_SEARCH_WINDOW=3)
@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_a_word_up_to_a_date_keeps_that_days_last_second_and_leaves_the_next_days_first_out(
    client, harbour, plan, sort
):
    found, count, facets = searched(client, sort, au="2024-06-30")
    expected = ["Le port, le dernier soir de juin", "Le port, le 20 juin", "Le port, le 10 juin"]
    assert (in_order(found, sort), count) == (in_order(expected, sort), 3)  # the window's 3, behind 8 newer
    assert facets == {"section": [("Économie", "economie", 1)], "agency": [("AFP", 1)]}
    found, count, _ = searched(client, sort, au="2024-07-01")
    expected = ["Le port, juillet 1", "Le port, le premier matin de juillet"]
    assert in_order(found, sort) == in_order([*expected, "Le port, le dernier soir de juin"], sort)
    found, count, _ = searched(client, sort, du="2024-06-01", au="2024-06-19")
    assert in_order(found, sort) == in_order(["Le port, le 10 juin", "Le port, le 1er juin"], sort)
    assert searched(client, sort, du="2024-02-01", au="2024-05-31")[:2] == ([], 0)
    assert searched(client, sort, au="2023-12-31")[:2] == ([], 0)  # before every document


@override_settings(NEWSROOM_SEARCH_WINDOW=3)
@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_a_word_in_a_section_or_with_an_agency_up_to_a_date_finds_its_match_behind_newer_ones(
    client, harbour, plan, sort
):
    assert searched(client, sort, au="2024-06-30", section="economie")[:2] == (["Le port, le 20 juin"], 1)
    assert searched(client, sort, au="2024-06-30", agence="AFP")[:2] == (["Le port, le 10 juin"], 1)
    closed = {"du": "2024-06-05", "au": "2024-06-30"}
    assert searched(client, sort, agence="AFP", **closed)[:2] == (["Le port, le 10 juin"], 1)
    assert searched(client, sort, au="2024-06-19", section="economie")[:2] == ([], 0)


def test_a_bound_set_on_the_datetime_itself_keeps_its_microsecond_and_leaves_the_next_out(plan):
    at = datetime(2024, 6, 30, 12, 0, 0, 500000, tzinfo=UTC)
    for hours in range(1, 6):
        indexed(f"Le port, {hours} h après", published_at=at + timedelta(hours=hours))
    indexed("Le port, à la seconde", published_at=at)
    indexed("Le port, une microseconde après", published_at=at + timedelta(microseconds=1))
    indexed("Le port, la veille", published_at=at - timedelta(days=1))
    for lookup, expected in (("lte", "à la seconde"), ("lt", "la veille")):
        queryset = Article.objects.filter(**{f"published_at__{lookup}": at})
        with override_settings(NEWSROOM_SEARCH_WINDOW=1):
            found = find_articles(queryset, "grue", order=DATE).articles
            assert list(found.values_list("title", flat=True)) == [f"Le port, {expected}"]


@pytest.mark.skipif(not POSTGRESQL, reason="PostgreSQL's windows")
def test_only_a_bound_before_the_newest_document_moves_the_windows_start(harbour):
    from django.utils import timezone

    from articles.search import postgresql

    def ceiling(queryset):
        with connection.cursor() as cursor:
            return postgresql._ceiling(cursor, queryset)

    published = Article.objects.published()
    assert ceiling(published) is None  # every search: its plans as they were
    assert ceiling(published.filter(published_at__lt=timezone.now() + timedelta(days=1))) is None
    assert ceiling(published.filter(published_at__lt=NEXT_DAY)) == NEXT_DAY
    assert ceiling(published.filter(published_at__lte=LAST_SECOND)) == LAST_SECOND + timedelta(microseconds=1)
    assert ceiling(published.exclude(published_at__lt=NEXT_DAY)) is None  # not a bound below
    assert ceiling(published.filter(published_at__gte=NEXT_DAY)) is None
