"""The one ingestion service: inputs → pages → fetch → extract → write, returning a report (command, admin, polling)."""

import hashlib
import json
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from urllib.parse import urljoin

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.canonical import canonicalize
from articles.curation import section_for
from articles.extraction import ExtractedArticle, ExtractionError, decode_html, extract_with_timeout
from articles.models import Article, Author, Authorship, Photo, RawPage
from articles.pipeline.fetching import ANY_SOURCE_TYPES, HTML_TYPES, XML_TYPES, FetchError, fetch
from articles.pipeline.inputs import (
    HTML,
    SITEMAP,
    SITEMAP_INDEX,
    InputError,
    gunzip,
    is_url,
    list_entries,
    local_pages,
    read_local,
    sniff,
)
from articles.revisions import keep_revision, update_date_is_ours
from articles.sanitize import sanitize_html
from articles.search import agency_from_credit, index_article
from articles.sections import clean_label
from articles.storable import storable

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
EXTRACTED = "extracted"  # dry run: extracted, nothing written
MAX_URL_LENGTH = 2000  # Article.canonical_url / Photo.src


@dataclass
class ItemResult:
    """What happened to one article (or to an input that yielded none)."""

    label: str  # what people see in messages: the URL, the file path, "fichier x.html"
    status: str
    reason: str = ""
    article: int | None = None  # Article id once written
    # The whole extraction: kept to the end of the run only in a dry run (previews, --dry-run);
    # otherwise dropped once reported, so a long import's memory does not grow with its size.
    extracted: ExtractedArticle | None = field(default=None, repr=False)
    title: str = ""
    url: str = ""  # the canonical URL

    def __post_init__(self):
        if self.extracted is not None:
            self.title, self.url = self.extracted.title, self.extracted.canonical_url

    def as_json(self):
        return {
            "source": self.label,
            "status": self.status,
            "reason": self.reason,
            "article": self.article,
            "url": self.url or None,
            "title": self.title or None,
        }


@dataclass
class IngestReport:
    dry_run: bool = False
    results: list[ItemResult] = field(default_factory=list)

    @property
    def counts(self):
        counter = Counter(result.status for result in self.results)
        statuses = (EXTRACTED, FAILED) if self.dry_run else (CREATED, UPDATED, UNCHANGED, FAILED)
        return {status: counter[status] for status in statuses}

    @property
    def failures(self):
        return [result for result in self.results if result.status == FAILED]

    def summary(self):
        return ", ".join(f"{status} {n}" for status, n in self.counts.items())

    def as_json(self):
        return {**self.counts, "results": [result.as_json() for result in self.results]}


@dataclass
class _Page:
    """One article page to fetch (or read) and extract."""

    label: str  # what people see in messages: the URL or the file path
    url: str | None = None  # the page's URL: to fetch, or the original URL of a file
    path: Path | None = None
    content: bytes | None = None  # already fetched while telling the input apart
    content_type: str = ""


def ingest(
    inputs,
    *,
    section=None,
    limit=None,
    since=None,
    workers=1,
    dry_run=False,
    url=None,
    progress=None,
    may_update=True,
    skip=frozenset(),
):
    """Ingest `inputs` (URLs of articles, feeds and sitemaps, files, directories); an IngestReport.

    Fetching and extraction run on `workers` threads; every database write happens on the
    calling thread, one transaction per article. `progress(result, done, total)` is called
    on the calling thread after each item. With may_update=False (an editor who may add
    articles but not change them), an article already in the newsroom is left as it is.
    Pages whose label is in `skip` (done by an earlier, interrupted run) are not fetched
    again, but count towards `limit`.
    """
    if url and (len(inputs) != 1 or is_url(inputs[0]) or Path(inputs[0]).is_dir()):
        raise ValueError("an original URL can only be given for a single file")
    if since and timezone.is_naive(since):
        since = timezone.make_aware(since)
    report = IngestReport(dry_run=dry_run)
    items = _plan(inputs, url=url, since=since, limit=limit, skip=skip)

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

    timeout = settings.NEWSROOM_EXTRACTION_TIMEOUT
    workers = max(1, workers)
    pool, pending = ThreadPoolExecutor(max_workers=workers), deque()
    try:
        for item in items:
            future = None if isinstance(item, ItemResult) else pool.submit(_fetch_and_extract, item, timeout)
            pending.append((item, future))
            # A bounded window: results are written in input order as they come, not all held in memory.
            while len(pending) > 2 * workers:
                finish(complete(*pending.popleft()))
        while pending:
            finish(complete(*pending.popleft()))
    finally:
        # On Ctrl-C or an error, pages not yet started are dropped rather than fetched for nothing.
        pool.shutdown(wait=True, cancel_futures=True)
    return report


