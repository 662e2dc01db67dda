"""Background tasks (django-tasks): admin imports and polling a followed source, run by `manage.py db_worker`."""

from django_tasks import task

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
