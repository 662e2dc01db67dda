"""The search page a reader uses: words, filters, facet counts, snippets, feeds; never a 500."""

from datetime import timedelta

import feedparser
import pytest
from django.http import QueryDict
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.filters import ArticleSearchFilter
from articles.models import Article, Story
from tests.factories import indexed, make_photo, make_section, titles

pytestmark = pytest.mark.django_db

HOSTILE = [
    '"',
    '"phrase non fermée',
    "((parenthèses",
    "a NEAR b",
    "NEAR(a b)",
    "titre:secret",
    "^début",
    "*",
    "mot**",
    "'; DROP TABLE articles_article; --",
    "1 OR 1=1",
    "x" * 10_000,
    "🇱🇧 🎉 sécurité",
    "بيروت الأمن",
    "-",
    "- -mot",
    "OR",
    "AND OR NOT",
    "\x01\x02",  # with a NUL, the request is refused (400): tests/test_storable.py
]


@pytest.fixture
def newsroom():
    diplomatie, liban = make_section("Diplomatie"), make_section("Liban")
    now = timezone.now()
    return {
        "munich": indexed(
            "Conférence de Munich sur la sécurité",
            section=diplomatie,
            published_at=now - timedelta(hours=2),
            lead="Blinken rencontre Wang Yi à Munich.",
            site_name="lorientlejour.com",
            photo={"caption": "Blinken et Wang Yi à Pékin.", "credit": "AFP/WOLFGANG RATTAY", "agency": "AFP"},
        ),
        "budget": indexed(
            "Le Parlement vote le budget",
            section=liban,
            published_at=now - timedelta(days=3),
            lead="Les élections municipales approchent, la sécurité aussi.",
            site_name="lorientlejour.com",
            photo={"caption": "Le Parlement à Beyrouth.", "credit": "© Reuters", "agency": "Reuters"},
        ),
        "sport": indexed(
            "Le Liban bat la Jordanie",
            section=liban,
            published_at=now - timedelta(days=40),
            lead="Victoire des Cèdres au basket.",
            site_name="sport.example.com",
        ),
    }


@pytest.mark.parametrize("q", ["securite", "Sécurité", "sécurités", "SECURITE"])
def test_words_match_whatever_the_accents_case_and_plural(client, newsroom, q):
    assert set(titles(client.get("/recherche/", {"q": q}))) == {
        "Conférence de Munich sur la sécurité",
        "Le Parlement vote le budget",
    }


def test_the_title_ranks_above_the_lead(client, newsroom):
    assert titles(client.get("/recherche/", {"q": "sécurité"}))[0] == "Conférence de Munich sur la sécurité"


def test_a_caption_match_is_found_and_shown_as_the_snippet(client, newsroom):
    response = client.get("/recherche/", {"q": "pekin"})
    assert titles(response) == ["Conférence de Munich sur la sécurité"]
    html = response.content.decode()
    assert "Légende\u00a0: " in html and "<mark>Pékin</mark>" in html


def test_web_search_syntax(client, newsroom):
    assert titles(client.get("/recherche/", {"q": '"vote le budget"'})) == ["Le Parlement vote le budget"]
    assert titles(client.get("/recherche/", {"q": "sécurité -munich"})) == ["Le Parlement vote le budget"]
    assert len(titles(client.get("/recherche/", {"q": "jordanie OR munich"}))) == 2
    assert titles(client.get("/recherche/", {"q": "parlem*"})) == ["Le Parlement vote le budget"]


def test_section_filter_and_counts_per_section(client, newsroom):
    response = client.get("/recherche/", {"q": "sécurité", "section": "liban"})
    assert titles(response) == ["Le Parlement vote le budget"]
    # Facets ignore the section filter itself, so another section can be added.
    assert response.context["section_facets"] == [("Diplomatie", "diplomatie", 1), ("Liban", "liban", 1)]
    assert 'href="?q=s%C3%A9curit%C3%A9&amp;section=liban&amp;section=diplomatie"' in response.content.decode()


def test_several_sections(client, newsroom):
    response = client.get("/recherche/?section=liban&section=diplomatie")
    assert len(titles(response)) == 3


def test_agency_facet_and_filter(client, newsroom):
    response = client.get("/recherche/", {"q": "sécurité"})
    assert response.context["agency_facets"] == [("AFP", 1), ("Reuters", 1)]
    assert titles(client.get("/recherche/", {"q": "sécurité", "agence": "Reuters"})) == ["Le Parlement vote le budget"]
    assert titles(client.get("/recherche/", {"agence": "rattay"})) == ["Conférence de Munich sur la sécurité"]