# --- Planning: which pages do these inputs stand for? -------------------------------------------


def _plan(inputs, *, url, since, limit, skip=frozenset()):
    """The pages to ingest, in order, with a failed ItemResult for each input that gave none."""
    items, pages, seen = [], 0, set()
    for given in inputs:
        if given in skip:  # an article page imported by an earlier run: one of the `limit` pages
            if limit is not None and pages >= limit:
                return items
            pages += 1
            continue
        for item in _expand(str(given), url=url, since=since):
            if isinstance(item, _Page):
                key = item.url or str(item.path)
                if key in seen:  # a feed listing a page twice, or two feeds sharing one
                    continue
                seen.add(key)
                if limit is not None and pages >= limit:
                    return items
                pages += 1
                if item.label in skip:
                    continue
            items.append(item)
    return items


def _expand(given, *, url, since):
    if not is_url(given):
        try:
            paths = local_pages(given)
        except InputError as error:
            yield ItemResult(given, FAILED, str(error))
            return
        for path in paths:
            yield _Page(str(path), url=url, path=path)
        return
    try:
        response = fetch(given, accept=ANY_SOURCE_TYPES)
        content = gunzip(response.content)
        kind = sniff(content)
    except (FetchError, InputError) as error:
        yield ItemResult(given, FAILED, str(error))
        return
    if kind == HTML:
        yield _Page(given, url=response.url, content=content, content_type=response.content_type)
    else:
        yield from _listed_pages(given, content, kind, response.url, since, depth=0)


def _listed_pages(label, content, kind, base_url, since, depth):
    """The pages of a feed or sitemap; a sitemap index's sitemaps are fetched in turn."""
    try:
        entries = list_entries(content, kind, base_url)
    except InputError as error:
        yield ItemResult(label, FAILED, str(error))
        return
    # Entries without a date are kept: nothing says they are old.
    entries = [entry for entry in entries if not (since and entry.published and entry.published < since)]
    if kind != SITEMAP_INDEX:
        for entry in entries:
            yield _Page(entry.url, url=entry.url)
        return
    for entry in entries:
        try:
            if depth >= 1:  # an index of indexes of indexes is a loop or a trap
                raise InputError("sitemap index nested too deep")
            response = fetch(entry.url, accept=XML_TYPES)
            child = gunzip(response.content)
            child_kind = sniff(child)
            if child_kind not in (SITEMAP, SITEMAP_INDEX):
                raise InputError(f"a sitemap index entry that is a {child_kind}, not a sitemap")
        except (FetchError, InputError) as error:
            yield ItemResult(entry.url, FAILED, str(error))
            continue
        yield from _listed_pages(entry.url, child, child_kind, response.url, since, depth + 1)


# --- Fetching and extracting (worker threads: no database here) ----------------------------------


@dataclass
class _Extracted:
    page: _Page
    article: ExtractedArticle | None = None
    html: str = ""
    fetched_url: str = ""
    error: str = ""


def _fetch_and_extract(page, timeout):
    try:
        if page.path is not None:
            content, content_type = read_local(page.path), None
            fetched_url = page.url or page.path.resolve().as_uri()
        elif page.content is not None:
            content, content_type, fetched_url = page.content, page.content_type, page.url
        else:
            response = fetch(page.url, accept=HTML_TYPES)
            content, content_type, fetched_url = response.content, response.content_type, response.url
        kind = sniff(content)
        if kind != HTML:
            raise InputError(f"a {kind}, not an HTML page")
        html = decode_html(content, content_type)
        article = storable(extract_with_timeout(html, page.url if page.path else fetched_url, timeout))
    except (FetchError, InputError, ExtractionError) as error:
        return _Extracted(page, error=str(error))
    if not article.canonical_url:
        # A saved page with no canonical link and no --url: its file is its identity.
        article.url = article.url or fetched_url
        article.canonical_url = canonicalize(article.url)
    return _Extracted(page, article, html, fetched_url)


