"""An import's results, a row an item: each written with its article, counted once, read a page at a time."""

import io
from collections import Counter

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from articles import tasks
from articles.models import Article, ImportChunk, ImportItem, ImportJob
from articles.pipeline import chunks, jobs, progress, writing
from articles.pipeline.results import CREATED, FAILED
from tests.admin_helpers import editor_fixture, job_url  # noqa: F401 (fixture)
from tests.storable_pages import news_page

pytestmark = pytest.mark.django_db(transaction=True)

NO_ADDRESS = (
    b"<html><head><title>Sans adresse</title></head><body><article><h1>Sans adresse</h1>"
    + (b"<p>" + "Une phrase d'article assez longue pour être retenue. ".encode() * 20 + b"</p>")
    + b"</article></body></html>"
)


def upload(n):
    page = news_page(f"Article numéro {n} du sommet", canonical=f"https://www.example.com/{n}.html")
    return jobs.Upload(f"page-{n:02d}.html", "", io.BytesIO(page.encode()))


def queued_job(user, uploads):
    job = jobs.create_job(user=user, urls_text="", uploads=uploads)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.PREVIEWED)  # the preview is not the point
    job.refresh_from_db()
    return job


def test_a_failing_page_in_the_middle_is_reported_with_its_reason_and_the_rest_imported(admin_user, settings):
    settings.NEWSROOM_INGEST_BATCH = 50  # the three pages in one batch
    middle = jobs.Upload("sans-adresse.html", "", io.BytesIO(NO_ADDRESS))
    job = queued_job(admin_user, [upload(1), middle, upload(2)])
    assert tasks.enqueue_import(job)
    job.refresh_from_db()
    assert (job.status, job.items_done, job.items_total, job.items_failed) == ("done", 3, 3, 1)
    results = progress.result_rows(job)
    assert [(row["source"], row["status"]) for row in results] == [
        ("fichier page-01.html", CREATED),
        ("fichier sans-adresse.html", FAILED),
        ("fichier page-02.html", CREATED),
    ]
    assert "indiquez son URL d'origine" in results[1]["reason"]
    assert {row["article"] for row in (results[0], results[2])} == set(Article.objects.values_list("pk", flat=True))


def test_splitting_an_import_in_chunks_reads_its_files_in_a_few_queries_however_many(admin_user, settings):
    # The other workers wait for the split: a query a file held back 1,000 files' first chunk ≈ 1 s.
    settings.NEWSROOM_IMPORT_CHUNK_SIZE = 10
    queries = []
    for count in (3, 30):
        job = queued_job(admin_user, [upload(n) for n in range(count)])
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
        with CaptureQueriesContext(connection) as captured:
            split = jobs.run_import(job)
        queries.append(len(captured))
        assert ImportChunk.objects.filter(pk__in=split).count() == -(-count // 10)
    assert queries[0] == queries[1]


def test_a_chunk_run_again_after_its_worker_died_counts_nothing_twice(admin_user, settings, monkeypatch):
    settings.NEWSROOM_INGEST_BATCH = 2
    settings.NEWSROOM_IMPORT_CHUNK_SIZE = 10
    job = queued_job(admin_user, [upload(n) for n in range(7)])
    record, calls = chunks._Reporter.record, []

    def dies_at_the_third_batch(self, keyed, urls_total):
        calls.append(len(keyed))
        if len(calls) == 3:
            raise KeyboardInterrupt  # the process dies there: this batch's transaction is never committed
        record(self, keyed, urls_total)

    monkeypatch.setattr(chunks._Reporter, "record", dies_at_the_third_batch)
    with pytest.raises(KeyboardInterrupt):
        tasks.enqueue_import(job)
    job.refresh_from_db()
    # Two batches of two kept, with their results; the third rolled back, article and result alike.
    assert (job.status, job.items_done, job.items.count(), Article.objects.count()) == ("running", 4, 4, 4)

    monkeypatch.setattr(chunks._Reporter, "record", record)
    chunk = job.chunks.get()
    ImportChunk.objects.filter(pk=chunk.pk).update(status=ImportChunk.Status.QUEUED, worker="")  # its lease ran out
    assert chunks.run_chunk(chunk.pk)
    job.refresh_from_db()
    assert (job.status, job.items_done, job.items_total, job.items_failed) == ("done", 7, 7, 0)
    assert sorted(row["status"] for row in progress.result_rows(job)) == [CREATED] * 7  # none found « unchanged »
    assert Article.objects.count() == 7


def test_when_a_batch_fails_each_page_is_kept_with_its_result_as_soon_as_written(admin_user, settings, monkeypatch):
    """A batch that cannot be written is written again a page at a time, each page in a transaction of
    its own: a page kept with its result is never undone by a later one, and holds no lock while the
    next is written (held together, two db_workers could deadlock on the sections and authors they
    create in other orders, and a page failed)."""
    settings.NEWSROOM_INGEST_BATCH = 50  # the six pages in one batch
    job = queued_job(admin_user, [upload(n) for n in range(1, 7)])
    real, tries = writing.slug, Counter()

    def slug(title, *args):
        tries[title] += 1
        if title == "Article numéro 3 du sommet":
            raise ValueError("le disque est plein")  # this page cannot be written: the batch falls back
        if title == "Article numéro 5 du sommet" and tries["Article numéro 3 du sommet"] == 2:
            raise KeyboardInterrupt  # the process dies while writing the fifth page alone
        return real(title, *args)

    monkeypatch.setattr(writing, "slug", slug)
    with pytest.raises(KeyboardInterrupt):
        tasks.enqueue_import(job)
    job.refresh_from_db()
    assert (job.items_done, job.items_failed) == (4, 1)
    assert [(row["source"], row["status"]) for row in progress.result_rows(job)] == [
        ("fichier page-01.html", CREATED),
        ("fichier page-02.html", CREATED),
        ("fichier page-03.html", FAILED),
        ("fichier page-04.html", CREATED),
    ]
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        f"Article numéro {n} du sommet" for n in (1, 2, 4)
    ]


