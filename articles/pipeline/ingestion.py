"""The one ingestion service: inputs → pages → fetch → extract → write, returning a report (command, admin, polling)."""

import contextlib
import os
import threading
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from articles.canonical import canonicalize
from articles.extraction import ExtractedArticle, ExtractionError, ExtractionPool, extract_with_timeout
from articles.messages import CodedError
from articles.models import RawPage
from articles.photos import after_ingest
from articles.pipeline import kept
from articles.pipeline.batches import BatchFailed, Write, save_alone, write_batch
from articles.pipeline.fetching import ANY_SOURCE_TYPES, HTML_TYPES, FetchError, fetch
from articles.pipeline.inputs import (
    HTML,
    InputError,
    Page,
    gunzip,
    is_url,
    local_pages,
    only_html,
    sniff,
)
from articles.pipeline.listing import listed_pages
from articles.pipeline.prepare import Prepared, finished, prepare
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
    record=None,
):
    """Ingest `inputs`; an IngestReport.

    An input is a URL (article, feed, sitemap) or a path (page file, directory) as text, or a
    ready Page: bytes already in hand (an upload) or a file, with the page's original URL.
    Pages are fetched on NEWSROOM_FETCH_CONCURRENCY threads (NEWSROOM_FETCH_PER_HOST at once on
    one host) and extracted in `workers` long-lived processes (extraction_pool(), which also do
    all the rest that needs no database: articles.pipeline.prepare); every database write
    happens on the calling thread, many articles a transaction, each article alone when its
    batch fails (articles.pipeline.batches). `progress(result, done, total)` is
    called on the calling thread after each item is written. `record(results, total)`, when given,
    is called inside the transaction that wrote them (a batch's, or each article's when the batch
    fails), so what the caller stores of them is kept exactly when the articles are (an import's
    progress: articles.pipeline.progress).
    With may_update=False (an editor who may add articles but not change them), an article
    already in the newsroom is left as it is.
    Pages whose label is in `skip` (done by an earlier, interrupted run) are not fetched
    again, but count towards `limit`.
    """
    if since and timezone.is_naive(since):
        since = timezone.make_aware(since)
    report = IngestReport(dry_run=dry_run)
    hosts = _HostSlots(settings.NEWSROOM_FETCH_PER_HOST)
    items = _plan(inputs, since=since, limit=limit, skip=skip, hosts=hosts)

    def finish(results):
        if record:
            with transaction.atomic(savepoint=False):  # the batch's own, or one of its own
                record(results, len(items))
        for result in results:
            report.results.append(result)
            if progress:
                progress(result, len(report.results), len(items))
            if not dry_run:
                result.extracted = None

    workers = max(1, workers)
    writer = _Writer(finish, section=section, dry_run=dry_run, may_update=may_update, atomic=record is not None)
    pending = deque()

    def take():
        page, future = pending.popleft()
        if future is not None:
            # Articles waiting to be written go in rather than wait on a slow page.
            wait([future], timeout=writer.patience())
            if not future.done():
                writer.flush()
        # An input that failed while planning is already a result; it keeps its place in line.
        writer.add(page, future.result() if future else None)

    with _unmapped_sqlite(), _lent_pool(workers) as extractors:
        stages = _Stages(workers, extractors, hosts)
        try:
            for item in items:
                future = None if isinstance(item, ItemResult) else stages.submit(item)
                pending.append((item, future))
                # A bounded window: results are written in input order as they come, not all held in memory.
                while len(pending) > stages.capacity + writer.size:
                    take()
                while pending and (pending[0][1] is None or pending[0][1].done()):
                    take()
            while pending:
                take()
            writer.flush()
        finally:
            stages.close()
        # The articles are written and visible; their photos follow (articles.photos), on their own threads.
        report.photos = None if dry_run else after_ingest(report.article_ids())
    return report


