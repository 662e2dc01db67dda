"""Helpers of the benchmark and fault commands: synthetic HTML pages, throwaway databases, gunicorn, wrk.

Everything here runs Newsroom the way production does — `manage.py` and gunicorn in their own
processes, with production settings — against a database of its own under /tmp or a PostgreSQL
database named newsroom_*, and sends traffic only to 127.0.0.1.
"""

import html
import json
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.conf import settings
from django.utils.text import slugify

from bench.synthetic import generate

PAGES_SITE = "https://pages.newsroom.example"
MANIFEST = "manifest.json"
NAV = ["Liban", "Diplomatie", "Moyen-Orient", "Économie", "Monde", "Culture", "Sport"]


# --- Synthetic pages: what a news site serves, rendered from bench.synthetic -------------------


def render_page(draft, number):
    """One article page as a news site serves it: header and nav, the article with its figures, aside, footer."""
    e = html.escape
    url = f"{PAGES_SITE}/{slugify(draft.section)}/{number}-{slugify(draft.title)[:80]}.html"
    when = draft.published_at.isoformat(timespec="seconds")
    figures = "\n".join(
        f'<figure class="photo"><img src="{PAGES_SITE}/images/{number}-{i}.jpg" alt="{e(photo.caption[:120])}" '
        f'width="1200" height="800"><figcaption>{e(photo.caption)} {e(photo.credit)}</figcaption></figure>'
        for i, photo in enumerate(draft.photos)
    )
    nav = "".join(f'<li><a href="{PAGES_SITE}/{slugify(name)}/">{e(name)}</a></li>' for name in NAV)
    byline = " et ".join(f'<a rel="author" href="{PAGES_SITE}/auteur/{slugify(a)}">{e(a)}</a>' for a in draft.authors)
    page = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>{e(draft.title)} - Le Quotidien synthétique</title>
