"""Background tasks, the one module that knows django-tasks: admin imports and polls, run by `manage.py db_worker`.

A task's extraction workers are kept for the next task while its `db_worker` runs (WorkerCommand,
articles.pipeline.kept), not forked again for every chunk of an import; a task run by the immediate
backend (the tests') closes them when it ends. A `db_worker` left without a task warms dateparser
once (articles.pipeline.warming), so that the extraction workers it forks afterwards start warm.
"""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks import TaskResultStatus, task
from django_tasks.signals import task_finished, task_started
from django_tasks_db.management.commands import db_worker

from articles.models import ImportJob, Source
from articles.pipeline import chunks, jobs, kept, leases, polling, warming


class WorkerCommand(db_worker.Command):
    """`manage.py db_worker` (articles/management/commands/db_worker.py): django-tasks' database worker,
    its tasks' extraction pools kept from one task to the next and closed when it stops, dateparser
    warmed once it has waited warming.IDLE_SECONDS without a task."""

    def handle(self, *args, **options):
        # With --reload, the worker runs in a child process; the watching parent runs no task.
        runs_tasks = not options.get("reload") or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        idle = warming.WhenIdle()

        def started(**kwargs):
            idle.task_started()

        def finished(**kwargs):
            idle.task_finished()

        task_started.connect(started)
        task_finished.connect(finished)
        if runs_tasks:
            idle.start()
        try:
            with kept.scope():
                super().handle(*args, **options)
        finally:
            idle.stop()
            task_started.disconnect(started)
            task_finished.disconnect(finished)


@task()
def preview_import(job_id):
    with kept.scope():
        jobs.run_preview(ImportJob.objects.get(pk=job_id))


@task()
def run_import(job_id):
    with kept.scope():
        for chunk_id in jobs.run_import(ImportJob.objects.get(pk=job_id)):
            import_chunk.enqueue(chunk_id)


@task()
def import_chunk(chunk_id):
    """One chunk of an import; then the chunks whose worker died are queued again."""
    try:
        with kept.scope():
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
    with kept.scope():
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