@contextlib.contextmanager
def _unmapped_sqlite():
    """SQLite read without its memory map (settings: for searches) while ingesting.

    Writing reads little, but every database page it touches through the map stays counted in
    the process's resident memory: a long import's grew with the database (113 MB of a 3,000-page
    run's 196, docs/BENCHMARKS.md, issue 18), where SQLite's own page cache is bounded.
    """
    size = None
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA mmap_size")
            size = (cursor.fetchone() or [None])[0]  # none for a database in memory
    if not size:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA mmap_size=0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA mmap_size={int(size)}")


def extraction_pool(processes):
    """An ExtractionPool of `processes` workers running prepare(), with the settings' time limits and recycling."""
    made = _pool_settings(processes)
    return ExtractionPool(
        made.processes,
        soft_timeout=made.soft_timeout,
        hard_timeout=made.hard_timeout,
        max_pages=made.max_pages,
        max_growth_mb=made.max_growth_mb,
        function=partial(prepare, finish=made.finish),
        warm_up=True,
    )


class _PoolSettings(NamedTuple):
    """What extraction_pool(processes) is made of: read in one place, the key a kept pool is lent by."""

    processes: int
    finish: bool  # workers_finish_pages()
    soft_timeout: float
    hard_timeout: float
    max_pages: int
    max_growth_mb: int


def _pool_settings(processes):
    soft = settings.NEWSROOM_EXTRACTION_TIMEOUT
    return _PoolSettings(
        processes,
        workers_finish_pages(processes),
        soft,
        soft + settings.NEWSROOM_EXTRACTION_GRACE,
        settings.NEWSROOM_EXTRACTION_WORKER_PAGES,
        settings.NEWSROOM_EXTRACTION_WORKER_GROWTH_MB,
    )


def _lent_pool(processes):
    """extraction_pool(processes) for a with block; inside a kept.scope() (a db_worker's tasks), the one
    kept for them, made once: the same functions and _pool_settings()."""
    return kept.pool((extraction_pool, prepare, _pool_settings(processes)), partial(extraction_pool, processes))


def workers_finish_pages(processes):
    """Whether the extraction workers compress each page, fingerprint its story and analyse its search
    entry (articles.pipeline.prepare), rather than the writer.

    When the workers fill every core, the one writing process shares one with them and bounds how
    far more workers help: it must do as little as possible. With fewer workers than cores, it has
    a core of its own, time to spare, and a worker is the slower stage: the writer does them
    (docs/BENCHMARKS.md, issue 18).
    """
    return processes >= (os.cpu_count() or 1)


# --- Planning: which pages do these inputs stand for? -------------------------------------------


def _plan(inputs, *, since, limit, skip=frozenset(), hosts=None):
    """The pages to ingest, in order, with a failed ItemResult for each input that gave none.

    URL inputs are fetched (is it a page, a feed, a sitemap?) several at once, a few inputs ahead.
    """
    items, pages, seen = [], 0, set()
    for given, expanded in _expanded(inputs, since=since, skip=skip, hosts=hosts or _HostSlots(1)):
        # An article page imported by an earlier run: one of the `limit` pages.
        if expanded is None:
            if limit is not None and pages >= limit:
                return items
            pages += 1
            continue
        for item in expanded:
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


def _expanded(inputs, *, since, skip, hosts):
    """(input, [its pages and failures], or None when skipped), in order, fetched ahead on threads."""

    def expand(given):
        if isinstance(given, Page):
            return [given]
        if given in skip:
            return None
        if not is_url(str(given)):
            return list(_expand(str(given), since=since))
        with hosts(str(given)):
            return list(_expand(str(given), since=since))

    ahead = max(1, settings.NEWSROOM_FETCH_CONCURRENCY)
    with ThreadPoolExecutor(max_workers=ahead, thread_name_prefix="plan") as pool:
        pending = deque()
        try:
            for given in inputs:
                pending.append((given, pool.submit(expand, given)))
                while len(pending) > ahead:
                    first, future = pending.popleft()
                    yield first, future.result()
            while pending:
                first, future = pending.popleft()
                yield first, future.result()
        finally:
            for _, future in pending:  # stopped at the limit: inputs past it are not fetched
                future.cancel()


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


# --- Fetching and extracting (threads and worker processes: no database here) --------------------


