"""A word searched between dates (« Du », « Au ») finds the articles the same dates list without words, at the very
edges of the days, in time zones far from UTC, behind more newer (and older) matches than the search's window holds,
within a section, with a photo agency, by date or by relevance; facets too. The search walks its matches from the
end of « Au » and stops a day before « Du » (SQLite: articles.search.sqlite_pool._bounded). Run on SQLite, then
with DATABASE_URL on PostgreSQL."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from articles.models import Article
from articles.search import DATE, search_articles, sqlite_pool
from tests.factories import indexed, make_section, titles

pytestmark = pytest.mark.django_db

SINCE, UNTIL = date(2024, 6, 10), date(2024, 6, 12)


def day_start(day, zone):
    return datetime.combine(day, time.min, ZoneInfo(zone)).astimezone(UTC)


def edges(zone):
    """Moments around the starts of « Du » and of the day after « Au » in `zone` and in UTC, and inside the range."""
    moments = set()
    for day in (SINCE, UNTIL + timedelta(days=1)):
        for start in (day_start(day, zone), datetime.combine(day, time.min, UTC)):
            for offset in (-86400, -50400, -1, -0.5, -0.000001, 0, 0.000001, 0.5, 1, 50400, 86400):
                moments.add(start + timedelta(seconds=offset))
    moments.add(datetime(2024, 6, 11, 12, tzinfo=UTC))
    return sorted(moments)


def page(client, params):
    response = client.get("/recherche/", params)
    assert response.status_code == 200
    return titles(response), response.context["paginator"].count


def listed(client, params):
    """The titles and count the same filters list without words: every page of them, newest first."""
    found, number = [], 1
    while True:
        response = client.get("/recherche/", {**params, "q": "", "page": number})
        found += titles(response)
        if not response.context["page_obj"].has_next():
            return found, response.context["paginator"].count
        number += 1


@pytest.mark.parametrize("zone", ["Europe/Paris", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/St_Johns"])
def test_a_word_between_dates_finds_what_the_dates_list_at_every_edge_of_their_days(client, settings, zone):
    settings.TIME_ZONE = zone
    for number, moment in enumerate(edges(zone)):
        indexed(f"La grue du port {number}", published_at=moment)
    for dates in ({"au": UNTIL}, {"du": SINCE, "au": UNTIL}, {"du": SINCE, "au": SINCE}, {"du": SINCE}):
        expected, count = listed(client, dates)
        assert 0 < count < len(edges(zone))
        found = []
        for number in (1, 2, 3):
            shown, found_count = page(client, {**dates, "q": "grue", "tri": "date", "page": number})
            assert found_count == count
            found += shown
            if len(found) == count:
                break
        assert found == expected, dates
        by_relevance, _ = page(client, {**dates, "q": "grue"})
        assert set(by_relevance) <= set(expected)


@pytest.mark.parametrize("sort", ["", "date"])
def test_the_window_fills_with_the_newest_matches_of_the_range_behind_newer_and_older_ones(client, settings, sort):
    settings.TIME_ZONE = "Europe/Paris"
    settings.NEWSROOM_SEARCH_WINDOW, settings.NEWSROOM_SEARCH_TITLES = 3, 0
    for day in range(1, 6):  # newer and older matches than the range, more than the window holds each
        indexed(f"La grue du port, juillet {day}", published_at=datetime(2024, 7, day, 12, tzinfo=UTC))
        indexed(f"La grue du port, mai {day}", published_at=datetime(2024, 5, day, 12, tzinfo=UTC))
    for day in range(10, 15):
        indexed(f"La grue du port, juin {day}", published_at=datetime(2024, 6, day, 12, tzinfo=UTC))
    indexed("Le phare du port, juin 13", published_at=datetime(2024, 6, 13, 13, tzinfo=UTC))  # not the word
    found, count = page(client, {"q": "grue", "du": "2024-06-01", "au": "2024-06-13", "tri": sort})
    expected = ["La grue du port, juin 13", "La grue du port, juin 12", "La grue du port, juin 11"]
    assert (found if sort else sorted(found)) == (expected if sort else sorted(expected))
    assert count == 3
    found, count = page(client, {"q": "grue", "au": "2024-05-02", "tri": sort})
    assert sorted(found) == ["La grue du port, mai 1", "La grue du port, mai 2"]


@pytest.fixture
def sections():
    """Two sections' matches, a photo agency's among them, every day of June and July 2024."""
    port, culture = make_section("Port"), make_section("Culture")
    for day in range(1, 31):
        for hour, section in ((9, port), (15, culture)):
            moment = datetime(2024, 6, day, hour, tzinfo=UTC)
            photo = {"credit": "AFP" if day % 3 == 0 else "Reuters"}
            indexed(f"La grue {section.name} juin {day}", section=section, published_at=moment, photo=photo)
            indexed(f"La grue {section.name} juillet {day}", section=section, published_at=moment + timedelta(days=30))


@pytest.mark.parametrize("pool_held", [0, sqlite_pool.POOL_HELD])  # the section's articles read at once, or not
def test_a_section_between_dates_keeps_its_newest_matches_of_the_range(
    client, settings, sections, monkeypatch, pool_held
):
    settings.TIME_ZONE = "Europe/Paris"
    settings.NEWSROOM_SEARCH_WINDOW, settings.NEWSROOM_SEARCH_TITLES = 4, 0
    monkeypatch.setattr(sqlite_pool, "POOL_HELD", pool_held)
    params = {"q": "grue", "du": "2024-06-10", "au": "2024-06-20", "tri": "date", "section": "port"}
    found, _ = page(client, params)
    assert found == [f"La grue Port juin {day}" for day in (20, 19, 18, 17)]
    found, count = page(client, {**params, "du": "2024-06-19"})
    assert found == ["La grue Port juin 20", "La grue Port juin 19"]
    assert count == 2
    found, count = page(client, {**params, "du": ""})
    assert found == [f"La grue Port juin {day}" for day in (20, 19, 18, 17)]


def test_an_agency_between_dates_keeps_its_newest_matches_of_the_range(client, settings, sections):
    settings.TIME_ZONE = "Europe/Paris"
    settings.NEWSROOM_SEARCH_WINDOW, settings.NEWSROOM_SEARCH_TITLES = 4, 0
    params = {"q": "grue", "du": "2024-06-10", "au": "2024-06-20", "tri": "date", "agence": "AFP"}
    found, _ = page(client, params)
    assert found == [
        "La grue Culture juin 18",
        "La grue Port juin 18",
        "La grue Culture juin 15",
        "La grue Port juin 15",
    ]
    found, _ = page(client, {**params, "du": ""})
    assert found == [
        "La grue Culture juin 18",
        "La grue Port juin 18",
        "La grue Culture juin 15",
        "La grue Port juin 15",
    ]


@pytest.mark.parametrize("params", [{"du": "2024-06-10", "au": "2024-06-20"}, {"au": "2024-06-05"}])
def test_the_facets_between_dates_count_what_the_dates_list(client, settings, sections, params):
    settings.TIME_ZONE = "Europe/Paris"
    with_word = client.get("/recherche/", {**params, "q": "grue"}).context
    listing = client.get("/recherche/", params).context
    assert with_word["paginator"].count == listing["paginator"].count
    for name in ("section_facets", "agency_facets", "site_facets"):
        assert with_word[name] == listing[name]
    assert {slug: n for _, slug, n in with_word["section_facets"]} == {
        "port": listing["paginator"].count // 2,
        "culture": listing["paginator"].count // 2,
    }


@pytest.mark.parametrize(
    "until", [datetime(2024, 6, 30, 12, 0, 0, 500000, tzinfo=UTC), datetime(2024, 6, 30, 12, tzinfo=UTC)]
)
def test_a_search_up_to_a_moment_within_a_second_keeps_that_seconds_articles_published_before_it(until):
    moments = [datetime(2024, 6, 30, 11, 59, 59, 999999, tzinfo=UTC)]
    moments += [datetime(2024, 6, 30, 12, 0, 0, micro, tzinfo=UTC) for micro in (0, 250000, 500000, 750000)]
    moments += [datetime(2024, 6, 30, 12, 0, 1, tzinfo=UTC), datetime(2024, 7, 1, tzinfo=UTC)]
    for number, moment in enumerate(moments):
        indexed(f"La grue du port {number}", published_at=moment)
    articles = Article.objects.published().filter(published_at__lt=until)
    found = search_articles(articles, "grue", order=DATE)
    assert [article.published_at for article in found] == sorted((m for m in moments if m < until), reverse=True)