def _complete(page, future, *, section, dry_run, may_update=True):
    """Main thread: turn one page's extraction into a result, writing it unless dry_run."""
    done = future.result()
    if done.error:
        return ItemResult(page.label, FAILED, done.error)
    extracted = done.article
    if section:
        extracted.section = section
    if dry_run:
        return ItemResult(page.label, EXTRACTED, extracted=extracted)
    if len(extracted.canonical_url) > MAX_URL_LENGTH:
        return ItemResult(page.label, FAILED, "URL longer than 2000 characters", extracted=extracted)
    try:
        status, article_id = save_article(
            extracted, html=done.html, fetched_url=done.fetched_url, may_update=may_update
        )
    except UpdateRefused as refusal:
        return ItemResult(page.label, FAILED, str(refusal), article=refusal.article, extracted=extracted)
    except Exception as error:  # one article that cannot be written must not stop the batch
        return ItemResult(page.label, FAILED, f"could not save: {error}", extracted=extracted)
    return ItemResult(page.label, status, article=article_id, extracted=extracted)


# --- Writing (main thread, one transaction per article) ------------------------------------------


class UpdateRefused(Exception):
    """The article exists and the caller may not change it; `article` is its id."""

    def __init__(self, article):
        super().__init__(UPDATE_REFUSED)
        self.article = article


UPDATE_REFUSED = "already in the newsroom: updating it needs the permission to change articles"


def save_article(extracted, *, html, fetched_url, may_update=True, _retry=True):
    """Create or update the article of `extracted`; (status, article id).

    An article whose fingerprint has not changed is left alone without a write. One that has
    changed raises UpdateRefused unless `may_update`.
    """
    photos = photos_to_store(extracted)
    fingerprint = content_fingerprint(extracted, photos)
    existing = _existing(extracted.canonical_url)
    if existing and existing[1] == fingerprint:
        return UNCHANGED, existing[0]
    if existing and not may_update:
        raise UpdateRefused(existing[0])
    try:
        with transaction.atomic():
            article = _write_article(extracted, existing[0] if existing else None, fingerprint, fetched_url)
            _write_authors(article, extracted.authors)
            _write_photos(article, photos)
            _write_raw_page(article, html, fetched_url)
            # Same transaction: the search index is never stale, nor ahead of the article.
            index_article(article)
    except IntegrityError:
        if existing or not _retry:
            raise
        # Another import created this canonical URL between our look-up and our insert:
        # the unique constraint caught it; now it exists, so this is an update or nothing.
        return save_article(extracted, html=html, fetched_url=fetched_url, may_update=may_update, _retry=False)
    return (UPDATED if existing else CREATED), article.pk


def reextract(article):
    """Extract `article` again from its stored RawPage (no network) and save it; an ItemResult.

    The article keeps its identity (canonical URL) and its current section, which an editor may
    have chosen.
    """
    label = article.canonical_url
    raw = RawPage.objects.filter(article=article).first()
    if raw is None:
        return ItemResult(label, FAILED, "no stored page to extract again")
    html = raw.html
    try:
        extracted = storable(extract_with_timeout(html, raw.url, settings.NEWSROOM_EXTRACTION_TIMEOUT))
    except ExtractionError as error:
        return ItemResult(label, FAILED, str(error))
    extracted.canonical_url = article.canonical_url
    extracted.url = extracted.url or raw.url
    if article.section_id:
        extracted.section = article.section.name
    try:
        status, article_id = save_article(extracted, html=html, fetched_url=raw.url)
    except Exception as error:  # reported per article, like the batch does
        return ItemResult(label, FAILED, f"could not save: {error}", extracted=extracted)
    return ItemResult(label, status, article=article_id, extracted=extracted)


def _existing(canonical_url):
    """(id, fingerprint) of the article with this canonical URL, or None."""
    return Article.objects.filter(canonical_url=canonical_url).values_list("pk", "fingerprint").first()


def content_fingerprint(extracted, photos):
    """sha256 over what a reader sees: a change in any of it makes an update."""
    payload = [
        extracted.title,
        extracted.lead,
        extracted.body_html,
        list(extracted.authors),
        extracted.section or "",
        [[photo.src, photo.caption, photo.credit] for photo in photos],
    ]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode("utf-8")).hexdigest()


