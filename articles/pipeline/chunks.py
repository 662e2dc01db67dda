"""One chunk of an admin import, run in a task: several workers share one big import, a chunk each.

    run_chunk(chunk_id)   # in a task (articles.tasks.import_chunk): claims the chunk, imports it

The task queue (django-tasks' database backend) hands each chunk's task to one `db_worker`, claimed
with SELECT … FOR UPDATE SKIP LOCKED; the chunk row itself is claimed again here (queued → running,
one UPDATE), so a task delivered twice imports once. The worker holds the chunk's lease
(articles.pipeline.leases) while it imports. Each result is recorded (articles.pipeline.progress) in
the transaction that wrote its article, with the job's and the chunk's counters added to there: a
page's article and its result are kept together or not at all, whatever kills the worker, and a
chunk queued again imports only what has no result yet. A worker whose lease was taken over finds
out there, and its last batch is rolled back.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles.messages import french_text
from articles.models import ImportChunk, ImportJob
from articles.pipeline import jobs, progress
from articles.pipeline.leases import held, worker_name
from articles.pipeline.results import FAILED


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
        uploads = list(job.uploads.filter(pk__in=chunk.uploads))
        recorded = progress.recorded_keys(job.pk, [progress.upload_key(upload.pk) for upload in uploads])
        uploads = [upload for upload in uploads if progress.upload_key(upload.pk) not in recorded]
        reporter = _Reporter(chunk, len(uploads))
        try:
            jobs.ingest_job(
                job,
                uploads,
                dry_run=False,
                record=reporter.record,
                skip=progress.Recorded(job.pk, chunk.urls),
                urls=chunk.urls,
            )
            reporter.finish()
        except ChunkTakenOver:
            return False
        except Exception as error:
            jobs.fail(job, french_text("import_stopped", error=str(error)))
            raise
    return True


class _Reporter:
    """A chunk's results, recorded in the transactions that wrote them, and its end."""

    def __init__(self, chunk, uploads):
        self.chunk, self.uploads = chunk, uploads
        self.before = chunk.items_done  # recorded by an earlier run of this chunk
        self.urls = len(chunk.urls)  # until the service says how many pages its feeds and sitemaps list

    def record(self, keyed, urls_total):
        """Inside the transaction writing the items of `keyed`: their results and the counters."""
        if urls_total is not None:
            self.urls = urls_total
        chunk = self._held()
        added, failed = progress.record(chunk.job_id, keyed)
        total = self.before + self.urls + self.uploads
        now = timezone.now()
        ImportChunk.objects.filter(pk=chunk.pk).update(
            items_done=F("items_done") + added, items_total=total, heartbeat_at=now
        )
        # Counters added to, not rewritten: the job's row is held only from here to the commit.
        ImportJob.objects.filter(pk=chunk.job_id).update(
            items_done=F("items_done") + added,
            items_failed=F("items_failed") + failed,
            items_total=F("items_total") + (total - chunk.items_total),
            heartbeat_at=now,
        )

    def finish(self):
        """The chunk done; the job done with it when it was the last, its counts taken from its results."""
        with transaction.atomic():
            chunk = self._held()
            job = ImportJob.objects.select_for_update().get(pk=chunk.job_id)  # one last chunk at a time
            now = timezone.now()
            ImportChunk.objects.filter(pk=chunk.pk).update(status=ImportChunk.Status.DONE, heartbeat_at=now)
            others = job.chunks.exclude(pk=chunk.pk).exclude(status=ImportChunk.Status.DONE)
            if job.status == ImportJob.Status.RUNNING and not others.exists():
                counts = progress.counts(job)
                job.items_done = job.items_total = sum(counts.values())
                job.items_failed = counts[FAILED]
                job.status, job.finished_at, job.heartbeat_at = ImportJob.Status.DONE, now, now
                job.save(
                    update_fields=["items_done", "items_total", "items_failed", "status", "finished_at", "heartbeat_at"]
                )

    def _held(self):
        """The chunk's row, locked, if this worker still holds it; else ChunkTakenOver."""
        chunk = ImportChunk.objects.select_for_update().filter(pk=self.chunk.pk).first()
        if chunk is None or chunk.status != ImportChunk.Status.RUNNING or chunk.worker != self.chunk.worker:
            raise ChunkTakenOver
        return chunk