def test_an_article_counts_once_for_an_agency_of_several_of_its_photos(client, newsroom):
    article = indexed("Sécurité au port", photo={"credit": "Photo AFP/JANE ROE", "caption": "Le quai"})
    make_photo(article, position=1, is_main=False, credit="AFP", caption="La grue")
    make_photo(article, position=2, is_main=False, credit="Reuters/John Doe", caption="Le phare")
    indexed("Sécurité sans photo")
    response = client.get("/recherche/", {"q": "sécurité"})
    assert response.context["agency_facets"] == [("AFP", 2), ("Reuters", 2)]


def test_date_filters_and_presets(client, newsroom):
    assert titles(client.get("/recherche/", {"periode": "24h"})) == ["Conférence de Munich sur la sécurité"]
    assert len(titles(client.get("/recherche/", {"periode": "7j"}))) == 2
    assert len(titles(client.get("/recherche/", {"periode": "30j"}))) == 2
    since = (timezone.localdate() - timedelta(days=10)).isoformat()
    assert "Le Liban bat la Jordanie" in titles(client.get("/recherche/", {"au": since}))
    assert "Le Liban bat la Jordanie" not in titles(client.get("/recherche/", {"du": since}))


def test_author_site_and_photo_filters(client, newsroom):
    newsroom["sport"].authors.create(name="Maya Cherfane", through_defaults={"position": 0})
    assert titles(client.get("/recherche/", {"auteur": "cherfane"})) == ["Le Liban bat la Jordanie"]
    assert titles(client.get("/recherche/", {"site": "sport.example.com"})) == ["Le Liban bat la Jordanie"]
    assert titles(client.get("/recherche/", {"photo": "false"})) == ["Le Liban bat la Jordanie"]
    assert len(titles(client.get("/recherche/", {"photo": "true"}))) == 2


def test_sort_by_date(client, newsroom):
    by_date = titles(client.get("/recherche/", {"q": "sécurité", "tri": "date"}))
    assert by_date == ["Conférence de Munich sur la sécurité", "Le Parlement vote le budget"]
    newsroom["budget"].published_at = timezone.now()
    newsroom["budget"].save()
    assert titles(client.get("/recherche/", {"q": "sécurité", "tri": "date"}))[0] == "Le Parlement vote le budget"


def test_no_result_page_suggests_removing_filters(client, newsroom):
    html = client.get("/recherche/", {"q": "budget", "section": "diplomatie"}).content.decode()
    assert "Aucun résultat" in html
    assert "retirez un filtre" in html
    assert 'href="?q=budget"' in html  # the same words, everywhere


def test_invalid_filters_are_reported_not_crashed(client, newsroom):
    response = client.get("/recherche/", {"section": "inconnue", "du": "hier", "periode": "1an", "tri": "x"})
    assert response.status_code == 200
    assert response.context["filterset"].errors


def test_highlighting_escapes_hostile_text_before_marking(client):
    indexed("<script>alert('sécurité')</script> et sécurité", lead="<img src=x onerror=alert(1)> sécurité")
    html = client.get("/recherche/", {"q": "sécurité"}).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "<mark>sécurité</mark>" in html


@pytest.mark.parametrize("q", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_never_fail(client, newsroom, q):
    response = client.get("/recherche/", {"q": q})
    assert response.status_code == 200
    assert client.get("/recherche/atom/", {"q": q}).status_code == 200


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=300))
def test_any_text_gives_a_page_never_a_500(client, newsroom, q):
    assert client.get("/recherche/", {"q": q.replace("\x00", "")}).status_code == 200


def test_pagination_keeps_the_search(client):
    for i in range(25):
        indexed(f"Sécurité numéro {i}")
    html = client.get("/recherche/", {"q": "sécurité"}).content.decode()
    assert 'href="?q=s%C3%A9curit%C3%A9&amp;page=2"' in html
    assert len(titles(client.get("/recherche/", {"q": "sécurité", "page": 2}))) == 5


def test_search_feed_follows_a_topic(client, newsroom):
    feed = feedparser.parse(client.get("/recherche/atom/", {"q": "sécurité", "section": "liban"}).content)
    assert not feed.bozo
    assert feed.feed.title == "Newsroom — recherche « sécurité »"
    assert [entry.title for entry in feed.entries] == ["Le Parlement vote le budget"]


def test_header_box_on_a_section_page_searches_that_section(client, newsroom):
    html = client.get("/rubrique/liban/").content.decode()
    assert 'action="/recherche/"' in html and '<input type="hidden" name="section" value="liban">' in html


