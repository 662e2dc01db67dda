"""Editors' decisions on stories: merge stories into one, split articles out of theirs; both stick.

A decided story is pinned: re-ingesting or re-extracting one of its articles stores its new
fingerprint but never moves it (grouping.group_article), so the editor's split or merge holds.
New articles may still join a pinned story when their text matches one of its articles.
"""

from django.db import transaction

from articles.models import Article, Story
from articles.stories.grouping import settle


@transaction.atomic
def merge(articles):
    """One pinned story with `articles` and every article of their stories; returns it."""
    pks = [a.pk for a in articles]
    story_ids = _stories_of(pks)
    stories = Story.objects.filter(pk__in=story_ids).order_by("-pinned", "id")
    story = stories.first() or Story.objects.create()
    members = Article.objects.filter(pk__in=pks) | Article.objects.filter(story_id__in=story_ids)
    members.update(story=story)
    Story.objects.filter(pk=story.pk).update(pinned=True)
    Story.objects.filter(pk__in=story_ids - {story.pk}).delete()
    settle(story.pk)
    return story


@transaction.atomic
def split(articles):
    """`articles` leave their stories for a new pinned one; what they leave is pinned too. Returns it."""
    pks = [a.pk for a in articles]
    left = _stories_of(pks)
    story = Story.objects.create(pinned=True)
    Article.objects.filter(pk__in=pks).update(story=story)
    Story.objects.filter(pk__in=left).update(pinned=True)
    settle(story.pk, *left)
    return story


def _stories_of(pks):
    """The stories of these articles as stored (an instance in hand may predate its grouping)."""
    return set(Article.objects.filter(pk__in=pks, story__isnull=False).values_list("story_id", flat=True))
