"""A server's workers keep their SQLite connection between requests (settings: CONN_MAX_AGE), and still
read what other processes write: the next search finds an article just ingested, and writers queue
beside the readers instead of failing.

gunicorn with production settings (tests.production_settings), `manage.py ingest` or `db_worker`
(tests.test_stuck_jobs' admin import) in another process, on a SQLite file in tmp_path.
"""

import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode

import dj_database_url
import pytest
from django.conf import settings

from bench.pages import write_pages
from bench.processes import Gunicorn, get, production_env
from bench.synthetic import generate
from tests.import_jobs import create_job, job_row, start_worker

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "fork"), reason="extraction runs in forked processes (POSIX only)"),
    pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="a worker's open files are read from /proc"),
]


PAGES = 12


def file_of(url):
    return Path(dj_database_url.parse(url)["NAME"])


def served(url, logdir, workers):
    """gunicorn on the database at `url`, every search searched (no page cache)."""
    env = {"DJANGO_SETTINGS_MODULE": "tests.production_settings", "NEWSROOM_PAGE_CACHE_SECONDS": 0}
    return Gunicorn(url, logdir, workers=workers, env=env)


def ingest(url, pages):
    return subprocess.run(
        [sys.executable, "manage.py", "ingest", str(pages), "--workers", "2"],
        cwd=settings.BASE_DIR,
        env=production_env(url, NEWSROOM_PHOTOS_DOWNLOAD=0),
        capture_output=True,
        text=True,
        timeout=180,
    )


def search_for_title(seed):
    """The search for the first synthetic page's title (its first four words, as a phrase) of `seed`."""
    title = next(generate(1, seed=seed)).title
    return "/recherche/?" + urlencode({"q": '"' + " ".join(re.findall(r"\w+", title)[:4]) + '"'})


def found(server, path):
    status, body = get(server.base + path, timeout=60)
    assert status == 200
    page = body.decode()
    assert 'class="search-summary"' in page
    return "Aucun résultat" not in page


def holds_open(pid, url):
    """Whether process `pid` has the SQLite file at `url` open now."""
    fds, path = Path(f"/proc/{pid}/fd"), str(file_of(url).resolve())
    return any(os.path.realpath(fds / fd) == path for fd in os.listdir(fds))


def test_a_worker_keeps_its_database_open_and_its_next_search_finds_what_another_process_wrote(
    migrated_sqlite, tmp_path
):
    write_pages(tmp_path / "pages", 3, seed=16)
    search = search_for_title(16)
    with served(migrated_sqlite, tmp_path, workers=1) as server:
        assert not found(server, search)
        (worker,) = server.workers()
        assert holds_open(worker, migrated_sqlite), "the worker closed its connection after the request"

        written = ingest(migrated_sqlite, tmp_path / "pages")
        assert written.returncode == 0, written.stdout + written.stderr
        assert "created 3" in written.stdout + written.stderr

        # The same worker, its connection kept from the search before the write: the article is there.
        assert holds_open(worker, migrated_sqlite)
        assert found(server, search)
        assert server.workers() == [worker]
        assert server.server_errors() == 0


def test_an_admin_import_by_db_worker_writes_every_page_while_gunicorn_serves_searches(migrated_sqlite, tmp_path):
    # `make run`'s pair: gunicorn's two workers reading on kept connections, db_worker writing beside them.
    url = migrated_sqlite
    job = create_job(url, PAGES)
    searches = ["/recherche/?q=sommet", "/recherche/?q=gouvernement", "/recherche/?q=article&tri=date", "/"]
    statuses, stop = [], threading.Event()

    def read():
        while not stop.is_set():
            for path in searches:
                try:
                    statuses.append(get(server.base + path, timeout=60)[0])
                except HTTPError as error:
                    statuses.append(error.code)

    with served(migrated_sqlite, tmp_path, workers=2) as server:
        assert not found(server, searches[0])
        reader = threading.Thread(target=read)
        reader.start()
        try:
            with (tmp_path / "worker.log").open("w") as log:
                assert start_worker(url, log, "--batch").wait(timeout=300) == 0
        finally:
            stop.set()
            reader.join()
        output = (tmp_path / "worker.log").read_text() + server.error_log.read_text()
        assert "database is locked" not in output
        assert job_row(url, job)[:4] == ("done", PAGES, PAGES, "")
        assert len(statuses) >= len(searches) and set(statuses) == {200}
        # The workers read on after the import: whichever answers finds its articles.
        assert all(found(server, searches[0]) for _ in range(6))
        assert any(holds_open(worker, migrated_sqlite) for worker in server.workers())
        assert server.server_errors() == 0
