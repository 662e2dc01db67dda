"""What the reader shows of a story: the other versions of each article, read in one query for a page."""

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


def attach_versions(articles):
    """Set `other_versions` (earliest first) on each article of a page; one query, none without a story."""
    articles = list(articles)
    story_ids = {a.story_id for a in articles if a.story_id}
    members = {}
    if story_ids:
        for version in Article.objects.filter(story_id__in=story_ids).order_by("published_at", "id").only(*_FIELDS):
            members.setdefault(version.story_id, []).append(version)
    for article in articles:
        others = [v for v in members.get(article.story_id, []) if v.pk != article.pk] if article.story_id else []
        for version in others:
            version.words_more = version.word_count - article.word_count
        article.other_versions = others
    return articles


def also_at(article, named=OUTLETS_NAMED):
    """(outlets named, how many more) among the other versions, each outlet once, earliest first."""
    outlets = list(dict.fromkeys(v.source_name for v in getattr(article, "other_versions", [])))
    return outlets[:named], max(len(outlets) - named, 0)
