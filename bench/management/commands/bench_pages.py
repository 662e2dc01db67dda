"""`manage.py bench_pages`: the reader's pages under wrk, served by gunicorn (2 workers), beside /healthz.

Production settings (DEBUG off, a secret key, collected static files), a database of its own
filled by `generate_articles` (a SQLite file under /tmp, or a PostgreSQL database named
newsroom_*), traffic only to 127.0.0.1, each load bounded in time. /healthz — one SELECT 1 —
is measured first and last in the same run: every page is reported as a share of its rate,
because these machines are noisy. See docs/BENCHMARKS.md, "Pages".
"""

import shutil
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bench.databases import (
    create_database,
    database_exists,
    drop_database,
    is_postgresql,
    query,
    reader_paths,
    sqlite_url,
)
from bench.load import wrk
from bench.processes import Gunicorn, get, manage
from bench.synthetic import BASE_URL

SEARCHES = ["/recherche/?q=diplomatie", "/recherche/?q=s%C3%A9curit%C3%A9", "/recherche/?q=crise+%C3%A9conomique"]
TARGET = 0.5  # home and article pages: at least half of /healthz's rate
TARGETED = ("home", "article")


def prepare(url, articles, log):
    """The database at `url` holding exactly `articles` synthetic articles (reused when it already does)."""
    if database_exists(url):
        try:
            count = query(url, "SELECT COUNT(*) FROM articles_article WHERE canonical_url LIKE ?", (BASE_URL + "/%",))
        except Exception:  # an empty or foreign database: start again
            count = [(-1,)]
        if count[0][0] == articles:
            log(f"reusing {url} ({articles:,} articles)")
            manage("migrate", "--noinput", "-v0", url=url)  # the schema of the code measured
            return
    log(f"creating {url} with {articles:,} articles (generate_articles)…")
    create_database(url)
    manage("generate_articles", str(articles), url=url, timeout=3 * 3600)


class Command(BaseCommand):
    help = "Requests per second and latency of the reader's pages under gunicorn (2 workers), beside /healthz."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000, help="synthetic articles in the database (10,000)")
        parser.add_argument(
            "--database-url",
            help="postgres://…/newsroom_pages (created, and dropped unless --keep) or sqlite:////tmp/….sqlite3; "
            "default: a SQLite file /tmp/newsroom_pages_N.sqlite3, kept for the next run",
        )
        parser.add_argument("--seconds", type=int, default=10, help="load per URL (10)")
        parser.add_argument("--connections", type=int, default=4, help="wrk connections (4)")
        parser.add_argument("--keep", action="store_true", help="keep a PostgreSQL database afterwards")

    def handle(self, *args, articles, database_url, seconds, connections, keep, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is needed: apt-get install wrk (Debian, Ubuntu) or brew install wrk (macOS)")
        url = database_url or sqlite_url(Path(tempfile.gettempdir()) / f"newsroom_pages_{articles}.sqlite3")
        log = self.stderr.write
        prepare(url, articles, log)
        try:
            self.run(url, articles, seconds, connections, log)
        finally:
            if is_postgresql(url) and not keep:
                drop_database(url)

    def run(self, url, articles, seconds, connections, log):
        manage("collectstatic", "--noinput", "-v0", url=url)
        paths = reader_paths(url)
        urls = [
            ("healthz", ["/healthz"]),
            ("home", ["/"]),
            ("section", [paths["section"]]),
            ("article", paths["articles"]),
            ("search", SEARCHES),
            ("feed", ["/flux/atom/"]),
            ("healthz (again)", ["/healthz"]),
        ]
        logdir = Path(tempfile.mkdtemp(prefix="newsroom-bench-pages-"))
        try:
            with Gunicorn(url, logdir) as server:
                for _, targets in urls:  # warm-up: templates, connections, the OS's file cache
                    for path in targets[:3]:
                        status, _ = get(server.base + path, timeout=60)
                        if status != 200:
                            raise CommandError(f"{path} answered {status}")
                results = []
                for name, targets in urls:
                    log(f"  {name}: {len(targets)} URL(s), {seconds} s…")
                    results.append((name, targets, wrk(server.base, targets, seconds=seconds, connections=connections)))
                server_errors = server.server_errors()
        finally:
            shutil.rmtree(logdir, ignore_errors=True)

        baseline = (results[0][2].rps + results[-1][2].rps) / 2
        database = "PostgreSQL" if is_postgresql(url) else "SQLite (WAL)"
        self.stdout.write(
            f"\n{database}, {articles:,} articles, gunicorn 2 sync workers, wrk 1 thread × {connections} "
            f"connections, {seconds} s per URL; /healthz rate = mean of first and last run = {baseline:.0f} req/s\n\n"
        )
        self.stdout.write("| page | URL | req/s | × /healthz | p50 ms | p99 ms | errors |")
        self.stdout.write("|---|---|---:|---:|---:|---:|---:|")
        for name, targets, load in results:
            shown = targets[0] if len(targets) == 1 else f"{len(targets)} URLs in turn, e.g. `{targets[0]}`"
            if len(targets) == 1:
                shown = f"`{shown}`"
            ratio = load.rps / baseline
            mark = " ✗" if name in TARGETED and ratio < TARGET else ""
            self.stdout.write(
                f"| {name} | {shown} | {load.rps:.0f} | {ratio:.2f}{mark} | {load.p50_ms:.1f} | {load.p99_ms:.1f} "
                f"| {load.errors} |"
            )
        self.stdout.write(f"\n5xx in gunicorn's access log: {server_errors}.")
