"""The cost of one progress report of an import (issue 18): before (the job's JSON list rewritten) and after
(a row a result, ImportItem) at N results already in the job, on the configured database.

"Before" is the report as `chunks._Reporter.flush` made it until the results table: the job's row and
the chunk's locked, the job's whole `results` list read and decoded, the new results appended, the
list encoded and written back. Its column is gone from ImportJob, so it runs on a table of this
benchmark's own holding the same JSON (jsonb on PostgreSQL, text on SQLite, as Django's JSONField
stores it). "After" is the report as the import makes it now (`chunks._Reporter.record`, in a
transaction of its own here, as in a batch's).
"""

import json
import statistics
import time

from django.db import connection, transaction

from articles.admin.import_views import results_context
from articles.models import ImportChunk, ImportItem, ImportJob
from articles.pipeline import chunks, progress
from articles.pipeline.leases import worker_name
from articles.pipeline.results import CREATED, FAILED

TABLE = "bench_progress_json"


def result(n, failed=False):
    """A result as an import records it: a page, created, its article (or failed, and why)."""
    url = f"https://www.example.com/actualite/politique/article-numero-{n}.html"
    return {
        "source": url,
        "status": FAILED if failed else CREATED,
        "reason": "La page n'a pas pu être téléchargée (HTTP 500)." if failed else "",
        "article": None if failed else n,
        "title": f"Titre de l'article numéro {n}, sur un sujet d'actualité parmi d'autres",
        "url": url,
    }


def measure(sizes, *, report=20, repeat=7):
    """[(results in the job, before ms, after ms, commit ms, failures page ms, all page ms)]: medians of
    `repeat` reports of `report` results; `commit` is a transaction of one UPDATE, the floor of any report
    made in a transaction of its own (the import's share it with their batch's); then what the job page
    reads of the results (its counts and page 1 of the failures, or of all results), one in ten failed."""
    rows = []
    for size in sizes:
        after, failures_page, all_page = _after(size, report, repeat)
        before = _before(size, report, repeat)
        rows.append((size, before, after, _commit(repeat), failures_page, all_page))
    return rows


def _settled():
    """On PostgreSQL, the WAL of the set-up (100,000 rows, 20 MB of JSON) written out before timing,
    so that its checkpoint does not land in one variant's reports."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")


def _commit(repeat):
    job = ImportJob.objects.create(status=ImportJob.Status.RUNNING)

    def report_once(attempt):
        with transaction.atomic():
            ImportJob.objects.filter(pk=job.pk).update(items_done=attempt)

    try:
        return _timed(report_once, repeat)
    finally:
        job.delete()


def _timed(report_once, repeat):
    _settled()
    report_once(0)  # a first report, not timed: caches and statements warmed as in a running import
    times = []
    for attempt in range(1, repeat + 1):
        start = time.perf_counter()
        report_once(attempt)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


# --- Before: the job's results, one JSON list rewritten at each report ---------------------------


def _before(size, report, repeat):
    jsonb = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(f"CREATE TABLE {TABLE} (id integer PRIMARY KEY, results {'jsonb' if jsonb else 'text'})")
        cursor.execute(f"INSERT INTO {TABLE} VALUES (1, %s)", [json.dumps([result(n) for n in range(size)])])  # noqa: S608 (our own table's name)
    job = ImportJob.objects.create(status=ImportJob.Status.RUNNING)
    chunk = ImportChunk.objects.create(job=job, status=ImportChunk.Status.RUNNING, worker=worker_name())
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""

    def report_once(attempt):
        pending = [result(size + attempt * report + n) for n in range(report)]
        with transaction.atomic(), connection.cursor() as cursor:
            ImportJob.objects.select_for_update().get(pk=job.pk)
            held = ImportChunk.objects.select_for_update().get(pk=chunk.pk)
            cursor.execute(f"SELECT results FROM {TABLE} WHERE id = 1{lock}")  # noqa: S608 (our own table's name)
            stored = cursor.fetchone()[0]
            results = (json.loads(stored) if isinstance(stored, str) else stored) + pending
            cursor.execute(f"UPDATE {TABLE} SET results = %s WHERE id = 1", [json.dumps(results)])  # noqa: S608 (our own table's name)
            ImportJob.objects.filter(pk=job.pk).update(items_done=len(results))
            held.save(update_fields=["heartbeat_at"])

    try:
        return _timed(report_once, repeat)
    finally:
        job.delete()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {TABLE}")


# --- After: a row a result -----------------------------------------------------------------------


def _after(size, report, repeat):
    job = ImportJob.objects.create(status=ImportJob.Status.RUNNING, items_done=size, items_total=size + 1000)
    chunk = ImportChunk.objects.create(
        job=job, status=ImportChunk.Status.RUNNING, worker=worker_name(), items_total=1000
    )
    for start in range(0, size, 5000):
        ImportItem.objects.bulk_create(
            ImportItem(job=job, key=progress.url_key(row["source"]), **row)
            for row in (result(n, failed=n % 10 == 0) for n in range(start, min(size, start + 5000)))
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_importitem")
    reporter = chunks._Reporter(chunk, 0)

    def report_once(attempt):
        pending = [result(size + attempt * report + n) for n in range(report)]
        with transaction.atomic():
            reporter.record([(progress.url_key(row["source"]), row) for row in pending], 1000)

    def page(query):
        return lambda attempt: list(results_context(job, query)["page"])

    try:
        return _timed(report_once, repeat), _timed(page({}), repeat), _timed(page({"etat": "tous"}), repeat)
    finally:
        job.delete()
