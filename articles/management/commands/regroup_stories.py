"""manage.py regroup_stories: put existing articles in their stories (batches, progress, resumable)."""

import time

from django.core.management.base import BaseCommand

from articles.management.arguments import positive_int
from articles.stories.grouping import regroup


class Command(BaseCommand):
    help = (
        "Fingerprint the articles that have none yet and group them into stories, earliest first, "
        "a batch per transaction. Interrupted, run it again: it goes on where it stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=positive_int, default=500, help="Articles per transaction (500).")
        parser.add_argument(
            "--restart",
            action="store_true",
            help="Forget every fingerprint and every story no editor decided, then group everything again.",
        )

    def handle(self, *args, batch, restart, **options):
        started = time.monotonic()

        def progress(done, total):
            rate = done / max(time.monotonic() - started, 1e-9)
            self.stdout.write(f"{done}/{total} articles ({done / max(total, done):.0%}), {rate:.0f}/s")

        count = regroup(batch=batch, restart=restart, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Grouped {count} article{'' if count == 1 else 's'}."))
