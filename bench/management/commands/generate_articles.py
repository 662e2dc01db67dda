"""`manage.py generate_articles [N]`: N synthetic French articles (bench.synthetic), indexed for search."""

import time

from django.core.management.base import BaseCommand, CommandError

from articles.management.arguments import positive_int
from articles.models import Article
from bench.synthetic import BASE_URL, create_articles, delete_articles, stream_now


class Command(BaseCommand):
    help = (
        "Generate N synthetic French articles (10,000 by default) with authors, photos and captions, "
        "then rebuild the search index. The same seed gives the same articles."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", nargs="?", type=positive_int, default=10_000, help="articles (10,000)")
        parser.add_argument("--seed", type=int, default=0, help="random seed (0)")
        parser.add_argument("--clear", action="store_true", help="delete the synthetic articles generated before")
        parser.add_argument("--no-search-index", action="store_true", help="leave the search index out (faster)")
        parser.add_argument(
            "--start",
            type=int,
            default=0,
            help="add the seed's articles START+1 to N after an earlier run wrote the first START "
            "(the same articles as one run of N; only the new ones indexed)",
        )

    def handle(self, *args, count, seed, clear, no_search_index, start, **options):
        started = time.perf_counter()
        now = None
        if start:
            now = stream_now(seed)
            if clear or now is None or not 0 < start < count:
                raise CommandError(f"--start needs the first articles of seed {seed} written, START < N, no --clear.")
        elif clear:
            deleted = delete_articles()
            self.stdout.write(f"Deleted {deleted} rows of earlier synthetic articles.")
        elif Article.objects.filter(canonical_url__startswith=f"{BASE_URL}/{seed}/").exists():
            raise CommandError(f"Articles from seed {seed} exist already: use --clear or another --seed.")

        def progress(done, total):
            if done % 10_000 == 0 or done == total:
                self.stderr.write(f"  {done}/{total} written ({time.perf_counter() - started:.0f} s)")

        report = create_articles(count, seed=seed, now=now, start=start, progress=progress, index=not no_search_index)
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {report.created} articles in {time.perf_counter() - started:.1f} s "
                f"(writing {report.seconds_writing:.1f} s, search index of {report.indexed} articles "
                f"{report.seconds_indexing:.1f} s)."
            )
        )
