"""`manage.py ingest_corpus DIR`: the dev corpus's pages (gzipped HTML, MANIFEST.json giving each
page's original URL) through the one ingestion service, as saved pages with their URL.

Development only (the corpus is evaluation material, never part of the project); used by
`check_reader` to fill a scratch database with real pages on top of the demo.
"""

import gzip
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.pipeline.ingestion import ingest
from articles.pipeline.inputs import Page
from articles.pipeline.results import FAILED


def corpus_pages(directory):
    directory = Path(directory)
    manifest = directory / "MANIFEST.json"
    if not manifest.is_file():
        raise CommandError(f"{directory}: no MANIFEST.json")
    for case in json.loads(manifest.read_text(encoding="utf-8")):
        path = directory / case["id"] / "page.html.gz"
        if path.is_file():
            yield Page(case["id"], url=case["url"], content=gzip.decompress(path.read_bytes()))


class Command(BaseCommand):
    help = "Ingest the dev corpus (DIR/MANIFEST.json, DIR/<id>/page.html.gz) with each page's original URL."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, directory, workers, **options):
        report = ingest(list(corpus_pages(directory)), workers=workers)
        for result in report.results:
            if result.status == FAILED:
                self.stderr.write(f"failed {result.label}: {result.reason}")
        self.stdout.write(report.summary())
