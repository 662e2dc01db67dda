"""`manage.py poll`: check the followed sources that are due and import their new entries (cron, systemd timer)."""

from django.core.management.base import BaseCommand, CommandError

from articles.models import Source
from articles.pipeline.polling import due_sources, poll


def positive_int(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Check the followed sources (admin: Sources suivies) whose interval has passed, with conditional "
        "GETs, and import their new entries. Run it every few minutes from cron or a systemd timer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="check every active source, due or not")
        parser.add_argument("--source", type=int, action="append", metavar="ID", help="check this source now")
        parser.add_argument(
            "--max-articles",
            type=positive_int,
            metavar="N",
            help="import at most N new articles per source this time (default: NEWSROOM_POLL_MAX_ARTICLES, 100)",
        )

    def handle(self, *args, **options):
        if options["source"]:
            sources = list(Source.objects.filter(pk__in=options["source"]))
        elif options["all"]:
            sources = list(Source.objects.filter(active=True))
        else:
            sources = due_sources()
        errors = 0
        for source in sources:
            result = poll(source, max_articles=options["max_articles"])
            errors += result.state == Source.State.ERROR
            self.stdout.write(result.summary())
        if not sources:
            self.stdout.write("No source is due.")
        if errors:
            raise CommandError(f"{errors} source(s) could not be checked")
