"""`manage.py bench_extraction DIR`: our extractor's time against bare trafilatura on the same saved pages."""

import contextlib
import gzip
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from trafilatura import bare_extraction

from articles.extraction import ExtractionError, decode_html, extract

PAGE_NAMES = ("page.html", "page.html.gz")


def _pages(directory):
    """Decoded pages under `directory`: case folders holding page.html(.gz), or loose .html(.gz) files."""
    files = sorted(p for p in Path(directory).rglob("*") if p.name in PAGE_NAMES or p.suffix in (".html", ".htm"))
    if not files:
        files = sorted(Path(directory).rglob("*.html.gz"))
    for path in files:
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        yield decode_html(data)


def _bare(html):
    # The settings of the scorer's baseline (shared/eval/baseline_trafilatura.py).
    bare_extraction(
        html,
        with_metadata=True,
        include_images=True,
        include_tables=True,
        include_comments=False,
        include_formatting=False,
        include_links=False,
        deduplicate=False,
    )


def _ours(html):
    with contextlib.suppress(ExtractionError):
        extract(html)


def _timed(function, pages):
    start = time.perf_counter()
    for html in pages:
        function(html)
    return time.perf_counter() - start


class Command(BaseCommand):
    help = "Time extract() against bare trafilatura.bare_extraction on saved pages (one process, after a warm-up)."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="e.g. ../shared/corpus/dev")
        parser.add_argument("--warmup", type=int, default=5, help="pages run once by both before timing")
        parser.add_argument("--rounds", type=int, default=1, help="alternate the two runs this many times")

    def handle(self, *args, directory, warmup, rounds, **options):
        pages = list(_pages(directory))
        if not pages:
            raise CommandError(f"no .html pages under {directory}")
        for html in pages[:warmup]:
            _bare(html)
            _ours(html)
        bare = ours = 0.0
        for _ in range(rounds):
            bare += _timed(_bare, pages)
            ours += _timed(_ours, pages)
        n = len(pages) * rounds
        self.stdout.write("| pages | bare total s | ours total s | ratio | bare pages/s | ours pages/s |")
        self.stdout.write("|---:|---:|---:|---:|---:|---:|")
        self.stdout.write(
            f"| {len(pages)} | {bare:.1f} | {ours:.1f} | {ours / bare:.2f} | {n / bare:.1f} | {n / ours:.1f} |"
        )
