"""`manage.py loadtest SCENARIO`: faults under load — an ingest beside readers, kill -9 an ingest, kill a worker.

Each scenario starts from a fresh database of its own (a SQLite file in a temporary directory,
or the PostgreSQL database newsroom_faults, dropped at the end), filled with synthetic articles
for the readers, and ingests synthetic pages rendered locally (bench.pages). Traffic
goes only to 127.0.0.1 and every load is bounded in time. See docs/BENCHMARKS.md, "Load and faults".
"""

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.pipeline.results import CREATED
from bench.databases import create_database, drop_database, integrity, query, reader_paths, sqlite_url
from bench.load import Load, wrk
from bench.pages import PAGES_SITE, read_manifest, write_pages
from bench.processes import Gunicorn, manage, measure, production_env

SCENARIOS = ("ingest-under-load", "kill-ingest", "kill-worker")
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/newsroom_faults"
LOCKED = "database is locked"


def stored_count(url):
    return query(url, "SELECT COUNT(*) FROM articles_article WHERE canonical_url LIKE ?", (PAGES_SITE + "/%",))[0][0]


class Background(threading.Thread):
    """wrk in a thread, in windows of 10 s, until `seconds` have passed and `until()` is true (bounded)."""

    WINDOW = 10

    def __init__(self, base, paths, seconds, until=lambda: True, limit=1800):
        super().__init__(daemon=True)
        self.base, self.paths, self.seconds, self.until, self.limit = base, paths, seconds, until, limit
        self.windows, self.error, self.elapsed = [], None, 0.0

    def run(self):
        started = time.monotonic()
        try:
            while True:
                self.elapsed = time.monotonic() - started
                left = self.seconds - self.elapsed
                if (left <= 0 and self.until()) or self.elapsed > self.limit:
                    break
                window = max(2, min(self.WINDOW, round(left))) if left > 0 else self.WINDOW
                self.windows.append(wrk(self.base, self.paths, seconds=window))
        except Exception as error:  # reported by the scenario
            self.error = error
        self.elapsed = time.monotonic() - started

    @property
    def result(self):
        """The windows added up: p50 is their median, p99 their worst."""
        if not self.windows:
            return None
        return Load(
            requests=sum(w.requests for w in self.windows),
            rps=sum(w.requests for w in self.windows) / max(self.elapsed, 1e-9),
            p50_ms=statistics.median(w.p50_ms for w in self.windows),
            p99_ms=max(w.p99_ms for w in self.windows),
            non_2xx=sum(w.non_2xx for w in self.windows),
            socket_errors=sum(w.socket_errors for w in self.windows),
        )


