"""Shared fixtures: a local HTTP server with per-test routes (tests/local_server.py), fast fetching, the browser."""

import shutil

import pytest

# The browser fixtures, for every module that drives Chromium (one browser per session).
from tests.browser import browser, open_page  # noqa: F401
from tests.local_server import LocalServer


@pytest.fixture
def http_server():
    server = LocalServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def fast_fetch(settings):
    """Short timeouts and no waiting between retries, so network failures test fast."""
    settings.NEWSROOM_FETCH_TIMEOUT = 0.5
    settings.NEWSROOM_FETCH_RETRIES = 1
    return settings


@pytest.fixture(autouse=True)
def fresh_search_minute_reads():
    """Each test's searches read their own documents' floors and commonest terms (articles.search.postgresql
    keeps them a minute)."""
    from articles.search import postgresql

    postgresql._READ_THIS_MINUTE.clear()


@pytest.fixture(scope="module")
def migrated_sqlite_template(tmp_path_factory):
    """A migrated SQLite file, copied by each test of a module (migrating once saves seconds)."""
    from bench.databases import create_database, sqlite_url

    path = tmp_path_factory.mktemp("migrated") / "template.sqlite3"
    create_database(sqlite_url(path))
    return path


@pytest.fixture
def migrated_sqlite(migrated_sqlite_template, tmp_path):
    """The URL of a migrated SQLite file of the test's own, for processes the test starts (production settings)."""
    from bench.databases import sqlite_url

    path = tmp_path / "newsroom.sqlite3"
    shutil.copyfile(migrated_sqlite_template, path)
    return sqlite_url(path)