def _write_article(extracted, pk, fingerprint, fetched_url):
    now = timezone.now()
    article = Article.objects.get(pk=pk) if pk else Article(canonical_url=extracted.canonical_url)
    stamp = pk is not None and update_date_is_ours(article)
    revised = pk is not None and keep_revision(
        article, title=extracted.title[:500], lead=extracted.lead, body_text=extracted.body, at=now
    )
    if not extracted.published and pk is None:
        # No date in the source: the first ingest stands in for it, and is never moved later.
        article.published_at, article.published_from_source = now, False
    if not extracted.modified and revised and stamp:
        article.modified_at = now  # readers see "Mis à jour le …" even when the source gives no date
    fill_article(
        article,
        extracted,
        section=section_for(extracted.section, title=extracted.title),
        fetched_url=fetched_url,
        fingerprint=fingerprint,
        fetched_at=now,
    )
    article.save()
    return article


def fill_article(article, extracted, *, section, fetched_url, fingerprint, fetched_at):
    """Set `article`'s columns from `extracted`: the one mapping of an extraction onto an Article.

    Ingestion and the synthetic data of the benchmarks (bench.synthetic) both write through it.
    """
    if extracted.published:
        article.published_at, article.published_from_source = _aware(extracted.published), True
    if extracted.modified:  # the source's own date; a later page that omits it does not erase it
        article.modified_at = _aware(extracted.modified)
    article.title = extracted.title[:500]
    article.slug = slugify(extracted.title)[:255] or "article"
    article.section_label = clean_label(extracted.section)[:100]
    article.section = section
    article.lead = extracted.lead
    # Sanitised again here, whatever produced `extracted`: nothing unsanitised is ever stored.
    article.body_html = sanitize_html(extracted.body_html)
    article.body_text = extracted.body
    article.language = (extracted.language or "")[:16]
    article.source_url = (extracted.url or fetched_url)[:MAX_URL_LENGTH]
    article.site_name = (extracted.site_name or "")[:200]
    article.word_count = extracted.word_count
    article.fingerprint = fingerprint
    article.fetched_at = fetched_at
    return article


def _write_authors(article, names):
    Authorship.objects.filter(article=article).delete()
    authors = [Author.objects.get_or_create(name=name)[0] for name in author_names(names)]
    Authorship.objects.bulk_create(
        Authorship(article=article, author=author, position=position) for position, author in enumerate(authors)
    )


def author_names(names):
    """The names to store, in order, once each, cut to the column's size."""
    return list(dict.fromkeys(name.strip()[:200] for name in names if name.strip()))


def photos_to_store(extracted):
    """The images worth storing: absolute http(s) URLs that fit the column, in order."""
    photos = []
    for image in extracted.images:
        src = urljoin(extracted.url or "", (image.src or "").strip())
        if src.startswith(("http://", "https://")) and len(src) <= MAX_URL_LENGTH:
            image.src = src
            photos.append(image)
    return photos


def _write_photos(article, photos):
    Photo.objects.filter(article=article).delete()
    Photo.objects.bulk_create(photo_rows(article, photos))


def photo_rows(article, photos):
    """The Photo rows of `article` for the images `photos_to_store` kept (not saved)."""
    # Exactly one main photo: the one the extractor marked, else the first.
    main = next((i for i, image in enumerate(photos) if image.is_main), 0)
    return [
        Photo(
            article=article,
            position=position,
            src=image.src,
            alt=(image.alt or "")[:1000],
            caption=image.caption or "",
            credit=(image.credit or "")[:300],
            agency=agency_from_credit(image.credit or ""),
            width=_dimension(image.width),
            height=_dimension(image.height),
            is_main=position == main,
        )
        for position, image in enumerate(photos)
    ]


def _write_raw_page(article, html, fetched_url):
    raw = RawPage.objects.filter(article=article).first() or RawPage(article=article)
    raw.url, raw.html, raw.fetched_at = fetched_url[:MAX_URL_LENGTH], html, article.fetched_at
    raw.save()


def _dimension(value):
    return value if isinstance(value, int) and value > 0 else None


def _aware(value):
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)
