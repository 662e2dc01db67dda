"""`manage.py bench_ingest`: ingest's pages per second beside bare trafilatura, and its peak memory by N pages.

The pages are rendered locally from bench.synthetic (no network) into a temporary directory;
each `manage.py ingest` runs in its own process, with production settings, on a fresh SQLite
database copied from a migrated template. See docs/BENCHMARKS.md, "Ingestion".
"""

import shutil
import tempfile
import time
from pathlib import Path

import trafilatura
from django.core.management.base import BaseCommand, CommandError

from articles.extraction import decode_html
from bench.databases import create_database, integrity, sqlite_url
from bench.pages import read_manifest, write_pages
from bench.processes import measure

MEMORY_TARGET_MB = 300


def int_list(value):
    return [int(part) for part in value.split(",") if part.strip()]


def bare_pages_per_second(paths):
    """trafilatura.extract on the same files, in this process, with the metadata and images ingest asks for."""
    pages = [decode_html(path.read_bytes()) for path in paths]
    for page in pages[:5]:  # warm-up: first-call imports and caches
        trafilatura.extract(page, with_metadata=True, include_images=True)
    started = time.perf_counter()
    for page in pages:
        trafilatura.extract(page, with_metadata=True, include_images=True)
    return len(pages) / (time.perf_counter() - started)


class Command(BaseCommand):
    help = "Benchmark `manage.py ingest` on local synthetic pages: pages/s against bare trafilatura, peak memory."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=300, help="pages timed for the throughput table (300)")
        parser.add_argument("--workers", type=int_list, default=[1, 2], help="comma-separated (1,2)")
        parser.add_argument(
            "--memory", type=int_list, default=[1000, 5000, 10000], help="page counts for peak memory (1000,5000,10000)"
        )
        parser.add_argument("--keep", help="write pages and databases in this directory and keep them")

    def handle(self, *args, pages, workers, memory, keep, **options):
        if pages < 1 and not memory:
            raise CommandError("nothing to measure")
        root = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="newsroom-bench-ingest-"))
        try:
            self.run(root, pages, workers, memory)
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
            run = measure(["ingest", str(directory), "--limit", str(n), "--workers", str(worker_count)], url=url)
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
            bare = [bare_pages_per_second(paths[:pages])]
            runs = {w: ingest(pages, w) for w in workers}
            bare.append(bare_pages_per_second(paths[:pages]))  # before and after: the machine drifts
            bare_rate = sum(bare) / len(bare)
            self.stdout.write(f"\nThroughput, {pages} pages (ingest wall time includes its process start):\n\n")
            self.stdout.write("| run | pages/s | × bare trafilatura | articles missing photos |")
            self.stdout.write("|---|---:|---:|---:|")
            self.stdout.write(f"| bare `trafilatura.extract` (one process, mean of 2) | {bare_rate:.1f} | 1.00 | |")
            for w, run in runs.items():
                rate = pages / run.seconds
                self.stdout.write(
                    f"| `ingest --workers {w}` | {rate:.1f} | {rate / bare_rate:.2f} | {run.missing_photos} |"
                )
        if memory:
            self.stdout.write("\nPeak memory of `manage.py ingest DIR --workers 2` (RSS, wait4):\n\n")
            self.stdout.write(
                f"| pages | seconds | pages/s | peak RSS MB | ≤ {MEMORY_TARGET_MB} MB | articles missing photos |"
            )
            self.stdout.write("|---:|---:|---:|---:|---|---:|")
            for n in memory:
                run = ingest(n, 2)
                ok = "yes" if run.max_rss_mb <= MEMORY_TARGET_MB else "**no**"
                rate = n / run.seconds
                self.stdout.write(
                    f"| {n:,} | {run.seconds:.0f} | {rate:.1f} | {run.max_rss_mb:.0f} | {ok} | {run.missing_photos} |"
                )
