"""An admin import queued in a scratch database and the `db_worker` processes that run it, as real
processes: shared by the tests of kill -9 mid-import (test_stuck_jobs) and of kept connections."""

import subprocess
import sys

from tests.scratch_databases import manage, production_environ, query
from tests.subprocesses import ROOT

CHUNK = 8
LEASE = {
    "NEWSROOM_IMPORT_HEARTBEAT_SECONDS": "0.5",
    "NEWSROOM_IMPORT_LEASE_SECONDS": "3",
    "NEWSROOM_IMPORT_CHUNK_SIZE": str(CHUNK),
    "NEWSROOM_INGEST_BATCH": "4",
}

CREATE_JOB = """
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
    for n in range({pages})
]
job = jobs.create_job(user=chef, urls_text="", uploads=uploads)
ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.PREVIEWED)  # the preview is not the point here
job.refresh_from_db()
assert tasks.enqueue_import(job)
print(job.pk)
"""


def job_row(url, pk):
    """(status, items_done, items_total, error, results) read straight from the database."""
    sql = "SELECT status, items_done, items_total, error FROM articles_importjob WHERE id = %s"
    status, done, total, error = query(url, sql, (pk,))[0]
    items = "SELECT source, status FROM articles_importitem WHERE job_id = %s ORDER BY id"
    return status, done, total, error, [{"source": s, "status": st} for s, st in query(url, items, (pk,))]


def start_worker(url, log, *args):
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", *args],
        cwd=ROOT,
        env=production_environ(url, **LEASE),
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def create_job(url, pages):
    created = manage(url, "shell", "-c", CREATE_JOB.format(pages=pages))
    assert created.returncode == 0, created.stderr
    return int(created.stdout.strip().splitlines()[-1])
