"""`manage.py extract_corpus DIR --out PREDS`: every case of a scored corpus extracted in one process.

Writes what `ingest FILE --url URL --dry-run --json` prints for each case to PREDS/<id>.json, so the
scorer reads them with `--preds PREDS` (and `--half a|b`) instead of starting one command per page.
"""

import gzip
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.extraction import ExtractionError, decode_html, extract
from articles.storable import storable


def _cases(directory):
    for case in sorted(Path(directory).iterdir()):
        truth = case / "truth.json"
        page = case / "page.html"
        if not page.is_file():
            page = case / "page.html.gz"
        if truth.is_file() and page.is_file():
            yield json.loads(truth.read_text(encoding="utf-8")), page


class Command(BaseCommand):
    help = "Extract every case of a corpus (folders holding truth.json and page.html[.gz]) into PREDS/<id>.json."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="e.g. ../shared/corpus/dev")
        parser.add_argument("--out", required=True, help="folder for <id>.json")

    def handle(self, *args, directory, out, **options):
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        done = failed = 0
        for truth, page in _cases(directory):
            data = page.read_bytes()
            if page.suffix == ".gz":
                data = gzip.decompress(data)
            target = out / f"{truth['id']}.json"
            try:
                article = storable(extract(decode_html(data), truth.get("url") or None))
            except ExtractionError as error:
                target.unlink(missing_ok=True)
                self.stderr.write(f"failed {truth['id']}: {error}")
                failed += 1
                continue
            target.write_text(json.dumps(article.as_json(), ensure_ascii=False), encoding="utf-8")
            done += 1
        if not done and not failed:
            raise CommandError(f"no cases under {directory}")
        self.stdout.write(f"{done} extracted, {failed} failed")
