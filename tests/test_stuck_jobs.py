"""An import whose `db_worker` is killed (kill -9) half-way goes on once a worker runs again: the
chunk whose lease ran out is queued again and imports only what it had not reported; no page is
written twice and no article is half-written. Several workers share one big import, a chunk each.
Real processes on a real database of the suite's kind (SQLite file or PostgreSQL)."""

import json
import os
import signal
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import ImportJob
from articles.pipeline import leases
from tests.import_jobs import CHUNK, LEASE, create_job, job_row, start_worker
from tests.scratch_databases import manage, query, scratch_database

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="extraction runs in forked processes (POSIX only)")

PAGES = 40

ADMIN_VISIT = """
import json
from django.contrib.auth.models import User
from django.test import Client
client = Client(HTTP_HOST="localhost")
client.force_login(User.objects.get(username="chef"))
page = client.get("/admin/articles/article/import/{pk}/").content.decode()
print(json.dumps({{"page": page}}))
"""


COUNTED = (
    "SELECT items_done, (SELECT COUNT(*) FROM articles_importitem i WHERE i.job_id = j.id)"
    " FROM articles_importjob j WHERE j.id = %s"
)


def article_urls(url):
    return [row[0] for row in query(url, "SELECT canonical_url FROM articles_article")]


def whole_articles(url):
    """(articles, duplicate canonical URLs, articles missing their photo, raw page or byline)."""
    articles = query(url, "SELECT COUNT(*) FROM articles_article")[0][0]
    duplicates = query(
        url,
        "SELECT COUNT(*) FROM (SELECT canonical_url FROM articles_article"
        " GROUP BY canonical_url HAVING COUNT(*) > 1) d",
    )[0][0]
    half = query(
        url,
        "SELECT COUNT(*) FROM articles_article a"
        " WHERE NOT EXISTS (SELECT 1 FROM articles_photo p WHERE p.article_id = a.id)"
        " OR NOT EXISTS (SELECT 1 FROM articles_rawpage r WHERE r.article_id = a.id)"
        " OR NOT EXISTS (SELECT 1 FROM articles_authorship s WHERE s.article_id = a.id)",
    )[0][0]
    return articles, duplicates, half


def test_an_import_goes_on_after_kill_9_of_its_db_worker_without_writing_anything_twice(tmp_path):
    with scratch_database(tmp_path) as url:
        assert manage(url, "migrate", "--noinput").returncode == 0
        pk = create_job(url, PAGES)

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
        reported_before = {item["source"]: item["status"] for item in results}
        articles, duplicates, half = whole_articles(url)
        assert (duplicates, half) == (0, 0)  # killed mid-batch: nothing half-written
        # Each result is committed with its article: none written without its result, nor the reverse.
        assert articles == len(reported_before) == done

        time.sleep(3.5)  # the lease (3 s) runs out: nobody renews it any more
        visit = manage(url, "shell", "-c", ADMIN_VISIT.format(pk=pk), **LEASE)
        assert visit.returncode == 0, visit.stderr
        assert "en cours" in json.loads(visit.stdout.strip().splitlines()[-1])["page"]  # not « interrompue »

        with (tmp_path / "again.log").open("w") as log:
            assert start_worker(url, log, "--batch").wait(timeout=300) == 0
        status, done, total, error, results = job_row(url, pk)
        assert (status, done, total, error) == ("done", PAGES, PAGES, "")
        sources = [item["source"] for item in results]
        assert sorted(sources) == sorted(f"fichier page-{n:02d}.html" for n in range(PAGES))  # each once
        again = {item["source"]: item["status"] for item in results}
        # What was reported keeps its result; every other page is created, once: none was written
        # without its result, so none comes back « unchanged ».
        assert all(again[source] == status for source, status in reported_before.items())
        assert set(again.values()) == {"created"}
        assert whole_articles(url) == (PAGES, 0, 0)
        assert sorted(article_urls(url)) == sorted(f"https://www.example.com/{n}.html" for n in range(PAGES))


def test_two_db_workers_share_one_import_each_page_written_once(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("several db_workers on one import need PostgreSQL (SKIP LOCKED); SQLite has one writer")
    pages = 48
    with scratch_database(tmp_path) as url:
        assert manage(url, "migrate", "--noinput").returncode == 0
        pk = create_job(url, pages)
        with (tmp_path / "a.log").open("w") as log_a, (tmp_path / "b.log").open("w") as log_b:
            # Both wait for work (not --batch: the second would leave before the first has split the job).
            workers = [start_worker(url, log_a), start_worker(url, log_b)]
            deadline, counted = time.monotonic() + 300, set()
            while job_row(url, pk)[0] != "done" and time.monotonic() < deadline:
                # The job's counters and its results, read in one statement: always the same number.
                counted.add(query(url, COUNTED, (pk,))[0])
                time.sleep(0.1)
            for worker in workers:
                worker.terminate()
                assert worker.wait(timeout=60) is not None
        status, done, total, error, results = job_row(url, pk)
        assert (status, done, total, error) == ("done", pages, pages, "")
        assert sorted(item["source"] for item in results) == sorted(f"fichier page-{n:02d}.html" for n in range(pages))
        assert {item["status"] for item in results} == {"created"}
        assert whole_articles(url) == (pages, 0, 0)
        # Both workers took chunks: the job was shared, each chunk run once.
        chunks = query(url, "SELECT worker, attempts, status FROM articles_importchunk WHERE job_id = %s", (pk,))
        assert len(chunks) == pages // CHUNK
        assert {status for _, _, status in chunks} == {"done"} and {attempts for _, attempts, _ in chunks} == {1}
        assert len({worker for worker, _, _ in chunks}) == 2, chunks
        assert all(done == items for done, items in counted) and len(counted) > 2, counted


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
