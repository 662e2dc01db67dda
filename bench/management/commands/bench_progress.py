"""`manage.py bench_progress`: the cost of one progress report of an import, before and after the results
table (issue 18), at 1,000 / 10,000 / 100,000 results, on SQLite and PostgreSQL in one run (bench.progress).

Each database is made for the run (a SQLite file, a PostgreSQL database named newsroom_*), migrated,
measured by this command in a process of its own on it (`--here`), then dropped.
"""

import json
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand

from bench.databases import create_database, drop_database, sqlite_url
from bench.processes import manage
from bench.progress import measure

DEFAULT_SQLITE = str(Path(tempfile.gettempdir()) / "newsroom_bench_progress.sqlite3")
DEFAULT_POSTGRESQL = "postgres://postgres@127.0.0.1:5432/newsroom_bench_progress"


class Command(BaseCommand):
    help = "One import progress report's cost, before/after the results table, at N results, on both databases."

    def add_arguments(self, parser):
        parser.add_argument("--results", default="1000,10000,100000", help="results already in the job (list)")
        parser.add_argument("--report", type=int, default=20, help="results a report adds (20, as before)")
        parser.add_argument("--repeat", type=int, default=7, help="reports timed at each size (median)")
        parser.add_argument("--sqlite", default=DEFAULT_SQLITE, help=f"the SQLite file ({DEFAULT_SQLITE})")
        parser.add_argument("--postgresql", default=DEFAULT_POSTGRESQL, help="the PostgreSQL URL ('' to skip)")
        parser.add_argument("--here", action="store_true", help="(internal) measure on the configured database")

    def handle(self, *args, results, report, repeat, sqlite, postgresql, here, **options):
        sizes = [int(size) for size in results.split(",") if size]
        if here:
            self.stdout.write(json.dumps(measure(sizes, report=report, repeat=repeat)))
            return
        self.stdout.write(f"One report of {report} results, median of {repeat} (ms)\n")
        self.stdout.write(
            "| database | results in the job | before: JSON list rewritten | after: result rows | × "
            "| a transaction of one UPDATE | job page: counts + 50 failures | counts + 50 of all |"
        )
        self.stdout.write("|---|---:|---:|---:|---:|---:|---:|---:|")
        urls = [("SQLite", sqlite_url(Path(sqlite)))] + ([("PostgreSQL", postgresql)] if postgresql else [])
        for name, url in urls:
            create_database(url)
            try:
                child = manage(
                    "bench_progress",
                    "--here",
                    "--results",
                    results,
                    "--report",
                    str(report),
                    "--repeat",
                    str(repeat),
                    url=url,
                )
            finally:
                drop_database(url)
            for size, before, after, commit, failures, everything in json.loads(child.stdout.strip().splitlines()[-1]):
                self.stdout.write(
                    f"| {name} | {size:,} | {before:,.1f} | {after:,.1f} | {before / after:,.1f} | {commit:,.1f} "
                    f"| {failures:,.1f} | {everything:,.1f} |"
                )
