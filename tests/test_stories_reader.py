"""The reader shows a story once: timeline and search list its earliest version; its page lists the others."""

import pytest
from django.urls import reverse

from tests.factories import make_article
from tests.stories_helpers import ingest_story

pytestmark = pytest.mark.django_db


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


def test_feeds_keep_every_article_unless_asked_for_stories(client, story):
    every = client.get(reverse("articles:feed-atom")).content.decode()
    assert all(a.canonical_url in every for a in story)
    stories = client.get(reverse("articles:stories-feed-atom")).content.decode()
    assert story[0].canonical_url in stories and not any(a.canonical_url in stories for a in story[1:])


def test_a_timeline_with_stories_costs_one_query_more(client, story, django_assert_max_num_queries):
    for _ in range(10):
        make_article()
    # The pinned four (tests/test_views.py) and the other versions of the page's stories, all in one.
    with django_assert_max_num_queries(5):
        assert client.get("/").status_code == 200
