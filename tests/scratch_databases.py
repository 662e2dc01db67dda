"""A throwaway database of the kind the suite runs on, for tests that start their own processes
(`manage.py migrate`, `db_worker`): a SQLite file in tmp_path, or a PostgreSQL database named
newsroom_test_* on the suite's server, dropped afterwards."""

import contextlib
import secrets
import sqlite3
import subprocess
import sys
from urllib.parse import quote, urlsplit

import dj_database_url
from django.conf import settings
from django.db import connection

from tests.subprocesses import ROOT, clean_environ


@contextlib.contextmanager
def scratch_database(tmp_path):
    """Yield the DATABASE_URL of an empty database, created for the test."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    name = f"newsroom_test_{secrets.token_hex(4)}"
    url = _postgresql_url(name)
    _admin(url, f'CREATE DATABASE "{name}"')
    try:
        yield url
    finally:
        _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_environ(database_url, **env):
    """A production process's environment (DEBUG off, a secret key) on `database_url` (tests.production_settings)."""
    return clean_environ(
        DJANGO_SETTINGS_MODULE="tests.production_settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        PYTHONUNBUFFERED="1",
        **{key: str(value) for key, value in env.items()},
    )


def manage(database_url, *args, timeout=300, **env):
    """`manage.py ARGS` in a production process on `database_url`; the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=production_environ(database_url, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def query(database_url, sql, params=()):
    """The rows of one query on `database_url`, from outside Django (`%s` placeholders)."""
    if database_url.startswith("sqlite"):
        path = dj_database_url.parse(database_url)["NAME"]
        with contextlib.closing(sqlite3.connect(path, timeout=30)) as connection:
            return connection.execute(sql.replace("%s", "?"), params).fetchall()
    import psycopg

    with psycopg.connect(database_url) as connection:
        return connection.execute(sql, params).fetchall()


def _postgresql_url(name):
    db = settings.DATABASES["default"]
    credentials = quote(db["USER"] or "postgres", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _admin(url, statement):
    import psycopg

    with psycopg.connect(urlsplit(url)._replace(path="/postgres").geturl(), autocommit=True) as admin:
        admin.execute(statement)
