"""manage.py photos: store the photos still pending (articles ingested before photos were kept, or with downloads
off), and with --retry-failed those that failed; --status counts them by state."""

from django.core.management.base import BaseCommand
from django.db.models import Count

from articles.management.arguments import positive_int
from articles.models import Photo
from articles.photos import store_photos


class Command(BaseCommand):
    help = "Download, verify and store the photos not stored yet (and, with --retry-failed, the failed ones)."

    def add_arguments(self, parser):
        parser.add_argument("--retry-failed", action="store_true", help="try the failed photos again too")
        parser.add_argument("--article", type=positive_int, action="append", help="only this article's (repeatable)")
        parser.add_argument("--workers", type=positive_int, help="photos downloaded at once")
        parser.add_argument("--status", action="store_true", help="count the photos by state, download nothing")

    def handle(self, *args, **options):
        if options["status"]:
            counts = dict(Photo.objects.values_list("state").annotate(n=Count("pk")).order_by())
            self.stdout.write(", ".join(f"{state} {counts.get(state, 0)}" for state, _ in Photo.STATES))
            return
        report = store_photos(options["article"], retry_failed=options["retry_failed"], workers=options["workers"])
        for failure in report.failures:
            self.stderr.write(f"photo not kept {failure.src} (article {failure.article}): {failure.reason}")
        self.stdout.write(report.summary())
