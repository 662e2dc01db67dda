"""Faults, quickly: kill -9 an ingest half-way then run it again; two ingests writing the same SQLite file.

Each test runs `manage.py ingest` in subprocesses, with production settings, on a SQLite file in
tmp_path, on pages rendered from bench.synthetic (bench.pages). The long versions,
under gunicorn and wrk and on PostgreSQL too, are `manage.py loadtest` (docs/BENCHMARKS.md).
"""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings

from bench.databases import integrity, query
from bench.pages import PAGES_SITE, read_manifest, write_pages
from bench.processes import production_env

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="extraction runs in forked processes (POSIX only)")


def start_ingest(url, directory, log, workers=1):
    return subprocess.Popen(
        [sys.executable, "manage.py", "ingest", str(directory), "--workers", str(workers)],
        cwd=settings.BASE_DIR,
        # Batches of 5 articles: a kill half-way lands between batches of these 30 pages (50 would be all).
        env=production_env(url, NEWSROOM_INGEST_BATCH=5),
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def stored(url):
    return query(url, "SELECT COUNT(*) FROM articles_article WHERE canonical_url LIKE ?", (PAGES_SITE + "/%",))[0][0]


def test_kill_9_half_way_then_again_leaves_no_duplicate_and_no_article_without_its_photos(migrated_sqlite, tmp_path):
    pages = tmp_path / "pages"
    write_pages(pages, 30, seed=3)
    with (tmp_path / "killed.log").open("w") as log:
        process = start_ingest(migrated_sqlite, pages, log)
        deadline = time.monotonic() + 40
        while stored(migrated_sqlite) < 10 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    manifest = read_manifest(pages)
    at_kill = integrity(migrated_sqlite, manifest)
    assert 10 <= at_kill["stored"] < 30
    # One transaction per article: what was committed has all its photos, nothing half-written.
    assert at_kill["missing_photos"] == 0

    with (tmp_path / "again.log").open("w") as log:
        assert start_ingest(migrated_sqlite, pages, log).wait(timeout=120) == 0
    again = (tmp_path / "again.log").read_text()
    assert f"unchanged {at_kill['stored']}" in again
    after = integrity(migrated_sqlite, manifest)
    assert after == {"stored": 30, "expected": 30, "duplicates": 0, "missing_photos": 0, "unknown": 0}
    # Some pages have no figure, most have one or more: the check above is not vacuous.
    assert sum(1 for n in manifest.values() if n) >= 15


def test_two_ingests_of_the_same_pages_at_once_on_sqlite_store_each_article_once(migrated_sqlite, tmp_path):
    pages = tmp_path / "pages"
    write_pages(pages, 20, seed=4)
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    with logs[0].open("w") as first, logs[1].open("w") as second:
        processes = [
            start_ingest(migrated_sqlite, pages, first, workers=2),
            start_ingest(migrated_sqlite, pages, second, workers=2),
        ]
        codes = [process.wait(timeout=120) for process in processes]
    output = "\n".join(log.read_text() for log in logs)
    assert codes == [0, 0], output
    assert "database is locked" not in output
    manifest = read_manifest(pages)
    assert integrity(migrated_sqlite, manifest) == {
        "stored": 20,
        "expected": 20,
        "duplicates": 0,
        "missing_photos": 0,
        "unknown": 0,
    }
