"""`manage.py bench_ingest`: ingest's pages per second beside bare trafilatura, and its peak memory by N pages.

The pages are rendered locally from bench.synthetic (no network) into a temporary directory;
each `manage.py ingest` runs in its own process, with production settings, on a fresh SQLite
database copied from a migrated template. --real DIR times real saved pages the same way (the
dev corpus, read in place, never copied); --db-workers 1,2 times one admin import worked by that
many `db_worker` processes on PostgreSQL (bench.queue). See docs/BENCHMARKS.md, "Ingestion".

Photos are not downloaded (NEWSROOM_PHOTOS_DOWNLOAD=0): that stage follows the writing, reads the
network, and a benchmark never reaches the web; their rows are written and checked all the same.
Beside wall time, each run reports CPU time (wait4: ingest and its extraction workers) and the
writing process's own, which a loaded machine does not distort the way it does wall time.
"""

import gzip
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import trafilatura
from django.core.management.base import BaseCommand, CommandError

from articles.extraction import decode_html
from articles.pipeline.inputs import local_pages
from bench.databases import create_database, integrity, query, sqlite_url
from bench.pages import read_manifest, write_pages
from bench.processes import measure
from bench.queue import timed_import

MEMORY_TARGET_MB = 300
NO_PHOTOS = {"NEWSROOM_PHOTOS_DOWNLOAD": "0"}


def int_list(value):
    return [int(part) for part in value.split(",") if part.strip()]


def bare_rates(paths):
    """(pages per second, CPU ms a page) of trafilatura.extract on the same files, in this process, with
    the metadata, images and formatting ingest asks for (the baseline of issue 18)."""
    pages = [decode_html(read_page(path)) for path in paths]
    for page in pages[:5]:  # warm-up: first-call imports and caches
        _bare(page)
    started, cpu = time.perf_counter(), time.process_time()
    for page in pages:
        _bare(page)
    return len(pages) / (time.perf_counter() - started), (time.process_time() - cpu) * 1000 / len(pages)


# One pass of bare trafilatura in an interpreter of its own: the imports are not timed, but every
# first-call cost is (dateparser's locales, trafilatura's caches), as a worker or a one-shot script pays it.
FRESH_BARE = """
import pickle, sys, time, trafilatura
pages = pickle.load(open(sys.argv[1], "rb"))
bare = lambda page: trafilatura.extract(page, with_metadata=True, include_images=True, include_formatting=True)
for page in pages[:5]:
    bare(page)
started, cpu = time.perf_counter(), time.process_time()
for page in pages:
    bare(page)
print(len(pages) / (time.perf_counter() - started), (time.process_time() - cpu) * 1000 / len(pages))
"""


def fresh_bare_rates(paths, root):
    """bare_rates() of one pass in a new interpreter: the baseline without the warm caches of earlier passes."""
    pages = root / "bare-pages.pickle"
    pages.write_bytes(pickle.dumps([decode_html(read_page(path)) for path in paths]))
    try:
        done = subprocess.run(  # noqa: S603 (our own interpreter)
            [sys.executable, "-c", FRESH_BARE, str(pages)], capture_output=True, text=True, check=True
        )
    finally:
        pages.unlink()
    rate, cpu = done.stdout.split()
    return float(rate), float(cpu)


def cpu_columns(run, pages, bare_cpu):
    """CPU ms a page (all processes), × bare in CPU, the writer's ms a page, and the ceiling of 2 workers
    on 2 free cores that these imply: 2 × max(worker, writer) / (worker + writer)."""
    total, writer = run.cpu_seconds * 1000 / pages, run.own_cpu_seconds * 1000 / pages
    worker = max(total - writer, 1e-9)
    ceiling = 2 * max(worker, writer) / (worker + writer)
    return f"{total:.0f} | {bare_cpu / total:.2f} | {writer:.1f} | {ceiling:.2f}"


RATIOS_HEADER = "× bare trafilatura | × fresh bare | × workers 1"
CPU_HEADER = "CPU ms/page | × bare (CPU) | writer CPU ms/page | 2-worker ceiling"