class _Stages:
    """Fetching on many threads (at most NEWSROOM_FETCH_PER_HOST at once on one host), handing each
    page to extraction (a thread per worker process): a slow site never holds up extraction, nor
    extraction the fetching of the next pages. submit(page) is a Future of its _Extracted."""

    def __init__(self, workers, extractors, hosts):
        fetchers = max(1, settings.NEWSROOM_FETCH_CONCURRENCY)
        self.capacity = fetchers + 2 * workers  # pages in flight beyond which the caller waits
        self.fetching = ThreadPoolExecutor(max_workers=fetchers, thread_name_prefix="fetch")
        # A thread per page a worker holds (ExtractionPool.depth): its next page waits in its pipe.
        self.extracting = ThreadPoolExecutor(max_workers=workers * extractors.depth, thread_name_prefix="extract")
        self.hosts, self.extractors = hosts, extractors

    def submit(self, page):
        outcome = Future()
        fetched = self.fetching.submit(_fetch, page, self.hosts)
        fetched.add_done_callback(lambda future: self._extract(page, future, outcome))
        return outcome

    def _extract(self, page, fetched, outcome):
        try:
            done = fetched.result()
            if isinstance(done, _Extracted):  # failed before extraction
                outcome.set_result(done)
                return
            extracted = self.extracting.submit(_extract, done, self.extractors)
        except BaseException as error:  # cancelled: the run is stopping
            outcome.set_exception(error)
            return
        extracted.add_done_callback(lambda future: _relay(future, outcome))

    def close(self):
        # On Ctrl-C or an error, pages not yet started are dropped rather than fetched for nothing.
        self.fetching.shutdown(wait=True, cancel_futures=True)
        self.extracting.shutdown(wait=True, cancel_futures=True)  # the pool idle again: it may be kept


def _relay(future, outcome):
    if future.cancelled():
        outcome.cancel()
    elif future.exception() is not None:
        outcome.set_exception(future.exception())
    else:
        outcome.set_result(future.result())


class _HostSlots:
    """At most `per_host` fetches at once on one host."""

    def __init__(self, per_host):
        self.per_host, self.slots, self.lock = max(1, per_host), {}, threading.Lock()

    def __call__(self, url):
        host = urlsplit(url).hostname or ""
        with self.lock:
            return self.slots.setdefault(host, threading.BoundedSemaphore(self.per_host))


@dataclass
class _Fetched:
    page: Page
    content: bytes | None  # undecoded: the worker decodes it (articles.pipeline.prepare); None: page.path
    content_type: str | None
    fetched_url: str


@dataclass
class _Extracted:
    page: Page
    article: ExtractedArticle | None = None
    html: str | bytes = b""  # the page, or its bytes compressed already (Prepared.html)
    fetched_url: str = ""
    error: Exception | None = None
    story: object = None  # the article's story_print()
    search: object = None  # its search_entry()


def _fetch(page, hosts):
    """The page's HTML (a _Fetched), or an _Extracted holding why there is none.

    A local file is read by the extraction worker itself (articles.pipeline.prepare): its bytes
    never pass through this process.
    """
    try:
        if page.path is not None:
            return _Fetched(page, None, None, page.url or page.path.resolve().as_uri())
        if page.content is not None:
            content, content_type, fetched_url = gunzip(page.content), page.content_type, page.url
            if not content.strip():
                raise InputError("empty_file")
        else:
            with hosts(page.url):
                response = fetch(page.url, accept=HTML_TYPES)
            content, content_type, fetched_url = response.content, response.content_type, response.url
        return _Fetched(page, only_html(content), content_type, fetched_url)
    except (FetchError, InputError) as error:
        return _Extracted(page, error=error)


