"""The search page's facets counted in one statement (articles.facets) say what each facet's own query says."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import filters
from articles.models import Story
from tests.factories import indexed, make_photo, make_section

pytestmark = pytest.mark.django_db

together = pytest.mark.skipif(connection.vendor != "postgresql", reason="one statement on PostgreSQL only")


@pytest.fixture
def archive():
    """Articles in two sections and none, with photos of one, two or no agency, on hosts of one site,
    two versions of one story, and equal counts that only the names order."""
    liban, monde = make_section("Liban"), make_section("Monde")
    now = timezone.now()
    story = Story.objects.create()
    rows = [
        ("Crue à Beyrouth", liban, "www.lorientlejour.com", "L'Orient-Le Jour", ["AFP", "AFP", "Reuters"], story),
        ("Crue au Liban", liban, "lorientlejour.com", "", ["AFP"], story),
        ("Crue à Paris", monde, "edition.example.com", "Example", ["EPA"], None),
        ("Crue à Rome", monde, "example.com", "", [""], None),
        ("Crue sans rubrique", None, "crues.example.net", "", [], None),
        ("Crue en Égypte", None, "nouvelles.example.org", "Nouvelles", ["Getty Images", "AP"], None),
    ]
    for days, (title, section, domain, site, agencies, in_story) in enumerate(rows):
        article = indexed(
            title,
            section=section,
            source_url=f"https://{domain}/crue-{days}.html",
            site_name=site,
            published_at=now - timedelta(days=days),
            story=in_story,
        )
        for position, agency in enumerate(agencies):
            make_photo(article, position=position, is_main=position == 0, credit=agency, caption="Les eaux")
    return rows


def page(client, **params):
    response = client.get("/recherche/", {"q": "crue", **params})
    return {name: response.context[f"{name}_facets"] for name in ("section", "agency", "site")}


@pytest.mark.parametrize("params", [{}, {"periode": "7j"}, {"photo": "true"}, {"tri": "date"}])
def test_the_facets_counted_together_are_those_of_each_facets_query(client, archive, monkeypatch, params):
    each = None
    for one_statement in (False, True) if connection.vendor == "postgresql" else (False,):
        monkeypatch.setattr(filters, "counted_together", lambda queryset, on=one_statement: on)
        found = page(client, **params)
        each = each or found
        assert found == each
    if not params:  # stories counted once; a photo without an agency counts for none; sites by their domain
        assert each["section"] == [("Monde", "monde", 2), ("Liban", "liban", 1)]
        assert each["agency"] == [("AFP", 1), ("AP", 1), ("EPA", 1), ("Getty Images", 1), ("Reuters", 1)]
        # a site's hosts add up (filters.site_facets); www. is not a host of its own
        assert each["site"] == [
            ("Example", "example.com", 2),
            ("crues.example.net", "crues.example.net", 1),
            ("L'Orient-Le Jour", "lorientlejour.com", 1),
            ("Nouvelles", "nouvelles.example.org", 1),
        ]


@together
def test_a_page_counts_its_three_facets_in_one_statement_unless_one_of_their_filters_is_set(client, archive):
    for params, statements in (({}, 1), ({"section": "liban"}, 3), ({"agence": "AFP", "site": "example.com"}, 3)):
        with CaptureQueriesContext(connection) as queries:
            client.get("/recherche/", {"q": "crue", **params})
        assert sum("GROUP BY" in query["sql"] for query in queries) == statements


@together
def test_a_search_matching_nothing_has_empty_facets(client, archive):
    assert page(client, q="-crue") == {"section": [], "agency": [], "site": []}


@pytest.mark.parametrize("params", [{"section": "liban"}, {"agence": "AFP"}, {"section": "monde", "agence": "EPA"}])
@pytest.mark.parametrize("plan", ["auto", "index"])
def test_a_facet_counted_from_the_newest_matches_the_pages_search_kept_counts_what_its_own_search_finds(
    client, archive, monkeypatch, params, plan
):
    from articles.search import postgresql, shared

    monkeypatch.setattr(postgresql, "PLAN", plan)
    found = {}
    for again in (True, False):  # the page's search keeps its newest matches for the facets' (PostgreSQL) or not
        monkeypatch.setattr(shared, "again", lambda on=again: on)
        for window in (2, 1000):
            with override_settings(NEWSROOM_SEARCH_WINDOW=window):
                response = client.get("/recherche/", {"q": "crue", **params})
                facets = {name: response.context[f"{name}_facets"] for name in ("section", "agency", "site")}
                found.setdefault(window, []).append(([a.pk for a in response.context["articles"]], facets))
    assert all(first == second for first, second in found.values())
    if "agence" not in params:  # the section facet counts the search without the section
        assert found[1000][0][1]["section"] == [("Monde", "monde", 2), ("Liban", "liban", 1)]