class Baselines:
    """Bare trafilatura on the ingests' pages, measured before and after them (the machine drifts), two ways:
    in this process (the issue's baseline: warm after its first pass) and one pass in a fresh interpreter
    (fresh_bare_rates: first-call costs included, as a worker pays them)."""

    def __init__(self, paths, root):
        self.paths, self.root, self.warm, self.fresh = paths, root, [], []

    def measure(self):
        self.warm.append(bare_rates(self.paths))
        self.fresh.append(fresh_bare_rates(self.paths, self.root))

    def means(self):
        """((rate, CPU ms) warm, (rate, CPU ms) fresh), each the mean of its measures."""
        return tuple(tuple(sum(v) / len(pairs) for v in zip(*pairs, strict=True)) for pairs in (self.warm, self.fresh))

    def rows(self, trailing):
        """The table's two baseline rows, `trailing` empty cells after the CPU columns."""
        (rate, cpu), (fresh_rate, fresh_cpu) = self.means()
        blank = " |" * trailing
        return [
            f"| bare `trafilatura.extract` (mean of 2) | {rate:.1f} | 1.00 | | | {cpu:.0f} | 1.00 | | |{blank}",
            f"| bare, fresh process (mean of 2) | {fresh_rate:.1f} | {fresh_rate / rate:.2f} | 1.00 | "
            f"| {fresh_cpu:.0f} | {cpu / fresh_cpu:.2f} | | |{blank}",
        ]

    def ratios(self, rate):
        """'× bare | × fresh bare' of an ingest's pages/s."""
        (warm, _), (fresh, _) = self.means()
        return f"{rate / warm:.2f} | {rate / fresh:.2f}"


def _bare(page):
    trafilatura.extract(page, with_metadata=True, include_images=True, include_formatting=True)


def read_page(path):
    return gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()