def test_the_search_page_runs_a_fixed_number_of_queries(client, newsroom, django_assert_max_num_queries):
    for i in range(20):
        indexed(f"Sécurité {i}", section=newsroom["munich"].section, photo={"caption": "x", "agency": "AFP"})
    # A query per facet (sections, sites, agencies; one for the three on PostgreSQL, articles.facets),
    # one for the languages the index holds, the
    # page's ids then their rows (search_views.IdsFirstPaginator). On
    # PostgreSQL the window's plan is chosen from an EXPLAIN and the documents' count (read once a
    # minute) and, for filters on the article's own columns, from the planner's count of the
    # articles they keep; the index plan sets enable_seqscan for its statement, in a savepoint
    # here (a transaction outside tests).
    with django_assert_max_num_queries(20):
        assert client.get("/recherche/", {"q": "sécurité"}).status_code == 200


def test_the_results_page_reads_its_photos_captions_and_agencies_but_not_the_photos_it_does_not_show(client, newsroom):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/recherche/", {"q": "pekin"})
    html = response.content.decode()
    # What the page shows of the photos: a caption's matched words as the snippet, the agencies' facet.
    assert "Légende\u00a0: " in html and "<mark>Pékin</mark>" in html and "Agences photo" in html
    photos = [query["sql"] for query in queries if "articles_photo" in query["sql"]]
    # The captions (highlighting) and the agencies' facet (on PostgreSQL, the three facets' statement):
    # no third statement reading each result's main photo and its image, which no result shows.
    assert len(photos) == 2, photos


def test_the_results_are_read_at_once_with_the_columns_the_page_shows(client, newsroom):
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    budget = newsroom["budget"]
    story = Story.objects.create(outlets=[[budget.pk, "L'Orient-Le Jour"], [budget.pk + 1000, "Le Monde"]])
    Article.objects.filter(pk=budget.pk).update(story=story)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/recherche/", {"q": "sécurité"})
    html = response.content.decode()
    # Each result's section, date, site, title, snippet and the story's other outlets.
    assert 'class="news-item__section" href="?q=s%C3%A9curit%C3%A9&amp;section=diplomatie">Diplomatie</a>' in html
    assert '<span class="search-hit__source">lorientlejour.com</span>' in html and "<time" in html
    assert "<mark>sécurité</mark> aussi" in html and "2 versions — aussi chez Le Monde" in html
    statements = [query["sql"] for query in queries]
    rows = [sql for sql in statements if '"articles_article"."lead"' in sql]
    assert len(rows) == 1 and "body_html" not in rows[0]  # the HTML body is not shown: not read
    # no column left out that the page reads after all, one result at a time
    assert not [sql for sql in statements if re.search(r'WHERE "articles_article"\."id" = \d+', sql)]


def test_a_word_in_more_articles_than_the_window_shows_the_newest_and_says_so(client, newsroom, settings):
    settings.NEWSROOM_SEARCH_WINDOW = 1
    response = client.get("/recherche/", {"q": "sécurité", "tri": "date"})
    assert titles(response) == ["Conférence de Munich sur la sécurité"]
    html = response.content.decode()
    assert "Plus de 1&nbsp;articles pour «&nbsp;sécurité&nbsp;»&nbsp;: voici les 1&nbsp;plus récents" in html
    assert "plus récents, du plus récent au plus ancien" in html
    assert "Comptés parmi les articles les plus récents qui correspondent et ceux dont le titre correspond" in html
    # In one section, the older article is within reach, and nothing is said to be left out.
    response = client.get("/recherche/", {"q": "sécurité", "section": "liban"})
    assert titles(response) == ["Le Parlement vote le budget"]
    assert "1 article pour" in response.content.decode()


def test_an_older_article_whose_title_matches_is_kept_beyond_the_window_and_counted_apart(client, newsroom, settings):
    settings.NEWSROOM_SEARCH_WINDOW = 1
    indexed("Sécurité routière : le bilan", published_at=timezone.now() - timedelta(days=400))
    response = client.get("/recherche/", {"q": "sécurité"})
    # The newest match, and the old article whose title holds the word; not the budget (lead only).
    assert set(titles(response)) == {"Conférence de Munich sur la sécurité", "Sécurité routière : le bilan"}
    html = response.content.decode()
    assert (
        "Plus de 2&nbsp;articles pour «&nbsp;sécurité&nbsp;»&nbsp;: voici les 1&nbsp;plus récents et "
        "1&nbsp;plus ancien dont le titre correspond le mieux, les plus pertinents d’abord" in html
    )


@pytest.mark.django_db
def test_a_filterset_says_whether_its_search_was_cut_even_before_its_results_are_read(settings):
    settings.NEWSROOM_SEARCH_WINDOW = 2
    for colour in ("rouge", "vert", "jaune"):
        indexed(f"Kiwi {colour}")
    assert search_filter("q=kiwi").truncated  # the property runs the search if .qs has not yet
    assert not search_filter("q=jaune").truncated


def search_filter(query_string):
    return ArticleSearchFilter(QueryDict(query_string), queryset=Article.objects.published())


