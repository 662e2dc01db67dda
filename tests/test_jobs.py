"""Import jobs: parsing the URL box, progress saved as items are done, failures reported, the real task queue."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.management.commands import db_worker

from articles import tasks
from articles.models import Article, ImportChunk, ImportJob
from articles.pipeline import chunks, jobs
from articles.pipeline.progress import result_rows
from tests.admin_helpers import editor_fixture, job_url  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

BUDGET, FESTIVAL = "/economie/budget-2026.html", "/culture/festival-avignon.html"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def previewed_job(urls, user=None):
    job = jobs.create_job(user=user, urls_text="\n".join(urls))
    tasks.enqueue_preview(job)
    job.refresh_from_db()
    return job


def test_the_url_box_keeps_valid_urls_once_and_explains_the_rest():
    urls, rejected = jobs.parse_urls(
        " https://a.example/1 \nhttps://a.example/1\n\njavascript:alert(1)\nhttps://a.example/2"
    )
    assert urls == ["https://a.example/1", "https://a.example/2"]
    assert [(item["source"], item["status"]) for item in rejected] == [
        ("https://a.example/1", "ignored"),
        ("javascript:alert(1)", "failed"),
    ]


def test_progress_is_saved_as_items_are_done(http_server, monkeypatch, settings):
    settings.NEWSROOM_INGEST_BATCH = 1  # a transaction an article, so a report an item
    http_server.site()
    job = previewed_job([http_server.url("/rss.xml")])
    seen = []
    record, finish = chunks._Reporter.record, chunks._Reporter.finish

    def seen_now(chunk):
        stored = ImportJob.objects.get(pk=chunk.job_id)
        # Read inside the transaction that wrote the article: its result and the counters are there too.
        seen.append(
            (stored.status, stored.items_done, stored.items_total, stored.items.count(), Article.objects.count())
        )

    def spy_record(self, keyed, urls_total):
        record(self, keyed, urls_total)
        seen_now(self.chunk)

    def spy_finish(self):
        finish(self)
        seen_now(self.chunk)

    monkeypatch.setattr(chunks._Reporter, "record", spy_record)
    monkeypatch.setattr(chunks._Reporter, "finish", spy_finish)
    assert tasks.enqueue_import(job)
    assert seen == [
        ("running", 1, 3, 1, 1),
        ("running", 2, 3, 2, 2),
        ("running", 3, 3, 3, 3),
        ("done", 3, 3, 3, 3),
    ]
    job.refresh_from_db()
    assert (job.status, job.items_done, job.items_failed) == ("done", 3, 0)
    assert job.started_at and job.finished_at


def test_a_job_that_breaks_is_marked_failed_with_its_reason(client, editor, http_server, monkeypatch):
    http_server.site()
    job = previewed_job([http_server.url(BUDGET)], user=editor)  # an editor sees their own jobs

    def broken(*args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(jobs, "ingest", broken)
    tasks.enqueue_import(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.error == "L'importation s'est arrêtée : disque plein"
    page = client.get(job_url(job)).content.decode()
    assert "disque plein" in page and "échec" in page


def test_a_preview_that_breaks_is_marked_failed(monkeypatch):
    monkeypatch.setattr(jobs, "ingest", lambda *a, **k: 1 / 0)
    job = previewed_job(["https://www.quotidien-demo.example/a.html"])
    assert job.status == ImportJob.Status.FAILED
    assert job.error.startswith("La prévisualisation a échoué")


@override_settings(TASKS=DB_TASKS)
def test_with_the_database_queue_the_job_waits_for_the_worker(client, editor, http_server, monkeypatch):
    # The worker closes stale connections between tasks; here the test's one transaction must stay open.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    http_server.site()
    job = jobs.create_job(user=editor, urls_text=http_server.url(FESTIVAL))
    tasks.enqueue_preview(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWING
    page = client.get(job_url(job)).content.decode()
    assert 'data-progress-url="' in page and 'http-equiv="refresh"' not in page  # a script follows the job

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED
    assert tasks.enqueue_import(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED
    assert not Article.objects.exists()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Article.objects.count() == 1


def test_a_feed_in_an_import_is_split_into_chunks_of_its_pages(http_server, settings):
    """One big feed or sitemap is shared by several workers: chunks of its pages, not one chunk for it."""
    http_server.site()
    settings.NEWSROOM_IMPORT_CHUNK_SIZE = 2
    page = http_server.url(BUDGET)
    # The feed lists the three pages; one of them is also given on its own line: imported once.
    job = previewed_job([http_server.url("/rss.xml"), page])
    listed = [item["source"] for item in job.preview]
    assert len(listed) == 3 and page in listed

    assert tasks.enqueue_import(job)

    job.refresh_from_db()
    chunk_urls = [chunk.urls for chunk in ImportChunk.objects.filter(job=job).order_by("position")]
    assert [len(urls) for urls in chunk_urls] == [2, 1]
    assert sorted(url for urls in chunk_urls for url in urls) == sorted(listed)
    assert (job.status, job.items_done, job.items_total, job.items_failed) == ("done", 3, 3, 0)
    assert sorted(item["source"] for item in result_rows(job)) == sorted(listed)
    assert {item["status"] for item in result_rows(job)} == {"created"}
    assert Article.objects.count() == 3


def test_a_job_with_a_limit_keeps_its_feed_whole(http_server, settings):
    """A limit counts pages across every input, in one run: the inputs are not split."""
    http_server.site()
    settings.NEWSROOM_IMPORT_CHUNK_SIZE = 1
    job = jobs.create_job(user=None, urls_text=http_server.url("/rss.xml"), limit=2)
    tasks.enqueue_preview(job)
    job.refresh_from_db()
    assert tasks.enqueue_import(job)
    job.refresh_from_db()
    assert [chunk.urls for chunk in ImportChunk.objects.filter(job=job)] == [[http_server.url("/rss.xml")]]
    assert (job.status, job.items_done) == ("done", 2)
    assert Article.objects.count() == 2
