"""Background tasks, the one module that knows django-tasks: admin imports and polls, run by `manage.py db_worker`."""

from django_tasks import TaskResultStatus, task

from articles.models import ImportJob, Source
from articles.pipeline import jobs, polling


@task()
def preview_import(job_id):
    jobs.run_preview(ImportJob.objects.get(pk=job_id))


@task()
def run_import(job_id):
    jobs.run_import(ImportJob.objects.get(pk=job_id))


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
