"""Background tasks, the one module that knows django-tasks: admin imports and polls, run by `manage.py db_worker`."""

from django_tasks import TaskResultStatus, task

from articles.models import ImportJob, Source
from articles.pipeline import chunks, jobs, leases, polling


@task()
def preview_import(job_id):
    jobs.run_preview(ImportJob.objects.get(pk=job_id))


@task()
def run_import(job_id):
    for chunk_id in jobs.run_import(ImportJob.objects.get(pk=job_id)):
        import_chunk.enqueue(chunk_id)


@task()
def import_chunk(chunk_id):
    """One chunk of an import; then the chunks whose worker died are queued again."""
    try:
        chunks.run_chunk(chunk_id)
    finally:
        recover_stale()


def recover_stale():
    """Imports whose worker died: a chunk is queued again, a job not split in chunks is marked failed."""
    for chunk_id in leases.requeue_stale_chunks():
        import_chunk.enqueue(chunk_id)
    leases.recover_stale_jobs()


def recover_if_stale(job):
    """recover_stale() for one job in hand (its page in the admin): True if it was marked failed."""
    if job.status == ImportJob.Status.RUNNING and job.chunks.exists():
        for chunk_id in leases.requeue_stale_chunks():
            import_chunk.enqueue(chunk_id)
        return False
    return leases.recover_if_stale(job)


@task()
def poll_source(source_id):
    return polling.poll(Source.objects.get(pk=source_id)).summary()


def enqueue_preview(job):
    """Queue the preview of a new job (a dry run of its inputs)."""
    preview_import.enqueue(job.pk)


def enqueue_import(job):
    """Queue the import of a previewed job; False if it was not waiting for that."""
    if not jobs.claim_for_import(job):
        return False
    run_import.enqueue(job.pk)
    return True


def enqueue_resume(job):
    """Queue a failed job again: an import resumes where it stopped, a preview starts over; False if it had not."""
    if not jobs.claim_for_resume(job):
        return False
    (run_import if job.started_at else preview_import).enqueue(job.pk)
    return True


def enqueue_poll(source):
    """Queue a poll of `source`; (finished, summary): finished if the queue ran it at once, summary "" if it failed."""
    result = poll_source.enqueue(source.pk)
    if not result.is_finished:
        return False, ""
    return True, result.return_value if result.status == TaskResultStatus.SUCCESSFUL else ""
