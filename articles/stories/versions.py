"""What the reader shows of a story: the other versions of each article, read in one query for a page.

A list (timeline, search) names the other versions' outlets only, so it reads bare values of
four columns; building a model instance for each version cost the timeline more than its own
page query (docs/BENCHMARKS.md, Stories). An article page lists its versions in full.
"""

from typing import NamedTuple

from articles.models import Article

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
_OUTLET_COLUMNS = ("story_id", "published_at", "pk", "site_name", "source_domain", "source_url")


class Outlet(NamedTuple):
    """Another version of a listed story, as a list names it."""

    pk: int
    source_name: str


def attach_outlets(articles):
    """Set `other_versions` (Outlets, earliest first) on each article of a list; one query, none without a story."""
    articles = list(articles)
    members = {}
    rows = sorted(_members(articles).values_list(*_OUTLET_COLUMNS)) if _story_ids(articles) else ()
    for story_id, _, pk, site_name, domain, url in rows:
        members.setdefault(story_id, []).append(Outlet(pk, Article.outlet_name(site_name, domain, url)))
    for article in articles:
        article.other_versions = [v for v in members.get(article.story_id, ()) if v.pk != article.pk]
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


def earliest_of_each_story(ids):
    """Of the ids a search matched, one per story: its earliest version among them; order kept. One query.

    In Python rather than as a subquery for each match: SQLite read every id of the search's
    window again for each match in a story.
    """
    rows = Article.objects.filter(pk__in=ids).order_by().values_list("pk", "story_id", "published_at")
    story_of, first = {}, {}
    for pk, story_id, published_at in rows:
        story_of[pk] = story_id
        if story_id is not None and (published_at, pk) < first.get(story_id, (published_at, pk + 1)):
            first[story_id] = (published_at, pk)
    kept = {pk for _, pk in first.values()}
    return [pk for pk in ids if story_of.get(pk) is None or pk in kept]


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
