"""Editors split and merge stories from the articles' list; the story page shows its versions."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from articles.models import Article, Story
from tests.admin_helpers import article_form, editor_fixture  # noqa: F401 (the `editor` fixture)
from tests.stories_helpers import ingest_story, ingest_version, versions

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:articles_article_changelist")


def act(client, action, articles):
    data = {"action": action, "_selected_action": [a.pk for a in articles]}
    return client.post(CHANGELIST, data, follow=True)


def stories(*articles):
    return [Article.objects.get(pk=a.pk).story_id for a in articles]


def test_an_editor_splits_a_wrong_version_out_and_it_stays_out_when_ingested_again(client, editor):
    first, second, wrong = ingest_story("liban-pain", count=2)
    response = act(client, "split_stories", [wrong])
    assert "séparation gardée aux réimportations" in response.content.decode()
    assert stories(first)[0] == stories(second)[0] != stories(wrong)[0]
    ingest_version(versions("liban-pain", count=2)[2], 2, url=wrong.canonical_url, hours=1)  # re-ingested, changed
    assert stories(first)[0] != stories(wrong)[0] and Article.objects.get(pk=wrong.pk).listed


def test_an_editor_merges_two_stories_and_the_story_page_lists_every_version(client, editor, admin_client):
    one = ingest_story("psg-om", count=1)
    other = ingest_story("psg-blessure", count=1)
    act(client, "merge_stories", [one[0], other[0]])
    [story] = Story.objects.all()
    assert set(stories(*one, *other)) == {story.pk} and story.pinned
    page = admin_client.get(reverse("admin:articles_story_change", args=[story.pk])).content.decode()
    for article in one + other:
        assert escape(article.title) in page


def test_an_editor_dating_a_version_earlier_makes_it_the_one_the_timeline_shows(client, editor):
    first, second, third = ingest_story("bce-taux", count=2)
    url, data = article_form(client, third, published_at_0="2020-01-01")  # before the others
    assert client.post(url, data).status_code == 302
    [story] = stories(first)
    assert [a.pk for a in Article.objects.filter(story=story, listed=True)] == [third.pk]
    assert [pk for pk, _ in Story.objects.get(pk=story).outlets] == [third.pk, first.pk, second.pk]
