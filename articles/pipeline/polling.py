"""Followed sources: fetch a feed or sitemap when due, with a conditional GET, and import its new entries.

A 304 costs one request and nothing else. On a change, the entries not yet in the newsroom (by
URL or canonical URL) go to the ingestion service, which fetches, extracts and writes them.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from articles import messages
from articles.canonical import canonicalize
from articles.models import Article, Source
from articles.pipeline.fetching import ANY_SOURCE_TYPES, XML_TYPES, FetchError, fetch
from articles.pipeline.ingestion import ingest
from articles.pipeline.inputs import HTML, SITEMAP, SITEMAP_INDEX, InputError, gunzip, sniff
from articles.pipeline.listing import list_entries
from articles.pipeline.results import IngestReport

NOT_MODIFIED = 304


@dataclass
class PollResult:
    source: Source
    state: str
    report: IngestReport = field(default_factory=IngestReport)
    error: str = ""
    postponed: int = 0  # new entries past the cap of one poll, left for the next

    def summary(self):
        """One line in French for the command's output and the admin's message."""
        if self.state == Source.State.ERROR:
            return messages.POLL_ERROR.format(url=self.source.url, error=self.error)
        if self.state == Source.State.NOT_MODIFIED:
            return messages.POLL_NOT_MODIFIED.format(url=self.source.url)
        later = messages.POLL_POSTPONED.format(count=self.postponed) if self.postponed else ""
        return (
            messages.POLL_COUNTS.format(url=self.source.url, counts=messages.describe_counts(self.report.counts))
            + later
        )


def due_sources(now=None):
    """The active sources whose interval has passed since their last check (or never checked)."""
    now = now or timezone.now()
    return [source for source in Source.objects.filter(active=True) if source.is_due(now)]


def poll(source, *, now=None, max_articles=None):
    """Check `source` now and import its new entries; its state is saved; a PollResult.

    At most `max_articles` (NEWSROOM_POLL_MAX_ARTICLES) new entries are imported, in the
    source's order; the others wait for the next poll.
    """
    if max_articles is None:
        max_articles = settings.NEWSROOM_POLL_MAX_ARTICLES
    source.last_checked_at = now or timezone.now()
    try:
        response = fetch(source.url, accept=ANY_SOURCE_TYPES, headers=_conditional_headers(source))
        if response.status == NOT_MODIFIED:
            return _save(PollResult(source, Source.State.NOT_MODIFIED))
        urls = _new_entries(_entry_urls(response))
    except (FetchError, InputError) as error:
        return _save(PollResult(source, Source.State.ERROR, error=messages.french(error)))
    section = source.section.name if source.section_id else None
    urls, postponed = urls[:max_articles], len(urls[max_articles:])
    report = ingest(urls, section=section) if urls else IngestReport()
    failures = report.failures
    result = PollResult(source, Source.State.OK, report, postponed=postponed)
    if failures:
        first = failures[0]
        result.error = messages.POLL_FAILURES.format(
            count=len(failures), label=first.label, reason=messages.french(first.error)
        )
    elif not postponed:
        # Validators are kept only when everything went in: after a failure or a cut, the next poll
        # gets the whole list again and imports the entries still missing.
        source.etag = response.headers.get("etag", "")[:500]
        source.last_modified = response.headers.get("last-modified", "")[:100]
    return _save(result)


def _conditional_headers(source):
    headers = {}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    return headers


def _entry_urls(response):
    """The article URLs listed by a feed or sitemap (a sitemap index: by its sitemaps)."""
    content = gunzip(response.content)
    kind = sniff(content)
    if kind == HTML:
        raise InputError("page_not_listing")
    entries = list_entries(content, kind, response.url)
    if kind != SITEMAP_INDEX:
        return [entry.url for entry in entries]
    urls = []
    for entry in entries:
        child = fetch(entry.url, accept=XML_TYPES)
        child_content = gunzip(child.content)
        if sniff(child_content) == SITEMAP:
            urls.extend(item.url for item in list_entries(child_content, SITEMAP, child.url))
    return list(dict.fromkeys(urls))


def _new_entries(urls):
    """`urls` less those already imported, by the URL given or its canonical form."""
    if not urls:
        return []
    canonical = {url: canonicalize(url) for url in urls}
    known = set()
    for source_url, canonical_url in Article.objects.filter(
        Q(source_url__in=urls) | Q(canonical_url__in=set(canonical.values()))
    ).values_list("source_url", "canonical_url"):
        known.update((source_url, canonical_url))
    return [url for url in urls if url not in known and canonical[url] not in known]


def _save(result):
    source = result.source
    source.state = result.state
    source.last_error = result.error
    if result.state == Source.State.OK:
        source.last_counts = dict(result.report.counts)
    elif result.state == Source.State.NOT_MODIFIED:
        source.last_counts = {}
    source.save(update_fields=["last_checked_at", "state", "last_error", "last_counts", "etag", "last_modified"])
    return result
