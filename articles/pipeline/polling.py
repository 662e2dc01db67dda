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
from articles.pipeline.fetching import ANY_SOURCE_TYPES, FetchError, fetch
from articles.pipeline.ingestion import ingest
from articles.pipeline.inputs import HTML, InputError, gunzip, sniff
from articles.pipeline.listing import listed_pages
from articles.pipeline.results import IngestReport, ItemResult

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
        pages, failures = _listed(response)
        pages = _new_pages(pages)
    except (FetchError, InputError) as error:
        return _save(PollResult(source, Source.State.ERROR, error=messages.french(error)))
    section = source.section.name if source.section_id else None
    pages, postponed = pages[:max_articles], len(pages[max_articles:])
    report = ingest(pages, section=section) if pages else IngestReport()
    # A dead sitemap of an index is one failure among the results, not the source's error.
    report.results[:0] = failures
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


def _listed(response):
    """The pages a feed or sitemap lists, once each, and a failed result for each of its sitemaps that fails."""
    content = gunzip(response.content)
    kind = sniff(content)
    if kind == HTML:
        raise InputError("page_not_listing")
    pages, failures = {}, []
    for item in listed_pages(content, kind, response.url):
        if isinstance(item, ItemResult):
            failures.append(item)
        else:
            pages.setdefault(item.url, item)
    return list(pages.values()), failures


def _new_pages(pages):
    """`pages` less those already imported, by the URL listed or its canonical form."""
    if not pages:
        return []
    canonical = {page.url: canonicalize(page.url) for page in pages}
    known = set()
    for source_url, canonical_url in Article.objects.filter(
        Q(source_url__in=canonical) | Q(canonical_url__in=set(canonical.values()))
    ).values_list("source_url", "canonical_url"):
        known.update((source_url, canonical_url))
    return [page for page in pages if page.url not in known and canonical[page.url] not in known]


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
