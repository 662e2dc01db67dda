"""`manage.py ingest SOURCE...`: article URLs, feeds, sitemaps, saved pages and directories into the newsroom."""

import json
from datetime import datetime, time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from articles.management.arguments import positive_int
from articles.pipeline.ingestion import ingest
from articles.pipeline.inputs import Page, is_url
from articles.pipeline.results import FAILED
from articles.storable import plausible_date


class Command(BaseCommand):
    help = (
        "Import articles from URLs (article, RSS/Atom feed, sitemap), saved .html/.htm(.gz) files "
        "or directories of them. Running it again only updates what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("inputs", nargs="+", metavar="SOURCE", help="URL, file or directory")
        parser.add_argument("--url", help="the original URL of a saved page (one file only)")
        parser.add_argument("--section", help="put every article in this section")
        parser.add_argument("--limit", type=positive_int, help="at most N articles")
        parser.add_argument("--since", type=since_date, help="feeds and sitemaps: skip entries older than DATE")
        parser.add_argument("--workers", type=positive_int, default=1, help="extraction worker processes (one a core)")
        parser.add_argument("--dry-run", action="store_true", help="extract and print, write nothing")
        parser.add_argument("--json", action="store_true", help="JSON output (one object per article in a dry run)")

    def handle(self, *args, **options):
        bar = ProgressBar(self.stderr) if self.stderr.isatty() else None
        dry_run, as_json = options["dry_run"], options["json"]

        def progress(result, done, total):
            if bar:
                bar.clear()
            if result.status == FAILED:
                self.stderr.write(f"failed {result.label}: {result.reason}")
            elif dry_run:
                self._print_extracted(result.extracted, as_json)
            if bar:
                bar.draw(done, total)

        try:
            report = ingest(
                self._inputs(options["inputs"], options["url"]),
                section=options["section"],
                limit=options["limit"],
                since=options["since"],
                workers=options["workers"],
                dry_run=dry_run,
                progress=progress,
            )
        finally:
            if bar:
                bar.clear()

        # stdout carries only JSON in --json mode, so the closing line goes to stderr there.
        if as_json and not dry_run:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
        (self.stderr if as_json else self.stdout).write(report.summary())
        self._report_photos(report.photos, self.stderr if as_json else self.stdout)
        if report.failures:
            raise CommandError(f"{len(report.failures)} source(s) failed")

    def _report_photos(self, photos, stream):
        """A photo that could not be kept: its URL, its article, why; the article itself went in."""
        if not photos or not (photos.stored or photos.failures):
            return
        for failure in photos.failures:
            self.stderr.write(f"photo not kept {failure.src} (article {failure.article}): {failure.reason}")
        stream.write(photos.summary())

    def _inputs(self, inputs, url):
        """The inputs as typed; with --url, the one saved page it is the original address of."""
        if not url:
            return inputs
        path = Path(inputs[0])
        if len(inputs) != 1 or is_url(inputs[0]) or path.is_dir():
            raise CommandError("an original URL can only be given for a single file")
        # A path that is no file is reported as any other input would be: no such file.
        return [Page(inputs[0], url=url, path=path)] if path.is_file() else inputs

    def _print_extracted(self, extracted, as_json):
        if as_json:
            self.stdout.write(json.dumps(extracted.as_json(), ensure_ascii=False))
        else:
            self.stdout.write(f"{extracted.title} — {extracted.canonical_url} ({extracted.word_count} mots)")


class ProgressBar:
    """A one-line bar on a terminal's stderr, redrawn in place."""

    WIDTH = 30

    def __init__(self, stream):
        self.stream = stream

    def draw(self, done, total):
        filled = self.WIDTH * done // max(total, 1)
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total}", ending="")
        self.stream.flush()

    def clear(self):
        self.stream.write("\r\x1b[K", ending="")


def since_date(value):
    """A date (midnight, local time) or a date and time; aware."""
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(value)
        parsed = datetime.combine(day, time())
    parsed = parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
    if plausible_date(parsed) is None:
        raise ValueError(value)  # argparse: "invalid since_date value"
    return parsed
