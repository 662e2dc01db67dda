"""What the reader shows of a story: the other versions of each article.

A list (timeline, search) names the other versions' outlets only: the story's row keeps them
named (Story.outlets, kept by grouping.settle), read with the list's own query
(ArticleQuerySet.with_outlets); reading the versions themselves for each page cost the timeline
a query and a millisecond (docs/BENCHMARKS.md, Stories). An article page lists its versions in full.
"""

from typing import NamedTuple

from articles.models import Article, Story
from articles.search.expressions import in_ids

OUTLETS_NAMED = 2  # "aussi chez A, B (+3)"
_FIELDS = (
    "title",
    "slug",
    "published_at",
    "published_time_known",
    "language",
    "site_name",
    "source_url",
    "source_domain",
    "word_count",
    "story_id",
)


class Outlet(NamedTuple):
    """Another version of a listed story, as a list names it."""

    pk: int
    source_name: str


def attach_outlets(articles):
    """Set `other_versions` (Outlets, earliest first) on each article of a list.

    No query when the list was read with_outlets(); otherwise one, on the stories' rows.
    """
    articles = list(articles)
    unread = {a.story_id for a in articles if a.story_id and not hasattr(a, "story_outlets")}
    named = dict(Story.objects.filter(pk__in=unread).values_list("pk", "outlets")) if unread else {}
    for article in articles:
        outlets = getattr(article, "story_outlets", None) or named.get(article.story_id) or ()
        article.other_versions = [Outlet(pk, name) for pk, name in outlets if pk != article.pk]
    return articles


def attach_versions(articles):
    """Set `other_versions` (Articles, earliest first, with `words_more`) on each article; one query."""
    articles = list(articles)
    members = {}
    if _story_ids(articles):
        for version in sorted(_members(articles).only(*_FIELDS), key=lambda v: (v.published_at, v.pk)):
            members.setdefault(version.story_id, []).append(version)
    for article in articles:
        others = [v for v in members.get(article.story_id, ()) if v.pk != article.pk] if article.story_id else []
        for version in others:
            version.words_more = version.word_count - article.word_count
        article.other_versions = others
    return articles


def earliest_of_each_story(ids, using="default"):
    """Of the ids a search matched, newest first, one per story: its earliest version among them
    (the last of its ids); order kept. One query, of the ids' stories only.

    In Python rather than as a subquery for each match: SQLite read every id of the search's
    window again for each match in a story. The ids go as one parameter (in_ids): a thousand
    of them as an ORM `pk__in` cost more to prepare than the query took.
    """
    in_story = Article.objects.using(using).filter(in_ids(ids, using), story__isnull=False).order_by()
    story_of = dict(in_story.values_list("pk", "story_id"))
    last = {story_of[pk]: pk for pk in ids if pk in story_of}  # ids newest first: the earliest wins
    kept = set(last.values())
    return [pk for pk in ids if pk not in story_of or pk in kept]


def _story_ids(articles):
    return {a.story_id for a in articles if a.story_id}


def _members(articles):
    """Their stories' articles, in no order: ordered by date, SQLite would walk the whole timeline
    index to avoid sorting a few rows, rather than read them by story."""
    return Article.objects.filter(story_id__in=_story_ids(articles)).order_by()


def also_at(article, named=OUTLETS_NAMED):
    """(outlets named, how many more) among the other versions, each outlet once, earliest first."""
    outlets = list(dict.fromkeys(v.source_name for v in getattr(article, "other_versions", [])))
    return outlets[:named], max(len(outlets) - named, 0)