class Command(BaseCommand):
    help = "Benchmark `manage.py ingest` on local synthetic pages: pages/s against bare trafilatura, peak memory."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=300, help="pages timed for the throughput table (300)")
        parser.add_argument("--workers", type=int_list, default=[1, 2], help="comma-separated (1,2)")
        parser.add_argument(
            "--memory", type=int_list, default=[1000, 5000, 10000], help="page counts for peak memory (1000,5000,10000)"
        )
        parser.add_argument("--keep", help="write pages and databases in this directory and keep them")
        parser.add_argument("--real", help="also time real saved pages: a directory of them (e.g. the dev corpus)")
        parser.add_argument("--runs", type=int, default=1, help="times each throughput table is measured (1)")
        parser.add_argument(
            "--db-workers",
            type=int_list,
            default=[],
            help="PostgreSQL: one admin import of --queue-pages pages worked by these numbers of db_workers (e.g. 1,2)",
        )
        parser.add_argument("--queue-pages", type=int, default=1000, help="pages of that import (1000)")
        parser.add_argument(
            "--database-url",
            default="postgres://postgres@127.0.0.1:5432/newsroom_bench_queue",
            help="the PostgreSQL database (named newsroom_*) made and dropped for --db-workers",
        )

    def handle(self, *args, pages, workers, memory, keep, real, runs, db_workers, queue_pages, database_url, **options):
        if pages < 1 and not memory and not real and not db_workers:
            raise CommandError("nothing to measure")
        root = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="newsroom-bench-ingest-"))
        root.mkdir(parents=True, exist_ok=True)
        try:
            for _ in range(runs):
                if real:
                    self.throughput_real(root, Path(real), workers)
                if pages:
                    self.run(root, pages, workers, [])
            if memory:
                self.run(root, 0, workers, memory)
            if db_workers:
                self.queue(root, queue_pages, db_workers, database_url)
        finally:
            if not keep:
                shutil.rmtree(root, ignore_errors=True)

    def run(self, root, pages, workers, memory):
        count = max([pages, *memory])
        directory = root / "pages"
        started = time.perf_counter()
        paths = write_pages(directory, count)
        self.stderr.write(f"{count} pages written to {directory} in {time.perf_counter() - started:.0f} s")
        template = root / "template.sqlite3"
        create_database(sqlite_url(template))
        manifest = read_manifest(directory)

        def ingest(n, worker_count):
            database = root / f"ingest-{n}-{worker_count}.sqlite3"
            shutil.copyfile(template, database)
            url = sqlite_url(database)
            args = ["ingest", str(directory), "--limit", str(n), "--workers", str(worker_count)]
            run = measure(args, url=url, env=NO_PHOTOS)
            if run.returncode != 0:
                raise CommandError(f"ingest failed ({run.returncode}): {run.stderr[-2000:]}")
            expected = {u: manifest[u] for u in list(manifest)[:n]}
            check = integrity(url, expected)
            if check["stored"] != n or check["duplicates"]:
                raise CommandError(f"ingest of {n} pages stored something wrong: {check}")
            database.unlink()
            # Photos the extractor dropped are an extraction finding, not a reason to stop measuring.
            run.missing_photos = check["missing_photos"]
            return run

        if pages:
            bare = Baselines(paths[:pages], root)
            bare.measure()
            runs = {w: ingest(pages, w) for w in workers}
            bare.measure()
            bare_cpu = bare.means()[0][1]
            self.stdout.write(f"\nThroughput, {pages} pages (ingest wall time includes its process start):\n\n")
            self.stdout.write(f"| run | pages/s | {RATIOS_HEADER} | {CPU_HEADER} | missing photos |")
            self.stdout.write("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            self.stdout.write("\n".join(bare.rows(1)))
            first = None
            for w, run in runs.items():
                rate = pages / run.seconds
                first = first or rate
                self.stdout.write(
                    f"| `ingest --workers {w}` | {rate:.1f} | {bare.ratios(rate)} | {rate / first:.2f} "
                    f"| {cpu_columns(run, pages, bare_cpu)} | {run.missing_photos} |"
                )
        if memory:
            self.stdout.write(
                "\nPeak memory of `manage.py ingest DIR --workers 2` (RSS: wait4's largest process; "
                "the writing process and its largest extraction worker sampled apart):\n\n"
            )
            self.stdout.write(
                f"| pages | seconds | pages/s | peak RSS MB | writer MB | worker MB | ≤ {MEMORY_TARGET_MB} MB "
                "| articles missing photos |"
            )
            self.stdout.write("|---:|---:|---:|---:|---:|---:|---|---:|")
            for n in memory:
                run = ingest(n, 2)
                ok = "yes" if run.max_rss_mb <= MEMORY_TARGET_MB else "**no**"
                rate = n / run.seconds
                self.stdout.write(
                    f"| {n:,} | {run.seconds:.0f} | {rate:.1f} | {run.max_rss_mb:.0f} | {run.parent_rss_mb:.0f} "
                    f"| {run.child_rss_mb:.0f} | {ok} | {run.missing_photos} |"
                )

    def throughput_real(self, root, directory, workers):
        """`ingest DIR` of real saved pages beside bare trafilatura on the same pages, in one run."""
        paths = local_pages(str(directory))
        template = root / "template-real.sqlite3"
        if not template.exists():
            create_database(sqlite_url(template))
        bare = Baselines(paths, root)
        bare.measure()
        runs = {}
        for worker_count in workers:
            database = root / f"real-{worker_count}.sqlite3"
            shutil.copyfile(template, database)
            url = sqlite_url(database)
            args = ["ingest", str(directory), "--workers", str(worker_count)]
            runs[worker_count] = measure(args, url=url, env=NO_PHOTOS)
            runs[worker_count].stored = query(url, "SELECT COUNT(*) FROM articles_article")[0][0]
            database.unlink()
        bare.measure()
        bare_cpu = bare.means()[0][1]
        self.stdout.write(
            f"\nThroughput, {len(paths)} real pages of {directory} (ingest wall time includes its start):\n\n"
        )
        columns = f"| run | pages/s | {RATIOS_HEADER} | {CPU_HEADER} | stored | failed (exit) |"
        self.stdout.write(columns)
        self.stdout.write("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        self.stdout.write("\n".join(bare.rows(2)))
        first = None
        for worker_count, run in runs.items():
            pages = len(paths)
            rate = pages / run.seconds
            first = first or rate
            failed = sum(line.startswith("failed ") for line in run.stderr.splitlines())
            self.stdout.write(
                f"| `ingest DIR --workers {worker_count}` | {rate:.1f} | {bare.ratios(rate)} | {rate / first:.2f} "
                f"| {cpu_columns(run, pages, bare_cpu)} | {run.stored} | {failed} ({run.returncode}) |"
            )

    def queue(self, root, pages, counts, url):
        """One admin import of `pages` synthetic pages, worked by each number of db_workers in turn."""
        directory = root / "pages"
        if len(list(directory.glob("*.html"))) < pages:
            write_pages(directory, pages)
        self.stdout.write(f"\nOne admin import of {pages:,} pages on PostgreSQL, worked by db_worker processes:\n\n")
        self.stdout.write("| db_workers | seconds | pages/s | × 1 worker | articles | duplicates | job |")
        self.stdout.write("|---:|---:|---:|---:|---:|---:|---|")
        first = None
        for count in counts:
            seconds, articles, duplicates, status = timed_import(url, directory, pages, count)
            rate = pages / seconds
            first = first or rate
            self.stdout.write(
                f"| {count} | {seconds:.0f} | {rate:.1f} | {rate / first:.2f} | {articles:,} | {duplicates} "
                f"| {status} |"
            )
