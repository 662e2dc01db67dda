"""The one ingestion service: inputs → pages → fetch → extract → write, returning a report (command, admin, polling)."""

from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from articles.canonical import canonicalize
from articles.extraction import ExtractedArticle, ExtractionError, ExtractionPool, decode_html, extract_with_timeout
from articles.messages import CodedError
from articles.models import RawPage
from articles.pipeline.fetching import ANY_SOURCE_TYPES, HTML_TYPES, FetchError, fetch
from articles.pipeline.inputs import (
    HTML,
    InputError,
    Page,
    gunzip,
    is_url,
    local_pages,
    read_local,
    sniff,
)
from articles.pipeline.listing import listed_pages
from articles.pipeline.results import EXTRACTED, FAILED, IngestReport, ItemResult
from articles.pipeline.writing import MAX_URL_LENGTH, UpdateRefused, save_article
from articles.storable import storable


def ingest(
    inputs,
    *,
    section=None,
    limit=None,
    since=None,
    workers=1,
    dry_run=False,
    progress=None,
    may_update=True,
    skip=frozenset(),
):
    """Ingest `inputs`; an IngestReport.

    An input is a URL (article, feed, sitemap) or a path (page file, directory) as text, or a
    ready Page: bytes already in hand (an upload) or a file, with the page's original URL.
    Pages are fetched on `workers` threads and extracted in `workers` long-lived processes
    (extraction_pool()); every database write happens on the calling thread, one transaction
    per article. `progress(result, done, total)` is called
    on the calling thread after each item. With may_update=False (an editor who may add
    articles but not change them), an article already in the newsroom is left as it is.
    Pages whose label is in `skip` (done by an earlier, interrupted run) are not fetched
    again, but count towards `limit`.
    """
    if since and timezone.is_naive(since):
        since = timezone.make_aware(since)
    report = IngestReport(dry_run=dry_run)
    items = _plan(inputs, since=since, limit=limit, skip=skip)

    def finish(result):
        report.results.append(result)
        if progress:
            progress(result, len(report.results), len(items))
        if not dry_run:
            result.extracted = None

    def complete(page, future):
        # An input that failed while planning is already a result; it keeps its place in line.
        if future is None:
            return page
        return _complete(page, future, section=section, dry_run=dry_run, may_update=may_update)

    workers = max(1, workers)
    extractors = extraction_pool(workers)
    pool, pending = ThreadPoolExecutor(max_workers=workers), deque()
    try:
        for item in items:
            future = None if isinstance(item, ItemResult) else pool.submit(_fetch_and_extract, item, extractors)
            pending.append((item, future))
            # A bounded window: results are written in input order as they come, not all held in memory.
            while len(pending) > 2 * workers:
                finish(complete(*pending.popleft()))
        while pending:
            finish(complete(*pending.popleft()))
    finally:
        # On Ctrl-C or an error, pages not yet started are dropped rather than fetched for nothing.
        pool.shutdown(wait=True, cancel_futures=True)
        extractors.close()
    return report


def extraction_pool(processes):
    """An ExtractionPool of `processes` workers with the settings' time limits and recycling."""
    soft = settings.NEWSROOM_EXTRACTION_TIMEOUT
    return ExtractionPool(
        processes,
        soft_timeout=soft,
        hard_timeout=soft + settings.NEWSROOM_EXTRACTION_GRACE,
        max_pages=settings.NEWSROOM_EXTRACTION_WORKER_PAGES,
        max_growth_mb=settings.NEWSROOM_EXTRACTION_WORKER_GROWTH_MB,
    )


# --- Planning: which pages do these inputs stand for? -------------------------------------------


def _plan(inputs, *, since, limit, skip=frozenset()):
    """The pages to ingest, in order, with a failed ItemResult for each input that gave none."""
    items, pages, seen = [], 0, set()
    for given in inputs:
        # An article page imported by an earlier run: one of the `limit` pages.
        if not isinstance(given, Page) and given in skip:
            if limit is not None and pages >= limit:
                return items
            pages += 1
            continue
        for item in [given] if isinstance(given, Page) else _expand(str(given), since=since):
            if isinstance(item, Page):
                key = item.url or str(item.path)
                # A feed listing a page twice, or two feeds sharing one; pages given one by one all count.
                if key in seen and item is not given:
                    continue
                seen.add(key)
                if limit is not None and pages >= limit:
                    return items
                pages += 1
                if item.label in skip:
                    continue
            items.append(item)
    return items


