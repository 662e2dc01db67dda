"""manage.py reindex: rebuild the full-text search index from the articles in the database."""

from django.core.management.base import BaseCommand

from articles.search import reindex


class Command(BaseCommand):
    help = "Rebuild the full-text search index from every article in the database."

    def handle(self, *args, **options):
        count = reindex()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} article{'' if count == 1 else 's'}."))
