"""Import jobs of the admin: an editor's URLs and files, previewed (a dry run), then imported by the one service.

    job = create_job(user=..., urls_text="https://…\\n…", uploads=[Upload(name, url, file)], section=None, limit=None)
    run_preview(job)       # in a background task (articles.tasks.enqueue_preview): job.preview
    claim_for_import(job)  # previewed → queued, once; then run_import(job) in a task splits it into chunks,
                           # each imported by articles.pipeline.chunks.run_chunk() in a task: its results
                           # (ImportItem, articles.pipeline.progress) and the job's counters

Every article is written by articles.pipeline.ingestion.ingest(); this module only feeds it and records what it says.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from articles.messages import french_text
from articles.models import Article, ImportChunk, ImportJob, ImportUpload
from articles.pipeline import progress
from articles.pipeline.ingestion import ingest
from articles.pipeline.inputs import Page, is_url
from articles.pipeline.leases import held
from articles.pipeline.progress import reason_of, result_row
from articles.pipeline.results import FAILED
from articles.storable import xml_text

IGNORED = "ignored"  # a duplicate line: imported once, the copy ignored
UPDATE_PERMISSION = "articles.change_article"
LEAD_PREVIEW_CHARS = 400
_validate_url = URLValidator(schemes=["http", "https"])


@dataclass
class Upload:
    """A file from the import form: its name, its optional original URL, a readable file."""

    name: str
    url: str
    file: object


# --- Creating a job ------------------------------------------------------------------------------


def parse_urls(text):
    """(urls, rejected): the valid http(s) URLs of `text`, one per line, in order and once each.

    `rejected` holds a result for each invalid line and each repeated URL, in French.
    """
    urls, rejected = [], []
    for line in (text or "").splitlines():
        url = line.strip()
        if not url:
            continue
        try:
            _validate_url(url)
        except ValidationError:
            rejected.append(result_row(url, FAILED, french_text("invalid_url_line")))
            continue
        if url in urls:
            rejected.append(result_row(url, IGNORED, french_text("listed_twice")))
            continue
        urls.append(url)
    return urls, rejected


def create_job(*, user, urls_text, uploads=(), section=None, limit=None):
    """A new job (status previewing) holding the URLs and the uploaded bytes; bad input becomes rejected items."""
    urls, rejected = parse_urls(urls_text)
    job = ImportJob.objects.create(
        created_by=user if user and user.is_authenticated else None,
        urls=urls,
        section=section,
        limit=limit,
        rejected=rejected,
    )
    cap = settings.NEWSROOM_MAX_RESPONSE_BYTES
    for position, upload in enumerate(uploads):
        content = upload.file.read(cap + 1)
        label = f"fichier {upload.name}"
        if len(content) > cap:
            job.rejected.append(result_row(label, FAILED, french_text("file_too_large", limit=cap)))
        elif not content.strip():
            job.rejected.append(result_row(label, FAILED, french_text("empty_file")))
        else:
            ImportUpload.objects.create(
                job=job, position=position, name=xml_text(upload.name)[:255], url=upload.url or "", content=content
            )
    job.save(update_fields=["rejected"])
    return job


def claim_for_import(job):
    """Mark a previewed job as queued for its import; False if it was not waiting for that (a second click)."""
    # The preview's counters are not the import's: it counts its own items once it runs.
    queued = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEWED).update(
        status=ImportJob.Status.QUEUED, items_total=0, items_done=0, items_failed=0
    )
    return bool(queued)


# --- Running a job (in the task worker) ------------------------------------------------------------


def claim_for_resume(job):
    """Mark a failed job as queued again (an import resumes, a preview starts over); False if it had not failed."""
    resumed = ImportJob.Status.QUEUED if job.started_at else ImportJob.Status.PREVIEWING
    queued = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.FAILED).update(
        status=resumed, error="", finished_at=None, heartbeat_at=None
    )
    return bool(queued)


def run_preview(job):
    """Dry-run every input of the job: what each would become, and whether it already exists."""
    with held(job):
        _run_preview(job)


def run_import(job):
    """Split the job's inputs into chunks (ImportChunk) for the task workers; the ids of the chunks to run.

    Each chunk is imported by articles.pipeline.chunks.run_chunk() in a task of its own, so several
    workers share one big import. A job resumed after an interruption skips the items its results
    already show imported, and tries its failed ones again.
    """
    with held(job):
        return _run_import(job)


def _run_preview(job):
    uploads = list(job.uploads.all())
    counter = _Progress(job, uploads)
    try:
        results = ingest_job(job, uploads, dry_run=True, on_item=counter.item)
        existing = dict(
            Article.objects.filter(
                canonical_url__in=[result.extracted.canonical_url for _, result in results if result.extracted]
            ).values_list("canonical_url", "pk")
        )
        may_update = may_update_articles(job)
        job.preview = list(job.rejected) + [
            _preview_item(label, result, existing, may_update=may_update) for label, result in results
        ]
    except Exception as error:
        fail(job, french_text("preview_failed", error=str(error)))
        raise
    job.status = ImportJob.Status.PREVIEWED
    job.save(update_fields=["preview", "status"])


def _run_import(job):
    job.status, job.started_at = ImportJob.Status.RUNNING, job.started_at or timezone.now()
    progress.forget_failures(job)
    progress.record(job.pk, [(progress.rejected_key(n), row) for n, row in enumerate(job.rejected)])
    recorded = progress.recorded_keys(job.pk)
    # Their ids alone: uploads read with only() and without the job's id read that id back one query each
    # (the related manager sets each one's job), 1,000 queries before the first chunk was queued.
    uploads = [pk for pk in job.uploads.values_list("pk", flat=True) if progress.upload_key(pk) not in recorded]
    try:
        chunks = _split(job, [url for url in _pages(job) if progress.url_key(url) not in recorded], uploads)
    except Exception as error:
        fail(job, french_text("import_stopped", error=str(error)))
        raise
    counts = progress.counts(job)
    job.items_done, job.items_failed = sum(counts.values()), counts[FAILED]
    job.items_total = job.items_done + sum(chunk.items_total for chunk in chunks)
    if not chunks:
        job.status, job.finished_at = ImportJob.Status.DONE, timezone.now()
    job.save()
    return [chunk.pk for chunk in chunks]


def _pages(job):
    """The URLs to import: the job's own, each feed or sitemap among them replaced by the pages its
    preview listed (what the editor saw and confirmed), so that one big listing is split into chunks
    that several workers share. Without a preview, or with a limit (which counts pages across all the
    inputs, in one run), the inputs as they are."""
    listed = [item["source"] for item in job.preview if item not in job.rejected and is_url(item["source"])]
    if job.limit or not listed:
        return list(job.urls)
    # A page both listed and given (or listed twice) is imported once.
    return list(dict.fromkeys(listed))


def _split(job, urls, uploads):
    """The job's chunks, made anew: NEWSROOM_IMPORT_CHUNK_SIZE URLs or files (`uploads`: their ids) each
    (one chunk when the job has a limit, which counts pages across all its inputs)."""
    job.chunks.all().delete()
    size = len(urls) + len(uploads) if job.limit else max(1, settings.NEWSROOM_IMPORT_CHUNK_SIZE)
    pieces = [(urls[i : i + size], []) for i in range(0, len(urls), size)]
    pieces += [([], uploads[i : i + size]) for i in range(0, len(uploads), size)]
    if job.limit and len(pieces) > 1:
        pieces = [(urls, uploads)]
    return ImportChunk.objects.bulk_create(
        ImportChunk(job=job, position=n, urls=piece_urls, uploads=ids, items_total=len(piece_urls) + len(ids))
        for n, (piece_urls, ids) in enumerate(pieces)
    )


def may_update_articles(job):
    """Whether the job may overwrite articles already in the newsroom: its creator may change them.

    Adding articles is what the import page needs; replacing one (a page naming its canonical
    URL) is changing it, which the admin grants separately.
    """
    return job.created_by is not None and job.created_by.has_perm(UPDATE_PERMISSION)


def fail(job, message):
    job.status, job.error, job.finished_at = ImportJob.Status.FAILED, message, timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])


class _Progress:
    """Keeps a preview's counters up to date after each item (an import's: articles.pipeline.chunks)."""

    def __init__(self, job, uploads):
        self.job = job
        self.urls = len(job.urls)  # until the service says how many pages its feeds and sitemaps list
        self.uploads = len(uploads)
        job.items_done = job.items_failed = 0
        self._total()

    def _total(self):
        self.job.items_total = self.urls + self.uploads

    def item(self, label, result, urls_total=None):
        job = self.job
        if urls_total is not None:
            self.urls = urls_total
        self._total()
        job.items_done += 1
        job.items_failed += result.status == FAILED
        job.heartbeat_at = timezone.now()  # a sign of life, between the lease's own beats
        job.save(update_fields=["items_total", "items_done", "items_failed", "heartbeat_at"])


def ingest_job(job, uploads, *, dry_run, on_item=None, record=None, skip=frozenset(), urls=None):
    """[(label, ItemResult)]: the job's URLs (or `urls`, a chunk's) in one ingest call, then its
    uploaded pages in another.

    on_item(label, result, urls_total=None) follows each item (a preview); record([(key, result)],
    urls_total) is called inside the transaction that wrote them (an import: articles.pipeline.progress).
    """
    urls = job.urls if urls is None else urls
    section = job.section.name if job.section_id else None
    results = []

    def url_progress(result, done, total):
        results.append((result.label, result))
        if on_item:
            on_item(result.label, result, urls_total=total)

    def url_record(written, total):
        record([(progress.url_key(result.label), result) for result in written], total)

    upload_keys = iter([progress.upload_key(upload.pk) for upload in uploads])

    def upload_record(written, total):
        # Uploads are ingested in order, one result each: two files of one name stay two items.
        record([(next(upload_keys), result) for result in written], None)

    may_update = may_update_articles(job)
    if urls:
        ingest(
            urls,
            section=section,
            limit=job.limit,
            dry_run=dry_run,
            progress=url_progress,
            may_update=may_update,
            skip=skip,
            record=url_record if record else None,
        )

    def upload_progress(result, done, total):
        results.append((result.label, result))
        if on_item:
            on_item(result.label, result)

    if uploads:
        pages = [
            Page(upload_label(upload), url=upload.url or None, content=bytes(upload.content)) for upload in uploads
        ]
        ingest(
            pages,
            section=section,
            dry_run=dry_run,
            progress=upload_progress,
            may_update=may_update,
            record=upload_record if record else None,
        )
    return results


def upload_label(upload):
    return f"fichier {upload.name}"


def _preview_item(label, result, existing, *, may_update=True):
    item = result_row(label, result.status, reason_of(result), result)
    extracted = result.extracted
    if extracted is None:
        return item
    main = next((image for image in extracted.images if image.is_main), None) or (
        extracted.images[0] if extracted.images else None
    )
    item.update(
        section=extracted.section or "",
        published=extracted.published.isoformat() if extracted.published else "",
        lead=_truncate(extracted.lead, LEAD_PREVIEW_CHARS),
        word_count=extracted.word_count,
        photo={"src": main.src, "caption": main.caption, "credit": main.credit} if main else None,
        existing=existing.get(extracted.canonical_url),
    )
    if item["existing"] and not may_update:
        item.update(status=FAILED, update_refused=True, reason=french_text("update_refused"))
    return item


def _truncate(text, length):
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"
