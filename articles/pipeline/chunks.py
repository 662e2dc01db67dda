"""One chunk of an admin import, run in a task: several workers share one big import, a chunk each.

    run_chunk(chunk_id)   # in a task (articles.tasks.import_chunk): claims the chunk, imports it

The task queue (django-tasks' database backend) hands each chunk's task to one `db_worker`, claimed
with SELECT … FOR UPDATE SKIP LOCKED; the chunk row itself is claimed again here (queued → running,
one UPDATE), so a task delivered twice imports once. The worker holds the chunk's lease
(articles.pipeline.leases) while it imports; results are reported to the job in small groups,
each in one transaction that locks the job's row, so concurrent chunks never lose each other's
progress, and a page is reported once: a chunk queued again after its worker died imports only
what it had not reported (pages it wrote but had not reported come out unchanged, never twice).
"""

import time

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles.messages import french_text
from articles.models import ImportChunk, ImportJob
from articles.pipeline import jobs
from articles.pipeline.leases import held, worker_name
from articles.pipeline.results import FAILED

REPORT_EVERY = 20  # results a chunk reports to its job at once, at the most
REPORT_SECONDS = 1.0  # and at least this often while it works


class ChunkTakenOver(Exception):
    """This worker's lease ran out and another took the chunk: it stops without reporting."""


def run_chunk(chunk_id):
    """Import the chunk if it is still queued; False if another worker has it or it is done."""
    claimed = ImportChunk.objects.filter(pk=chunk_id, status=ImportChunk.Status.QUEUED).update(
        status=ImportChunk.Status.RUNNING, worker=worker_name(), heartbeat_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    chunk = ImportChunk.objects.select_related("job", "job__section", "job__created_by").get(pk=chunk_id)
    job = chunk.job
    with held(chunk):
        reporter = _Reporter(chunk)
        skip = jobs.done_labels(job.results) | set(chunk.reported)
        uploads = [
            upload for upload in job.uploads.filter(pk__in=chunk.uploads) if jobs.upload_label(upload) not in skip
        ]
        reporter.uploads = len(uploads)
        try:
            jobs.ingest_job(job, uploads, dry_run=False, on_item=reporter.item, skip=skip, urls=chunk.urls)
            reporter.flush(last=True)
        except ChunkTakenOver:
            return False
        except Exception as error:
            jobs.fail(job, french_text("import_stopped", error=str(error)))
            raise
    return True


class _Reporter:
    """A chunk's results, reported to its job in groups (one transaction each, the job's row locked)."""

    def __init__(self, chunk):
        self.chunk, self.pending, self.since = chunk, [], time.monotonic()
        self.before = len(chunk.reported)  # reported by an earlier run of this chunk
        self.urls = len(chunk.urls)  # until the service says how many pages its feeds and sitemaps list
        self.uploads = 0

    def item(self, label, result, urls_total=None):
        if urls_total is not None:
            self.urls = urls_total
        self.pending.append(jobs.result_row(label, result.status, jobs.reason_of(result), result))
        if len(self.pending) >= REPORT_EVERY or time.monotonic() - self.since >= REPORT_SECONDS:
            self.flush()

    def flush(self, last=False):
        now = timezone.now()
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=self.chunk.job_id)
            chunk = ImportChunk.objects.select_for_update().filter(pk=self.chunk.pk).first()
            if chunk is None or chunk.status != ImportChunk.Status.RUNNING or chunk.worker != self.chunk.worker:
                raise ChunkTakenOver
            total = self.before + self.urls + self.uploads
            job.items_total += total - chunk.items_total
            job.results = job.results + self.pending
            job.items_done = len(job.results)
            job.items_failed += sum(item["status"] == FAILED for item in self.pending)
            job.heartbeat_at = now
            chunk.reported = chunk.reported + [item["source"] for item in self.pending]
            chunk.items_total, chunk.heartbeat_at = total, now
            if last:
                chunk.status = ImportChunk.Status.DONE
                others = job.chunks.exclude(pk=chunk.pk).exclude(status=ImportChunk.Status.DONE)
                if job.status == ImportJob.Status.RUNNING and not others.exists():
                    job.status, job.finished_at = ImportJob.Status.DONE, now
            chunk.save(update_fields=["reported", "items_total", "heartbeat_at", "status"])
            job.save(
                update_fields=[
                    "results",
                    "items_total",
                    "items_done",
                    "items_failed",
                    "heartbeat_at",
                    "status",
                    "finished_at",
                ]
            )
        self.pending, self.since = [], time.monotonic()
