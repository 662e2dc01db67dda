"""The labelled stories' versions written as ingestion writes them, each at its own URL."""

from datetime import UTC, datetime, timedelta

from articles.models import Article
from articles.pipeline.writing import save_article
from bench.republish import as_extracted, load_labelled, versions_of

STORIES = {story["id"]: story for story in load_labelled()}


def versions(story_id, count=3, seed=1):
    return list(versions_of(STORIES[story_id], count=count, seed=seed))


def ingest_version(version, n, *, url=None, hours=0, language=None, day=None):
    """Save `version` as outlet n's article (on its story's day, or `day`); returns the Article."""
    story = STORIES[version.story]
    url = url or f"https://outlet{n}.example/{version.story}-{n}.html"
    day = day or datetime.fromisoformat(story["day"]).replace(tzinfo=UTC)
    published = day + timedelta(hours=8 + n + hours)
    page = as_extracted(version, url, published)
    page.language = language or version.language
    _, pk = save_article(page, html="<html></html>", fetched_url=url)
    return Article.objects.get(pk=pk)


def ingest_story(story_id, count=3, day=None):
    return [ingest_version(v, n, day=day) for n, v in enumerate(versions(story_id, count))]
