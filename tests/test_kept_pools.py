"""An import's extraction workers are kept from chunk to chunk while its `db_worker` runs, and stopped with
it; a task run by the immediate backend stops its own (articles.pipeline.kept, articles.tasks)."""

import io
import os

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.management.commands import db_worker

from articles import tasks
from articles.models import Article, ImportJob
from articles.pipeline import ingestion, jobs
from tests.sample_pages import article_page

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def worker_pids(tmp_path, monkeypatch, settings):
    """The pid of the extraction worker that prepared each page, in order (chunks of 2 pages)."""
    settings.NEWSROOM_IMPORT_CHUNK_SIZE = 2
    noted = tmp_path / "pids"
    prepare = ingestion.prepare

    def noting(*args, **options):
        with open(noted, "a") as file:
            file.write(f"{os.getpid()}\n")
        return prepare(*args, **options)

    monkeypatch.setattr(ingestion, "prepare", noting)
    return lambda: [int(line) for line in noted.read_text().split()] if noted.exists() else []


def queued_import(first, pages):
    uploads = []
    for n in range(first, first + pages):
        head = f'<link rel="canonical" href="https://gazette.test/{n}">'
        page = article_page(title=f"Le port de Tyr rouvre, jour {n}", head=head)
        uploads.append(jobs.Upload(f"{n}.html", "", io.BytesIO(page.encode())))
    job = jobs.create_job(user=None, urls_text="", uploads=uploads)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.PREVIEWED)
    job.refresh_from_db()
    assert tasks.enqueue_import(job)
    return job


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@override_settings(TASKS=DB_TASKS)
def test_a_db_worker_runs_every_chunk_in_one_extraction_worker_and_stops_it_when_it_stops(worker_pids, monkeypatch):
    # The worker closes stale connections between tasks; here the test's one transaction must stay open.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    first, second = queued_import(0, 6), queued_import(6, 2)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    for job in (first, second):
        job.refresh_from_db()
        assert job.status == ImportJob.Status.DONE
    assert (first.chunks.count(), second.chunks.count(), Article.objects.count()) == (3, 1, 8)
    pids = worker_pids()
    assert len(pids) == 8 and len(set(pids)) == 1  # four chunks of two imports, one worker forked
    assert not alive(pids[0])  # stopped with the db_worker


def test_a_task_run_at_once_stops_its_extraction_workers_when_it_ends(worker_pids):
    first = queued_import(0, 4)  # the immediate backend: run here, its chunks inside its task
    pids = worker_pids()
    assert len(pids) == 4 and not any(alive(pid) for pid in pids)
    queued_import(4, 2)
    assert len(worker_pids()) == 6 and worker_pids()[-1] not in pids  # a new worker for the next task
    first.refresh_from_db()
    assert first.status == ImportJob.Status.DONE and Article.objects.count() == 6
