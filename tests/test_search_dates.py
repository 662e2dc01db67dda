"""The search page's dates (« Du », « Au »): the days of the reader's time zone, and a word searched up to a date
finding its matches of that time however many came after. Run on SQLite, then with DATABASE_URL on PostgreSQL."""

from datetime import UTC, datetime

import pytest
from django.test import override_settings

from tests.factories import indexed, titles

pytestmark = pytest.mark.django_db

# 30 June 2024, 23:30 in Paris (UTC+2) is 21:30 UTC; 1 July, 00:10 in Paris is still 30 June in UTC.
EVENING = datetime(2024, 6, 30, 21, 30, tzinfo=UTC)
PAST_MIDNIGHT = datetime(2024, 6, 30, 22, 10, tzinfo=UTC)


@pytest.fixture(autouse=True)
def paris(settings):
    settings.TIME_ZONE = "Europe/Paris"


def in_order(found, sort):
    """The titles in the page's order by date; as a set by relevance, where titles this alike may tie either way."""
    return found if sort == "date" else sorted(found)


@pytest.fixture
def around_midnight():
    indexed("Le phare de Beyrouth, le soir", published_at=EVENING)
    indexed("Le phare de Beyrouth, après minuit", published_at=PAST_MIDNIGHT)


@pytest.mark.parametrize("q", ["", "phare"])
def test_until_a_day_keeps_that_days_articles_in_the_readers_time_zone_and_none_of_the_next(client, around_midnight, q):
    assert titles(client.get("/recherche/", {"q": q, "au": "2024-06-30"})) == ["Le phare de Beyrouth, le soir"]
    assert titles(client.get("/recherche/", {"q": q, "du": "2024-07-01"})) == ["Le phare de Beyrouth, après minuit"]
    one_day = {"q": q, "du": "2024-07-01", "au": "2024-07-01"}
    assert titles(client.get("/recherche/", one_day)) == ["Le phare de Beyrouth, après minuit"]
    both = titles(client.get("/recherche/", {"q": q, "du": "2024-06-30", "au": "2024-07-01", "tri": "date"}))
    assert both == ["Le phare de Beyrouth, après minuit", "Le phare de Beyrouth, le soir"]


@override_settings(NEWSROOM_SEARCH_WINDOW=3)
@pytest.mark.parametrize("sort", ["", "date"])
def test_a_word_up_to_a_date_finds_its_matches_of_then_behind_more_newer_ones_than_the_window_holds(client, sort):
    for day in range(1, 8):  # a week of newer matches, more than the window keeps
        indexed(f"La grue du port, jour {day}", published_at=datetime(2024, 7, day, 12, tzinfo=UTC))
    indexed("La grue du port en juin", published_at=datetime(2024, 6, 20, 12, tzinfo=UTC))
    indexed("La grue du port en mai", published_at=datetime(2024, 5, 20, 12, tzinfo=UTC))
    found = titles(client.get("/recherche/", {"q": "grue", "au": "2024-06-30", "tri": sort}))
    assert in_order(found, sort) == in_order(["La grue du port en juin", "La grue du port en mai"], sort)
    found = titles(client.get("/recherche/", {"q": "grue", "du": "2024-06-01", "au": "2024-07-02", "tri": sort}))
    expected = ["La grue du port, jour 2", "La grue du port, jour 1", "La grue du port en juin"]
    assert in_order(found, sort) == in_order(expected, sort)
