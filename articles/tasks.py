"""Background tasks (django-tasks): admin imports and polling a followed source, run by `manage.py db_worker`."""

from django_tasks import task

from articles import imports
from articles.models import ImportJob


@task()
def preview_import(job_id):
    imports.run_preview(ImportJob.objects.get(pk=job_id))


@task()
def run_import(job_id):
    imports.run_import(ImportJob.objects.get(pk=job_id))