def _extract(fetched, extractors):
    page, fetched_url = fetched.page, fetched.fetched_url
    try:
        prepared = extractors.run(
            fetched.content, fetched.content_type, page.url if page.path else fetched_url, page.path
        )
    except (ExtractionError, InputError) as error:
        return _Extracted(page, error=error)
    article, html, story = prepared.article, prepared.html, prepared.story
    if not article.canonical_url:
        # A saved page with no canonical link and no original URL: its file is its identity;
        # bytes without a file have none, and are not written.
        article.url = article.url or fetched_url or ""
        if not article.url:
            return _Extracted(page, article, html, error=InputError("missing_address"))
        article.canonical_url = canonicalize(article.url)
    # Bytes in hand come from no address of their own: their RawPage keeps the one the page gives.
    address = fetched_url or article.url or article.canonical_url
    return _Extracted(page, article, html, address, story=story, search=prepared.search)


class _Writer:
    """Calling thread: each page's extraction becomes a result, in input order, written in batches.

    A batch is written when it holds NEWSROOM_INGEST_BATCH articles, or when its oldest article
    waited NEWSROOM_INGEST_BATCH_SECONDS for the next page; results are reported once written.
    """

    def __init__(self, finish, *, section, dry_run, may_update, atomic=False):
        self.finish, self.section, self.dry_run, self.may_update = finish, section, dry_run, may_update
        self.atomic = atomic  # a batch and its results recorded: one transaction (each article's, when it falls back)
        self.size = max(1, settings.NEWSROOM_INGEST_BATCH)
        self.waiting, self.writes, self.since = [], [], None  # waiting: (page, Write or None, result or None)

    def add(self, page, done):
        if done is None:
            result, write = page, None
        else:
            result, write = self._prepare(page, done)
        if write is None and not self.waiting:
            self.finish([result])
            return
        self.waiting.append((page, write, result))
        if write is not None:
            self.writes.append(write)
            self.since = self.since or time.monotonic()
            if len(self.writes) >= self.size:
                self.flush()

    def patience(self):
        """Seconds the oldest waiting article may still wait; None when none waits."""
        if self.since is None:
            return None
        return max(0.0, self.since + settings.NEWSROOM_INGEST_BATCH_SECONDS - time.monotonic())

    def flush(self):
        if not self.waiting:
            return
        waiting, writes = self.waiting, self.writes
        self.waiting, self.writes, self.since = [], [], None
        try:
            with self._transaction():
                self._report(waiting, write_batch(writes, may_update=self.may_update))
        except BatchFailed:
            # Rolled back whole, its locks released: each article again alone, with its result, in a
            # transaction of its own, holding only its own rows' locks while the next is written.
            for entry in waiting:
                with self._transaction():
                    write = entry[1]
                    self._report([entry], [] if write is None else [save_alone(write, may_update=self.may_update)])

    def _transaction(self):
        return transaction.atomic() if self.atomic else contextlib.nullcontext()

    def _report(self, waiting, outcomes):
        outcomes = iter(outcomes)
        self.finish(
            [result if write is None else _written(page, write, next(outcomes)) for page, write, result in waiting]
        )

    def _prepare(self, page, done):
        """(result, None) for a page decided without writing, else (None, its Write)."""
        extracted, fetched_url = done.article, done.fetched_url
        if extracted and self.section:
            extracted.section = self.section
        if done.error:
            return ItemResult(page.label, FAILED, done.error, extracted=extracted), None
        if self.dry_run:
            return ItemResult(page.label, EXTRACTED, extracted=extracted), None
        if len(extracted.canonical_url) > MAX_URL_LENGTH:
            return ItemResult(page.label, FAILED, CodedError("url_too_long"), extracted=extracted), None
        # What the workers left to the writer is done as the page comes in, while they extract the next
        # ones, not when its batch is written: the last batch would wait for all of it after the last page.
        done = finished(Prepared(extracted, done.html, done.story, done.search))
        return None, Write(extracted, done.html, fetched_url, done.story, done.search)


def _written(page, write, outcome):
    extracted = write.extracted
    if isinstance(outcome, UpdateRefused):
        return ItemResult(page.label, FAILED, outcome, article=outcome.article, extracted=extracted)
    if isinstance(outcome, Exception):
        return ItemResult(page.label, FAILED, outcome, extracted=extracted)
    status, article_id = outcome
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