<link rel="canonical" href="{url}">
<meta property="og:type" content="article"><meta property="og:site_name" content="Le Quotidien synthétique">
<meta property="og:title" content="{e(draft.title)}"><meta property="og:url" content="{url}">
<meta property="article:published_time" content="{when}"><meta property="article:section" content="{e(draft.section)}">
</head><body>
<header class="site-header"><a class="logo" href="{PAGES_SITE}/">Le Quotidien synthétique</a>
<form role="search" action="{PAGES_SITE}/recherche"><input type="search" name="q"></form>
<nav class="main-nav"><ul>{nav}</ul></nav></header>
<main><article class="article">
<header><p class="kicker">{e(draft.section)}</p><h1>{e(draft.title)}</h1>
<p class="byline">Par {byline}, <time datetime="{when}">{draft.published_at:%d/%m/%Y %H:%M}</time></p></header>
{figures}
<p class="chapo">{e(draft.lead)}</p>
<div class="article-body">
{draft.body_html}
</div>
<footer class="article-footer"><ul class="share"><li><a href="https://x.example/share?u={url}">X</a></li>
<li><a href="https://facebook.example/share?u={url}">Facebook</a></li></ul></footer>
</article>
<aside class="sidebar"><section class="related"><h2>Lire aussi</h2><ul>
<li><a href="{PAGES_SITE}/monde/{number + 1}-suite.html">Les dernières informations de la journée</a></li>
<li><a href="{PAGES_SITE}/liban/{number + 2}-autre.html">Le point sur la situation ce soir</a></li></ul></section>
<section class="newsletter"><h2>La newsletter du matin</h2><p>Recevez l'essentiel chaque matin.</p></section>
</aside></main>
<footer class="site-footer"><a href="{PAGES_SITE}/contact">Contact</a>
<a href="{PAGES_SITE}/mentions-legales">Mentions légales</a><p>© Le Quotidien synthétique.</p></footer>
</body></html>
"""
    return url, page


def write_pages(directory, count, *, seed=0):
    """`count` pages in `directory` (00001.html…) and a manifest {canonical URL: photo count}; the paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    manifest, paths = {}, []
    for number, draft in enumerate(generate(count, seed=seed), start=1):
        url, page = render_page(draft, number)
        path = directory / f"{number:06d}.html"
        path.write_text(page, encoding="utf-8")
        manifest[url] = len(draft.photos)
        paths.append(path)
    (directory / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return paths


def read_manifest(directory):
    return json.loads((Path(directory) / MANIFEST).read_text(encoding="utf-8"))


# --- Databases: a SQLite file under /tmp or a PostgreSQL database named newsroom_* ----------------


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


# --- Processes: manage.py and gunicorn with production settings ------------------------------------


PRODUCTION_SETTINGS = "newsroom.settings"
BENCH_SETTINGS = "newsroom.settings_bench"  # production's, plus this app's commands (generate_articles)


def production_env(url, settings_module=PRODUCTION_SETTINGS, **extra):
    """The environment of a production process on the benchmark database (DEBUG off, a secret key)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        DJANGO_SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        DATABASE_URL=url,
        PYTHONUNBUFFERED="1",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(*args, url, check=True, timeout=3600, **popen):
    """Run `manage.py ARGS` on the benchmark database, with the benchmark settings; the CompletedProcess."""
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=production_env(url, BENCH_SETTINGS),
        check=check,
        timeout=timeout,
        capture_output=True,
        text=True,
        **popen,
    )


@dataclass
class Measured:
    seconds: float
    max_rss_mb: float
    returncode: int
    stdout: str
    stderr: str
    missing_photos: int = 0


def measure(args, *, url, timeout=3600):
    """Run `manage.py ARGS`; wall time and peak RSS of it and its children (wait4 on that one process)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and manage.py)
            [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=production_env(url), stdout=out, stderr=err
        )
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        # ru_maxrss is in KiB on Linux; wait4 reports the largest of the process and its waited-for children.
        return Measured(seconds, usage.ru_maxrss / 1024, process.returncode, out.read(), err.read())


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """gunicorn -c newsroom/gunicorn_conf.py newsroom.wsgi on 127.0.0.1, with its logs in `logdir`."""

    def __init__(self, url, logdir, *, workers=2):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.access_log = Path(logdir) / f"access-{self.port}.log"
        self.error_log = Path(logdir) / f"gunicorn-{self.port}.log"
        self.env = production_env(
            url,
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            GUNICORN_WORKERS=workers,
            GUNICORN_ACCESS_LOG=self.access_log,
            # Every server starts with an empty article cache of its own (settings.CACHES).
            NEWSROOM_ARTICLE_CACHE_DIR=Path(logdir) / f"article-cache-{self.port}",
        )
        self.process = None

    def __enter__(self):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self._log = self.error_log.open("w")
        self.process = subprocess.Popen(  # noqa: S603 (the venv's gunicorn)
            [str(gunicorn), "-c", "newsroom/gunicorn_conf.py", "newsroom.wsgi"],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.error_log.read_text()[-2000:]}")
            with suppress(OSError):
                if get(self.base + "/healthz")[0] == 200:
                    return self
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def workers(self):
        """The pids of the worker processes (the master's children)."""
        pid = self.process.pid
        with suppress(OSError):
            return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        return []

    def server_errors(self):
        """Responses with a 5xx status in the access log."""
        if not self.access_log.exists():
            return 0
        # gunicorn's default access format: ... "GET /path HTTP/1.1" STATUS BYTES ...
        return len(re.findall(r'" 5\d\d ', self.access_log.read_text(errors="replace")))

    def log_count(self, text):
        return self.error_log.read_text(errors="replace").count(text)


def get(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (127.0.0.1 only)
        return response.status, response.read()


# --- Load: wrk, bounded in time ---------------------------------------------------------------------

WRK = shutil.which("wrk") or "wrk"
WRK_LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


@dataclass
class Load:
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int

    @property
    def errors(self):
        return self.non_2xx + self.socket_errors


def wrk(base, paths, *, seconds=10, connections=4):
    """Load `base` with GETs of `paths` in turn for `seconds` (wrk, one thread); a Load."""
    if not paths or not all(p.startswith("/") for p in paths):
        raise ValueError("paths must start with /")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_LUA % ", ".join(json.dumps(p) for p in paths))
    try:
        command = [WRK, "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
        done = subprocess.run(  # noqa: S603 (wrk on 127.0.0.1)
            [*command, "-s", script.name, base],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        )
    finally:
        os.unlink(script.name)
    return parse_wrk(done.stdout)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(output):
    def found(pattern, default="0"):
        match = re.search(pattern, output)
        return match.group(1) if match else default

    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return Load(
        requests=int(found(r"(\d+) requests in")),
        rps=float(found(r"Requests/sec:\s+([\d.]+)")),
        p50_ms=_ms(found(r"50%\s+([\d.]+\w+)", "0ms")),
        p99_ms=_ms(found(r"99%\s+([\d.]+\w+)", "0ms")),
        non_2xx=int(found(r"Non-2xx or 3xx responses: (\d+)")),
        socket_errors=sum(int(n) for n in socket.groups()) if socket else 0,
    )


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
