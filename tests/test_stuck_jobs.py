"""Issue 15, finding 5: an import whose `db_worker` is killed (kill -9) half-way is detected by its
lease, shown as interrupted with the reason, and resumed from the admin without importing again
what was done. Real processes on a real database of the suite's kind (SQLite file or PostgreSQL)."""

import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import ImportJob
from articles.pipeline import leases
from tests.scratch_databases import manage, production_environ, query, scratch_database
from tests.subprocesses import ROOT

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="extraction runs in forked processes (POSIX only)")

PAGES = 40
LEASE = {"NEWSROOM_IMPORT_HEARTBEAT_SECONDS": "0.5", "NEWSROOM_IMPORT_LEASE_SECONDS": "3"}

CREATE_JOB = f"""
import io
from django.contrib.auth.models import User
from articles import tasks
from articles.pipeline import jobs
from articles.models import ImportJob
from tests.storable_pages import news_page

chef = User.objects.create_superuser("chef", "chef@example.org", "mot-de-passe-du-chef")
uploads = [
    jobs.Upload(
        f"page-{{n:02d}}.html",
        "",
        io.BytesIO(news_page(f"Article numéro {{n}} du sommet", canonical=f"https://www.example.com/{{n}}.html").encode()),
    )
    for n in range({PAGES})
]
job = jobs.create_job(user=chef, urls_text="", uploads=uploads)
ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.PREVIEWED)  # the preview is not the point here
job.refresh_from_db()
assert tasks.enqueue_import(job)
print(job.pk)
"""

ADMIN_VISIT = """
import json
from django.contrib.auth.models import User
from django.test import Client
client = Client(HTTP_HOST="localhost")
client.force_login(User.objects.get(username="chef"))
page = client.get("/admin/articles/article/import/{pk}/").content.decode()
resumed = client.post("/admin/articles/article/import/{pk}/", {{"resume": "1"}})
print(json.dumps({{"page": page, "resumed": resumed.status_code}}))
"""


def job_row(url, pk):
    """(status, items_done, items_total, error, results) read straight from the database."""
    sql = "SELECT status, items_done, items_total, error, results FROM articles_importjob WHERE id = %s"
    status, done, total, error, results = query(url, sql, (pk,))[0]
    return status, done, total, error, results if isinstance(results, list) else json.loads(results)


def article_urls(url):
    return [row[0] for row in query(url, "SELECT canonical_url FROM articles_article")]


def start_worker(url, log, *args):
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", *args],
        cwd=ROOT,
        env=production_environ(url, **LEASE),
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def test_stuck_job_after_kill_9_of_db_worker_is_detected_and_resumed_without_redoing_what_is_done(tmp_path):
    with scratch_database(tmp_path) as url:
        assert manage(url, "migrate", "--noinput").returncode == 0
        created = manage(url, "shell", "-c", CREATE_JOB)
        assert created.returncode == 0, created.stderr
        pk = int(created.stdout.strip().splitlines()[-1])

        with (tmp_path / "worker.log").open("w") as log:
            worker = start_worker(url, log)
            deadline = time.monotonic() + 180
            while job_row(url, pk)[1] < 5 and worker.poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait()
        status, done, total, _, results = job_row(url, pk)
        assert worker.returncode == -signal.SIGKILL
        assert status == "running" and 5 <= done < total == PAGES, (status, done, total)
        imported_before = {item["source"] for item in results if item["status"] == "created"}
        written_before = len(article_urls(url))  # reported or not: written in batches, reported after

        time.sleep(3.5)  # the lease (3 s) runs out: nobody renews it any more
        visit = manage(url, "shell", "-c", ADMIN_VISIT.format(pk=pk), **LEASE)
        assert visit.returncode == 0, visit.stderr
        shown = json.loads(visit.stdout.strip().splitlines()[-1])
        assert "s&#x27;est interrompue" in shown["page"] or "s'est interrompue" in shown["page"]
        assert "ne donne plus signe de vie" in shown["page"]
        assert "Reprendre l&#x27;importation" in shown["page"] or "Reprendre l'importation" in shown["page"]
        assert shown["resumed"] == 302

        with (tmp_path / "again.log").open("w") as log:
            assert start_worker(url, log, "--batch").wait(timeout=300) == 0
        status, done, total, error, results = job_row(url, pk)
        assert (status, done, total, error) == ("done", PAGES, PAGES, "")
        sources = [item["source"] for item in results]
        assert sorted(sources) == sorted(f"fichier page-{n:02d}.html" for n in range(PAGES))  # each once
        # What the killed worker had imported kept its result: it was not imported again. Only the
        # pages of the batch in hand at the kill (written, not yet reported) are found unchanged.
        again = {item["source"]: item["status"] for item in results}
        assert all(again[source] == "created" for source in imported_before)
        assert sum(status == "unchanged" for status in again.values()) <= written_before - len(imported_before)
        assert sorted(article_urls(url)) == sorted(f"https://www.example.com/{n}.html" for n in range(PAGES))


@pytest.mark.django_db
def test_stuck_job_detection_leaves_a_job_whose_worker_still_beats(settings, admin_user):
    settings.NEWSROOM_IMPORT_LEASE_SECONDS = 60
    now = timezone.now()
    alive = ImportJob.objects.create(created_by=admin_user, status="running", heartbeat_at=now - timedelta(seconds=30))
    dead = ImportJob.objects.create(
        created_by=admin_user, status="running", heartbeat_at=now - timedelta(seconds=90), worker="web-1:4242"
    )
    legacy = ImportJob.objects.create(created_by=admin_user, status="running", started_at=now - timedelta(days=2))
    waiting = ImportJob.objects.create(created_by=admin_user, status="previewing")  # no worker has it yet
    assert leases.recover_stale_jobs(now) == 2
    states = {job.pk: (job.status, job.error) for job in ImportJob.objects.all()}
    assert states[alive.pk] == ("running", "")
    assert states[waiting.pk] == ("previewing", "")
    assert states[dead.pk][0] == states[legacy.pk][0] == "failed"
    assert "web-1:4242" in states[dead.pk][1] and "ne donne plus signe de vie" in states[dead.pk][1]
