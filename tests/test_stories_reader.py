"""The reader shows a story once: timeline and search list its earliest version; its page lists the others."""

import importlib
import re

import pytest
from django.urls import reverse

from articles.models import Article, Section, Story
from articles.stories.editing import merge, split
from tests.factories import make_article
from tests.stories_helpers import ingest_story, ingest_version, versions

pytestmark = pytest.mark.django_db

ADDED = "Des sauveteurs venus d'Andorre ont prêté main-forte aux pompiers du département."


@pytest.fixture
def story():
    return ingest_story("gard-crue", count=3)  # outlets: Agence, Le Quotidien, La Dépêche du Sud, Info Continue


def test_the_timeline_shows_a_story_once_with_the_other_outlets(client, story):
    alone = make_article("Une autre nouvelle")
    response = client.get("/")
    shown = [a.pk for a in response.context["articles"]]
    assert shown.count(story[0].pk) == 1 and not {a.pk for a in story[1:]} & set(shown)
    assert alone.pk in shown
    html = response.content.decode()
    assert "Aussi chez Le Quotidien, La Dépêche du Sud (+1)" in html
    assert f"{story[0].get_absolute_url()}#versions" in html


def test_an_article_page_lists_the_other_versions_with_their_length(client, story):
    page = client.get(story[1].get_absolute_url()).content.decode()
    assert 'id="versions"' in page and "La même information ailleurs (3)" in page
    for other in (story[0], story[2], story[3]):
        assert other.get_absolute_url() in page
    delta = story[0].word_count - story[1].word_count
    assert (f"{delta} mots de plus" if delta > 0 else f"{-delta} mots de moins") in page


def test_an_article_alone_has_no_versions(client):
    article = make_article("Seule")
    assert 'id="versions"' not in client.get(article.get_absolute_url()).content.decode()


def test_search_shows_one_hit_per_story_with_its_versions(client, story):
    response = client.get(reverse("articles:search"), {"q": "Cévennes"})
    assert [a.pk for a in response.context["articles"]] == [story[0].pk]
    assert "4 versions — aussi chez" in response.content.decode()


def test_a_word_only_one_later_version_holds_finds_its_story_once(client, story):
    original = versions("gard-crue", count=0)[0]
    told_more = original.__class__(**{**vars(original), "paragraphs": [*original.paragraphs, ADDED]})
    late = ingest_version(told_more, 7)
    story[0].refresh_from_db()
    assert late.story_id == story[0].story_id is not None and not late.listed
    response = client.get(reverse("articles:search"), {"q": "Andorre"})
    assert [a.pk for a in response.context["articles"]] == [late.pk]  # the version with the word
    html = response.content.decode()
    assert "1 article pour" in html and "<mark>Andorre</mark>" in html
    assert f'<a href="{late.get_absolute_url()}#versions">5 versions — aussi chez' in html
    # A word of every version: the story once, by its earliest version.
    response = client.get(reverse("articles:search"), {"q": "Cévennes"})
    assert [a.pk for a in response.context["articles"]] == [story[0].pk]


def test_a_filter_keeps_the_story_by_the_version_it_matches_and_facets_count_stories(client, story):
    section = Section.objects.create(name="Climat", slug="climat")
    Article.objects.filter(pk__in=[a.pk for a in story]).update(section=section)
    response = client.get(reverse("articles:search"), {"q": "Cévennes"})
    assert response.context["section_facets"] == [("Climat", "climat", 1)]  # one story, as the hits say
    # Every outlet of the story is offered, each for the one story it would find.
    assert sorted(domain for _, domain, _ in response.context["site_facets"]) == sorted(a.source_domain for a in story)
    assert {n for *_, n in response.context["site_facets"]} == {1}
    for words in ({"q": "Cévennes"}, {}):  # with words, and a site's articles without any
        response = client.get(reverse("articles:search"), {**words, "site": story[2].source_domain})
        assert [a.pk for a in response.context["articles"]] == [story[2].pk]
    response = client.get(reverse("articles:search"), {"section": "climat"})
    assert [a.pk for a in response.context["articles"]] == [story[0].pk]  # the story once, without words too


def test_feeds_keep_every_article_unless_asked_for_stories(client, story):
    every = client.get(reverse("articles:feed-atom")).content.decode()
    assert all(a.canonical_url in every for a in story)
    stories = client.get(reverse("articles:stories-feed-atom")).content.decode()
    assert story[0].canonical_url in stories and not any(a.canonical_url in stories for a in story[1:])


def test_a_timeline_with_stories_costs_no_query_more(client, story, django_assert_max_num_queries):
    for _ in range(10):
        make_article()
    # The pinned four (tests/test_views.py): the other outlets come with the page's own query.
    with django_assert_max_num_queries(4):
        assert "Aussi chez Le Quotidien" in client.get("/").content.decode()


def test_the_outlets_named_follow_the_versions_as_they_change(client, story):
    def also():
        return re.findall(r"Aussi chez ([^<]+)</a>", client.get("/").content.decode())

    # An outlet renames its site and updates its version: named anew.
    version = versions("gard-crue", count=3)[1]
    ingest_version(version.__class__(**{**vars(version), "outlet": "Le Nouveau Quotidien", "lead": "Mis à jour."}), 1)
    assert also() == ["Le Nouveau Quotidien, La Dépêche du Sud (+1)"]
    story[2].delete()
    assert also() == ["Le Nouveau Quotidien, Info Continue"]
    split([story[3]])  # an editor's decision: the story left is pinned, and updated still named anew
    ingest_version(version.__class__(**{**vars(version), "outlet": "Le Quotidien", "lead": "Encore."}), 1)
    assert also() == ["Le Quotidien"]
    merge([story[0], story[3]])
    assert also() == ["Le Quotidien, Info Continue"]


def test_the_migration_names_the_outlets_of_stories_grouped_before_it(story):
    from django.apps import apps

    migration = importlib.import_module("articles.migrations.0022_story_outlets")
    Story.objects.update(outlets=[])
    migration.name_outlets(apps, None)
    assert Story.objects.get().outlets == [[a.pk, a.source_name] for a in story]


def test_a_page_reads_its_stories_and_its_count_through_indexes_even_after_analyze(story):
    """SQLite's statistics taken while no article had a story made it read the whole table (9× the page)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's query plans; PostgreSQL's statistics count NULLs apart")
    for _ in range(30):
        make_article()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    published = Article.objects.published()
    count_plan = published.one_per_story().order_by().values("pk").explain()  # what the count reads
    stories = Article.objects.filter(pk=story[0].pk).values_list("story", flat=True)
    versions_plan = Article.objects.filter(story_id__in=list(stories)).order_by().values("site_name").explain()
    assert "COVERING INDEX article_listed_idx" in count_plan
    assert "INDEX article_story_idx" in versions_plan and "SCAN" not in versions_plan