def _expand(given, *, since):
    if not is_url(given):
        try:
            paths = local_pages(given)
        except InputError as error:
            yield ItemResult(given, FAILED, error)
            return
        for path in paths:
            yield Page(str(path), path=path)
        return
    try:
        response = fetch(given, accept=ANY_SOURCE_TYPES)
        content = gunzip(response.content)
        kind = sniff(content)
    except (FetchError, InputError) as error:
        yield ItemResult(given, FAILED, error)
        return
    if kind == HTML:
        yield Page(given, url=response.url, content=content, content_type=response.content_type)
        return
    try:
        yield from listed_pages(content, kind, response.url, since=since)
    except InputError as error:  # the feed or sitemap itself (its sitemaps' failures are results)
        yield ItemResult(given, FAILED, error)


# --- Fetching and extracting (worker threads: no database here) ----------------------------------


@dataclass
class _Extracted:
    page: Page
    article: ExtractedArticle | None = None
    html: str = ""
    fetched_url: str = ""
    error: Exception | None = None


def _fetch_and_extract(page, extractors):
    try:
        if page.path is not None:
            content, content_type = read_local(page.path), None
            fetched_url = page.url or page.path.resolve().as_uri()
        elif page.content is not None:
            content, content_type, fetched_url = gunzip(page.content), page.content_type, page.url
            if not content.strip():
                raise InputError("empty_file")
        else:
            response = fetch(page.url, accept=HTML_TYPES)
            content, content_type, fetched_url = response.content, response.content_type, response.url
        kind = sniff(content)
        if kind != HTML:
            raise InputError("not_a_page", kind=kind)
        html = decode_html(content, content_type)
        article = storable(extractors.extract(html, page.url if page.path else fetched_url))
    except (FetchError, InputError, ExtractionError) as error:
        return _Extracted(page, error=error)
    if not article.canonical_url:
        # A saved page with no canonical link and no original URL: its file is its identity;
        # bytes without a file have none, and are not written.
        article.url = article.url or fetched_url or ""
        if not article.url:
            return _Extracted(page, article, html, error=InputError("missing_address"))
        article.canonical_url = canonicalize(article.url)
    # Bytes in hand come from no address of their own: their RawPage keeps the one the page gives.
    return _Extracted(page, article, html, fetched_url or article.url or article.canonical_url)


def _complete(page, future, *, section, dry_run, may_update=True):
    """Main thread: turn one page's extraction into a result, writing it unless dry_run."""
    done = future.result()
    extracted = done.article
    if extracted and section:
        extracted.section = section
    if done.error:
        return ItemResult(page.label, FAILED, done.error, extracted=extracted)
    if dry_run:
        return ItemResult(page.label, EXTRACTED, extracted=extracted)
    if len(extracted.canonical_url) > MAX_URL_LENGTH:
        return ItemResult(page.label, FAILED, CodedError("url_too_long"), extracted=extracted)
    try:
        status, article_id = save_article(
            extracted, html=done.html, fetched_url=done.fetched_url, may_update=may_update
        )
    except UpdateRefused as refusal:
        return ItemResult(page.label, FAILED, refusal, article=refusal.article, extracted=extracted)
    except Exception as error:  # one article that cannot be written must not stop the batch
        return ItemResult(page.label, FAILED, CodedError("save_failed", error=str(error)), extracted=extracted)
    return ItemResult(page.label, status, article=article_id, extracted=extracted)


def reextract(article):
    """Extract `article` again from its stored RawPage (no network) and save it; an ItemResult.

    The article keeps its identity (canonical URL) and its current section, which an editor may
    have chosen.
    """
    label = article.canonical_url
    raw = RawPage.objects.filter(article=article).first()
    if raw is None:
        return ItemResult(label, FAILED, CodedError("no_raw_page"))
    html = raw.html
    try:
        extracted = storable(
            extract_with_timeout(
                html, raw.url, settings.NEWSROOM_EXTRACTION_TIMEOUT, settings.NEWSROOM_EXTRACTION_GRACE
            )
        )
    except ExtractionError as error:
        return ItemResult(label, FAILED, error)
    extracted.canonical_url = article.canonical_url
    extracted.url = extracted.url or raw.url
    if article.section_id:
        extracted.section = article.section.name
    try:
        status, article_id = save_article(extracted, html=html, fetched_url=raw.url)
    except Exception as error:  # reported per article, like the batch does
        return ItemResult(label, FAILED, CodedError("save_failed", error=str(error)), extracted=extracted)
    return ItemResult(label, status, article=article_id, extracted=extracted)