def test_a_page_and_its_facets_searches_read_the_matching_titles_and_the_languages_once(client, newsroom, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.NEWSROOM_SEARCH_WINDOW = 1
    liban = newsroom["budget"].section
    for days in (4, 5):
        indexed(f"La sécurité au port {days}", section=liban, published_at=timezone.now() - timedelta(days=days))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/recherche/", {"q": "sécurité", "section": "liban"})
    # The newest match of the section, and the older ones kept for their title; the facet counts the
    # newest match of every section and the titles beyond it, as a search without the section does.
    assert sorted(titles(response)) == ["La sécurité au port 4", "La sécurité au port 5", "Le Parlement vote le budget"]
    assert response.context["section_facets"] == [("Liban", "liban", 2), ("Diplomatie", "diplomatie", 1)]
    statements = [query["sql"] for query in queries]
    assert sum("FROM articles_search_language" in sql for sql in statements) == 1
    # both searches of the page looked beyond their window, for the same titles
    if connection.vendor == "sqlite":
        assert sum(sql.startswith("SELECT rowid, -bm25(articles_search_title") for sql in statements) == 1
    else:
        assert sum("ts_rank(title" in sql and "OVER ()" in sql for sql in statements) == 1


def test_a_search_in_one_section_reads_that_section_once_for_its_check_and_the_header_box(client, newsroom):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/recherche/", {"q": "budget", "section": "liban"}).content.decode()
    # The header box searches the section chosen, as on the section's own page.
    assert '<input type="hidden" name="section" value="liban">' in html
    assert 'placeholder="Rechercher dans Liban…"' in html
    assert titles_in(html) == ["Le Parlement vote le budget"]
    statements = [query["sql"] for query in queries]
    named = [sql for sql in statements if 'FROM "articles_section"' in sql and "'liban'" in sql]
    # The form's check of the slug and its boxes (the house sections and the one chosen); the header box
    # takes the section the check read, not a third statement.
    assert len(named) == 2, named
    # Two sections, or one nobody knows: the header box searches everywhere.
    for params in ({"q": "budget", "section": ["liban", "diplomatie"]}, {"q": "budget", "section": "inconnue"}):
        html = client.get("/recherche/", params).content.decode()
        assert 'name="section" value=' not in html.split("</header>")[0]
        assert 'placeholder="Rechercher…"' in html


def titles_in(html):
    import re

    shown = re.findall(r'class="search-hit__title"[^>]*><a [^>]+>(.*?)</a>', html)
    return [re.sub(r"<[^>]+>", "", title) for title in shown]


def test_a_page_of_results_reads_its_rows_unordered_and_shows_them_in_the_searchs_order(client, newsroom):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    now = timezone.now()
    indexed("Élections au Liban", published_at=now - timedelta(days=10), lead="Le scrutin de mai.")
    indexed("Le vote des municipales", published_at=now - timedelta(hours=1), lead="Les élections approchent.")
    relevance = ["Élections au Liban", "Le vote des municipales", "Le Parlement vote le budget"]
    by_date = relevance[1:] + relevance[:1]
    for params, expected in (({"q": "élections"}, relevance), ({"q": "élections", "tri": "date"}, by_date)):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/recherche/", params)
        assert titles(response) == expected  # the title first by relevance; by date the newest first
        rows = [query["sql"] for query in queries if '"articles_article"."lead"' in query["sql"]]
        # put in the search's order in Python: the database does not sort them
        assert len(rows) == 1 and "ORDER BY" not in rows[0], rows


def test_a_filterset_with_no_section_chosen_does_not_read_its_empty_choice_to_find_it_empty():
    filterset = search_filter("q=kiwi")
    filterset.errors  # validates
    chosen = filterset.form.cleaned_data["section"]  # no section chosen: an empty queryset
    queryset = Article.objects.published()
    assert filterset.filters["section"].filter(queryset, chosen) is queryset
    assert chosen._result_cache is None  # django-filter's `not value` ran it through the compiler


def test_each_filterset_has_filters_of_its_own(settings):
    settings.NEWSROOM_SEARCH_WINDOW = 2
    for colour in ("rouge", "vert", "jaune"):
        indexed(f"Kiwi {colour}")
    # Made before either is searched: each filter, its method too, belongs to its own FilterSet.
    cut, whole = search_filter("q=kiwi"), search_filter("q=jaune&tri=date")
    assert all(cut.filters[name].parent is cut and whole.filters[name].parent is whole for name in cut.filters)
    assert all(cut.filters[name] is not whole.filters[name] for name in cut.filters)
    assert whole.count == 1 and not whole.truncated and [a.title for a in whole.qs] == ["Kiwi jaune"]
    assert cut.count == 3 and cut.truncated
    assert whole.form.cleaned_data["tri"] == "date" and cut.form.cleaned_data["tri"] == ""
