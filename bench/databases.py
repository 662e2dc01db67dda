"""Throwaway benchmark databases: a SQLite file under /tmp or a PostgreSQL database named newsroom_*."""

import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

from bench.pages import PAGES_SITE
from bench.processes import manage


def sqlite_url(path):
    return f"sqlite:///{Path(path).resolve()}"


def is_postgresql(url):
    return url.startswith(("postgres://", "postgresql://"))


def _pg_name(url):
    name = urlsplit(url).path.lstrip("/")
    # Never anyone else's database: the test suites use `test`/`test_test`, a deployment `newsroom`.
    if not name.startswith("newsroom_"):
        raise ValueError(f"refusing to create or drop {name!r}: benchmark databases are named newsroom_*")
    return name


def _pg_admin(url, statement):
    import psycopg

    admin = urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(statement)


def create_database(url):
    """An empty database at `url`, migrated, with the cache table (a PostgreSQL one is created first)."""
    if is_postgresql(url):
        name = _pg_name(url)
        _pg_admin(url, f'DROP DATABASE IF EXISTS "{name}"')
        _pg_admin(url, f'CREATE DATABASE "{name}"')
    else:
        path = Path(dj_database_url.parse(url)["NAME"])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    manage("migrate", "--noinput", "-v0", url=url)
    manage("createcachetable", url=url)


def drop_database(url):
    if is_postgresql(url):
        _pg_admin(url, f'DROP DATABASE IF EXISTS "{_pg_name(url)}" WITH (FORCE)')
    else:
        path = dj_database_url.parse(url)["NAME"]
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def database_exists(url):
    if is_postgresql(url):
        try:
            query(url, "SELECT 1")
        except Exception:  # psycopg.OperationalError: no such database
            return False
        return True
    return Path(dj_database_url.parse(url)["NAME"]).is_file()


def query(url, sql, params=()):
    """Rows of one read query on the benchmark database, outside Django (its own connection)."""
    if is_postgresql(url):
        import psycopg

        with psycopg.connect(url) as connection:
            return connection.execute(sql.replace("?", "%s"), params).fetchall()
    connection = sqlite3.connect(dj_database_url.parse(url)["NAME"], timeout=30)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def integrity(url, manifest):
    """What the fault tests check: stored pages, duplicate canonical URLs, articles missing photos."""
    rows = query(
        url,
        "SELECT a.canonical_url, COUNT(p.id) FROM articles_article a "
        "LEFT JOIN articles_photo p ON p.article_id = a.id WHERE a.canonical_url LIKE ? GROUP BY a.id, a.canonical_url",
        (PAGES_SITE + "/%",),
    )
    stored = {}
    for canonical_url, photos in rows:
        stored.setdefault(canonical_url, []).append(photos)
    return {
        "stored": len(stored),
        "expected": len(manifest),
        "duplicates": sum(len(counts) - 1 for counts in stored.values()),
        # Every figure of the page is a Photo: an article with fewer was written without its photos.
        "missing_photos": sum(1 for u, counts in stored.items() if any(n < manifest.get(u, 0) for n in counts)),
        "unknown": sum(1 for u in stored if u not in manifest),
    }


def reader_paths(url, *, articles=200, seed=0):
    """Paths of the reader on the benchmark database: a big section, `articles` article pages, search words."""
    section = query(
        url,
        "SELECT s.slug FROM articles_section s JOIN articles_article a ON a.section_id = s.id "
        "GROUP BY s.id, s.slug ORDER BY COUNT(*) DESC LIMIT 1",
    )
    total = query(url, "SELECT COUNT(*) FROM articles_article")[0][0]
    step = max(1, total // max(articles, 1))
    rows = query(url, "SELECT id, slug FROM articles_article ORDER BY id")[::step][:articles]
    return {
        "section": f"/rubrique/{section[0][0]}/" if section else "/",
        "articles": [f"/article/{pk}-{slug}/" for pk, slug in rows],
    }