def test_a_result_is_recorded_once_whoever_records_it_again(admin_user):
    job = ImportJob.objects.create(created_by=admin_user)
    row = jobs.result_row("https://example.org/1", CREATED)
    assert progress.record(job.pk, [(progress.url_key("https://example.org/1"), row)] * 2) == (1, 0)
    assert progress.record(job.pk, [(progress.url_key("https://example.org/1"), row)]) == (0, 0)
    assert job.items.count() == 1


def test_the_job_page_shows_counts_and_the_failures_a_page_at_a_time(client, editor, django_assert_max_num_queries):
    job = ImportJob.objects.create(created_by=editor, status=ImportJob.Status.DONE, started_at="2026-12-05T10:00Z")
    keyed = []
    for n in range(130):
        failed = n % 2 == 1
        reason = f"Raison de l'échec n° {n}" if failed else ""
        row = jobs.result_row(f"https://example.org/page-{n}.html", FAILED if failed else CREATED, reason)
        keyed.append((progress.url_key(row["source"]), row))
    progress.record(job.pk, keyed)

    with django_assert_max_num_queries(12):
        first = client.get(job_url(job)).content.decode()
    assert "en échec (65)" in first and "créés (65)" in first and "tous (130)" in first
    # Failures first, each with its item and its reason; 50 of them, not the 130 results.
    assert "page-1.html" in first and "Raison de l&#x27;échec n° 1" in first
    assert first.count('class="import-row import-row--failed"') == 50 and "import-row--created" not in first
    assert "Page 1 sur 2" in first and "?etat=failed&amp;page=2" in first

    second = client.get(job_url(job), {"etat": "failed", "page": 2}).content.decode()
    assert second.count('class="import-row import-row--failed"') == 15
    assert "page-129.html" in second and "Raison de l&#x27;échec n° 129" in second

    everything = client.get(job_url(job), {"etat": "tous"}).content.decode()
    assert everything.count('class="import-row ') == 50 and "Page 1 sur 3" in everything


def test_old_jobs_keep_their_results_once_migrated():
    executor = MigrationExecutor(connection)
    executor.migrate([("articles", "0022_story_outlets")])
    old = executor.loader.project_state([("articles", "0022_story_outlets")]).apps
    OldJob, OldUpload = old.get_model("articles", "ImportJob"), old.get_model("articles", "ImportUpload")
    rejected = {"source": "pas une url", "status": FAILED, "reason": "URL invalide", "article": None}
    job = OldJob.objects.create(
        rejected=[rejected],
        results=[
            rejected,
            {"source": "https://example.org/a", "status": CREATED, "reason": "", "article": 7, "title": "A"},
            {"source": "fichier x.html", "status": FAILED, "reason": "binaire", "article": None},
        ],
    )
    file = OldUpload.objects.create(job=job, name="x.html", content=b"<html>")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    job = ImportJob.objects.get(pk=job.pk)
    assert [(row["source"], row["status"], row["article"]) for row in progress.result_rows(job)] == [
        ("pas une url", FAILED, None),
        ("https://example.org/a", CREATED, 7),
        ("fichier x.html", FAILED, None),
    ]
    keys = list(ImportItem.objects.filter(job=job).order_by("id").values_list("key", flat=True))
    assert keys == [progress.rejected_key(0), progress.url_key("https://example.org/a"), progress.upload_key(file.pk)]