class Command(BaseCommand):
    help = "Fault scenarios under load: " + ", ".join(SCENARIOS) + " (or all)."

    def add_arguments(self, parser):
        parser.add_argument("scenario", choices=[*SCENARIOS, "all"])
        parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
        parser.add_argument(
            "--postgres-url", default=POSTGRES_URL, help=f"a database named newsroom_* ({POSTGRES_URL})"
        )
        parser.add_argument("--pages", type=int, default=500, help="pages ingested (500)")
        parser.add_argument("--seconds", type=int, default=60, help="read load beside the ingest (60)")
        parser.add_argument("--articles", type=int, default=2000, help="synthetic articles the readers read (2,000)")

    def handle(self, *args, scenario, database, postgres_url, pages, seconds, articles, **options):
        if not shutil.which("wrk") and scenario != "kill-ingest":
            raise CommandError("wrk is needed (Debian: apt-get install wrk)")
        root = Path(tempfile.mkdtemp(prefix="newsroom-loadtest-"))
        url = postgres_url if database == "postgresql" else sqlite_url(root / "faults.sqlite3")
        self.label = "PostgreSQL" if database == "postgresql" else "SQLite (WAL)"
        self.pages_dir = root / "pages"
        write_pages(self.pages_dir, pages, seed=7)
        self.manifest = read_manifest(self.pages_dir)
        try:
            manage("collectstatic", "--noinput", "-v0", url=url)
            for name in SCENARIOS if scenario == "all" else [scenario]:
                self.stderr.write(f"{name} on {self.label}: a fresh database with {articles:,} articles…")
                create_database(url)
                manage("generate_articles", str(articles), url=url)
                getattr(self, name.replace("-", "_"))(url, root, seconds)
        finally:
            drop_database(url)
            shutil.rmtree(root, ignore_errors=True)

    def table(self, title, rows):
        self.stdout.write(f"\n{title}\n\n| check | result |\n|---|---|")
        for check, result in rows:
            self.stdout.write(f"| {check} | {result} |")

    def ingest_args(self, workers=2):
        return ["ingest", str(self.pages_dir), "--workers", str(workers)]

    def ingest_under_load(self, url, root, seconds):
        paths = reader_paths(url, articles=20)
        mix = ["/", paths["section"], *paths["articles"], "/recherche/?q=diplomatie", "/flux/atom/", "/healthz"]
        ingesting = threading.Event()
        with Gunicorn(url, root) as server:
            load = Background(server.base, mix, seconds, until=lambda: not ingesting.is_set())
            load.start()
            time.sleep(2)
            ingesting.set()
            run = measure(self.ingest_args(), url=url)
            ingesting.clear()
            load.join(1900)
            errors_5xx = server.server_errors()
            locked = server.log_count(LOCKED)
        if load.error or load.result is None:
            raise CommandError(f"wrk failed: {load.error}")
        check = integrity(url, self.manifest)
        summary = _counts(run.stdout)
        self.table(
            f"Ingest of {len(self.manifest)} pages (`ingest --workers 2`) during a {seconds} s read load, "
            f"gunicorn 2 workers, {self.label}",
            [
                ("reader requests (wrk, 4 connections)", f"{load.result.requests:,} ({load.result.rps:.0f} req/s)"),
                ("reader p50 / p99", f"{load.result.p50_ms:.0f} ms / {load.result.p99_ms:.0f} ms"),
                ("non-2xx/3xx + socket errors (wrk)", f"{load.result.non_2xx} + {load.result.socket_errors}"),
                ("5xx in the access log", errors_5xx),
                ("ingest", f"exit {run.returncode}, {run.seconds:.0f} s, {summary}"),
                ("read load", f"{load.elapsed:.0f} s (at least {seconds} s, and until the ingest ended)"),
                (f'"{LOCKED}" (ingest output + gunicorn log)', (run.stdout + run.stderr).count(LOCKED) + locked),
                ("articles stored / expected", f"{check['stored']} / {check['expected']}"),
                ("duplicate canonical URLs", check["duplicates"]),
                ("articles missing photos their page had", check["missing_photos"]),
            ],
        )

    def kill_ingest(self, url, root, seconds):
        total = len(self.manifest)
        with (root / "killed.out").open("w") as out:
            process = subprocess.Popen(  # noqa: S603 (our own interpreter and manage.py)
                [sys.executable, "manage.py", *self.ingest_args()],
                cwd=settings.BASE_DIR,
                env=production_env(url),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            deadline = time.monotonic() + 600
            while stored_count(url) < total // 2 and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
        if process.returncode != -signal.SIGKILL:
            raise CommandError(f"the ingest ended before it was killed ({process.returncode})")
        at_kill = integrity(url, self.manifest)
        rerun = measure(self.ingest_args(), url=url)
        after = integrity(url, self.manifest)
        summary = _counts(rerun.stdout)
        self.table(
            f"`kill -9` of `ingest --workers 2` half-way through {total} pages, then the same command again, "
            f"{self.label}",
            [
                ("stored when killed", f"{at_kill['stored']} / {total}"),
                (
                    "when killed: duplicates / articles missing photos",
                    f"{at_kill['duplicates']} / {at_kill['missing_photos']}",
                ),
                ("second run", f"exit {rerun.returncode}, {summary}"),
                ("stored after the second run", f"{after['stored']} / {total}"),
                ("duplicate canonical URLs (COUNT per canonical_url > 1)", after["duplicates"]),
                ("articles whose page had a figure but with fewer Photos", after["missing_photos"]),
            ],
        )

    def kill_worker(self, url, root, seconds):
        paths = reader_paths(url, articles=20)
        mix = ["/", paths["section"], *paths["articles"], "/healthz"]
        phase = max(10, seconds // 3)
        with Gunicorn(url, root) as server:
            before = server.workers()
            during = Background(server.base, mix, phase)
            during.start()
            time.sleep(phase / 3)
            killed = before[0]
            os.kill(killed, signal.SIGKILL)
            during.join(phase + 90)
            time.sleep(1)
            respawned = server.workers()
            after = wrk(server.base, mix, seconds=phase)
            errors_5xx = server.server_errors()
        if during.error or during.result is None:
            raise CommandError(f"wrk failed: {during.error}")
        self.table(
            f"`kill -9` of one of 2 gunicorn workers under load (wrk, 4 connections, {phase} s during, "
            f"{phase} s after), {self.label}",
            [
                ("workers before / after", f"{len(before)} / {len(respawned)} (killed {killed}, now {respawned})"),
                ("requests during (kill at 1/3)", f"{during.result.requests:,}"),
                ("errors during (non-2xx/3xx + socket)", f"{during.result.non_2xx} + {during.result.socket_errors}"),
                ("requests after", f"{after.requests:,}"),
                ("errors after", f"{after.non_2xx} + {after.socket_errors}"),
                ("5xx in the access log", errors_5xx),
            ],
        )


def _counts(stdout):
    """The ingest's closing counts (« created N, updated N, … »), not the photos' line printed after them."""
    lines = [line for line in stdout.splitlines() if line.startswith(f"{CREATED} ")]
    return lines[-1] if lines else "?"
