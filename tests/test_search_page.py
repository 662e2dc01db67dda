"""The search page's details: the site facet, refusals said in French, refining on a phone, dates, snippets, pages."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from articles.filters import ArticleSearchFilter
from articles.models import Article, Story
from tests.factories import indexed, make_section, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites():
    now = timezone.now()
    monde = make_section("Monde")
    return [
        indexed(
            "Sommet à Genève",
            section=monde,
            site_name="Le Monde",
            source_url="https://www.lemonde.fr/a/1",
            published_at=now - timedelta(hours=1),
        ),
        indexed(
            "Sommet à Bruxelles",
            section=monde,
            site_name="Le Monde",
            source_url="https://www.lemonde.fr/a/2",
            published_at=now - timedelta(hours=2),
        ),
        indexed(
            "Sommet à Rome",
            section=monde,
            site_name="",
            source_url="https://blog.exemple.org/rome",
            published_at=now - timedelta(hours=3),
        ),
    ]


def test_site_is_a_facet_with_counts_picked_by_domain(client, sites):
    response = client.get("/recherche/", {"q": "sommet"})
    assert response.context["site_facets"] == [
        ("Le Monde", "lemonde.fr", 2),
        ("blog.exemple.org", "blog.exemple.org", 1),
    ]
    html = response.content.decode()
    assert '<a href="?q=sommet&amp;site=lemonde.fr">Le Monde</a> <span class="facet__count">2</span>' in html
    assert len(titles(client.get("/recherche/", {"q": "sommet", "site": "lemonde.fr"}))) == 2


def test_the_hosts_of_one_site_are_one_site_in_the_facet(client, sites):
    for town in ("Rome", "Lima"):  # its edition has as many stories as the site: the site's own name is shown
        indexed(
            f"Sommet à {town}, l'édition", site_name="Le Monde Édition", source_url=f"https://edition.lemonde.fr/{town}"
        )
    indexed("Sommet à Rome, le blog", site_name="", source_url="https://autre.exemple.org/rome")
    facets = client.get("/recherche/", {"q": "sommet"}).context["site_facets"]
    assert facets == [("Le Monde", "lemonde.fr", 4), ("exemple.org", "exemple.org", 2)]
    assert len(titles(client.get("/recherche/", {"q": "sommet", "site": "exemple.org"}))) == 2


@pytest.mark.parametrize(
    ("site", "count"),
    [
        ("Le Monde", 2),
        ("le monde", 2),
        ("lemonde.fr", 2),
        ("www.lemonde.fr", 2),
        ("https://www.lemonde.fr/x", 2),
        ("exemple.org", 1),
        ("blog.exemple.org", 1),
        ("monde.fr", 0),
    ],
)
def test_a_site_matches_by_name_or_domain(client, sites, site, count):
    assert len(titles(client.get("/recherche/", {"site": site}))) == count


def errors_box(html):
    return html[
        html.index('<div class="search-errors"') : html.index("</div>", html.index('<div class="search-errors"'))
    ]


@pytest.mark.parametrize(
    ("params", "said"),
    [
        ({"du": "2024-13-45"}, "<strong>Du</strong> «&nbsp;2024-13-45&nbsp;»&nbsp;: date invalide"),
        (
            {"section": "inconnue"},
            "<strong>Rubriques</strong> «&nbsp;inconnue&nbsp;»&nbsp;: rubrique inconnue : « inconnue »",
        ),
        (
            {"du": "2024-03-01", "au": "2024-02-01"},
            "<strong>Au</strong> «&nbsp;2024-02-01&nbsp;»&nbsp;: cette date est avant",
        ),
        ({"q": "mot " * 400}, "recherche trop longue : 1000 caractères au plus (1599 saisis)"),
        ({"q": "c++"}, "<strong>Mots</strong> «&nbsp;c++&nbsp;»&nbsp;: aucun mot à chercher"),
    ],
)
def test_filters_that_cannot_be_used_are_said_at_the_top_in_french(client, sites, params, said):
    html = client.get("/recherche/", params).content.decode()
    box = errors_box(html)
    assert "n’a pas été appliqué" in box and said in box
    assert html.index('class="search-errors"') < html.index('class="search-summary"')
    assert '<details class="search-side" id="affiner" open>' in html  # the form to correct it is open


def test_what_was_typed_is_kept(client, sites):
    html = client.get("/recherche/", {"q": "c++", "du": "hier"}).content.decode()
    assert 'id="search-q" type="search" name="q" value="c++"' in html
    assert 'name="du" value="hier"' in html


def test_on_a_phone_refining_and_sorting_come_before_the_results(client, sites):
    html = client.get("/recherche/", {"q": "sommet"}).content.decode()
    assert html.index('class="search-summary"') < html.index('class="search-sort"') < html.index("<summary>Affiner")
    assert html.index("<summary>Affiner la recherche</summary>") < html.index('class="search-list"')
    assert '<strong aria-current="true">pertinence</strong> · <a href="?q=sommet&amp;tri=date">date</a>' in html
    assert 'src="/static/js/search.js"' in html


def test_filter_chips_show_french_dates(client, sites):
    html = client.get("/recherche/", {"du": "2024-02-16", "au": "2024-03-01"}).content.decode()
    assert "Du\u00a0: <strong>16 février 2024</strong>" in html and "Au\u00a0: <strong>1 mars 2024</strong>" in html


def test_a_snippet_never_repeats_the_title(client):
    indexed(
        "Le Liban et la Jordanie en finale",
        lead="Le Liban et la Jordanie en finale",
        body_text="Un match serré à Amman.",
    )
    indexed("Sommet sur l'eau", lead="")
    response = client.get("/recherche/", {"q": "finale"})
    article = response.context["articles"][0]
    assert article.search_snippet_field == "body" and "Un match serré" in article.search_snippet
    html = response.content.decode()
    assert html.count("Jordanie en <mark>finale</mark>") + html.count("Jordanie en finale") == 1


def test_a_page_past_the_end_is_a_404_with_a_link_to_the_last_page(client):
    for i in range(25):
        indexed(f"Sécurité {i}")
    response = client.get("/recherche/", {"q": "sécurité", "page": "9"})
    assert response.status_code == 404
    html = response.content.decode()
    assert "Cette page de résultats n’existe pas" in html
    assert '<a href="?q=s%C3%A9curit%C3%A9&amp;page=2">Aller à la dernière page (2)</a>' in html


def test_truncated_belongs_to_each_search_not_to_the_class(settings, sites):
    settings.NEWSROOM_SEARCH_WINDOW = 1
    wide = ArticleSearchFilter({"q": "sommet"}, queryset=Article.objects.published())
    narrow = ArticleSearchFilter({"q": "rome"}, queryset=Article.objects.published())
    assert wide.truncated and not narrow.truncated
    assert ArticleSearchFilter.truncated is not True and not hasattr(ArticleSearchFilter(), "_qs")


def test_dates_before_the_end_date_still_filter(client, sites):
    today = date.today().isoformat()
    assert len(titles(client.get("/recherche/", {"du": today, "au": today}))) >= 0  # valid, no error said
    assert "search-errors" not in client.get("/recherche/", {"du": today, "au": today}).content.decode()


def test_the_form_offers_the_house_sections_and_the_chosen_one_not_every_sources_label(client, sites):
    make_section("Wohnen", house=False)
    make_section("Politique")
    html = client.get("/recherche/", {"section": "monde"}).content.decode()
    form = html[html.index('class="search-form"') :]
    assert 'value="politique"' in form and 'value="monde"' in form and 'value="wohnen"' not in form
    chosen = client.get("/recherche/", {"section": "wohnen"}).content.decode()  # still a valid choice
    assert "search-errors" not in chosen and 'value="wohnen"' in chosen[chosen.index('class="search-form"') :]


def test_the_search_page_alone_lists_every_story_with_its_facets(client, sites):
    """/recherche/ with no parameter (a typed address, a bookmark) is the search of no words, as `?q=` is."""
    alone = client.get("/recherche/")
    assert alone.status_code == 200
    assert sorted(titles(alone)) == sorted(titles(client.get("/recherche/", {"q": ""})))
    assert len(titles(alone)) == 3
    assert [name for name, _slug, _n in alone.context["section_facets"]] == ["Monde"]


def test_the_count_of_results_is_how_many_the_pages_list_counted_without_a_statement(client, sites):
    """The search hands the page its count (ArticleSearchFilter.count): the window cut, the older articles kept for
    their title, one version a story, an exclusion, a section; the pages list exactly that many."""
    monde, story = sites[0].section, Story.objects.create()
    now = timezone.now()
    for n in range(12):
        indexed(f"Sommet numéro {n}", section=monde if n % 2 else None, published_at=now - timedelta(days=n + 1))
    for n in range(2):  # two versions of one story: the page shows it once
        indexed(f"Le sommet, version {n}", story=story, published_at=now - timedelta(minutes=10 + n))
    indexed("Sommet", published_at=now - timedelta(days=400))  # older than the window, kept for its title
    cases = [{"q": "sommet"}, {"q": "sommet", "tri": "date"}, {"q": "sommet -rome"}]
    cases.append({"q": "sommet", "section": "monde"})
    with override_settings(NEWSROOM_SEARCH_WINDOW=6, NEWSROOM_SEARCH_TITLES=2):
        for params in cases:
            with CaptureQueriesContext(connection) as queries:
                response = client.get("/recherche/", params)
            counts = sum('COUNT(*) AS "__count"' in query["sql"] for query in queries)
            assert counts == 0
            paginator = response.context["paginator"]
            shown = [titles(client.get("/recherche/", {**params, "page": n})) for n in paginator.page_range]
            assert paginator.count == paginator.object_list.count() == sum(map(len, shown))
            if params == cases[0]:
                assert response.context["older"] and "Sommet" in shown[-1]
                assert sum(title.startswith("Le sommet, version") for page in shown for title in page) == 1
