"""`manage.py sections`: list them; `house NAME…` puts sections in the bar; `clean` tidies an existing database."""

from django.core.management.base import BaseCommand

from articles import curation
from articles.models import Section


class Command(BaseCommand):
    help = (
        "List the sections (bar, sources' sections, counts). `house NAME…`: make these the newsroom's own "
        "sections, shown in the bar. `clean`: decode and merge existing sections, remove labels that are not sections."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", choices=["list", "house", "clean"], default="list")
        parser.add_argument("names", nargs="*", help="section names, for `house`")

    def handle(self, *args, action, names, **options):
        if action == "house":
            for section in curation.make_house(names):
                self.stdout.write(f"{section.name} ({section.slug}): {'hidden' if section.hidden else 'in the bar'}")
            return
        if action == "clean":
            curation.clean_sections(report=lambda name, outcome: self.stdout.write(f"{name}: {outcome}"))
        for section in Section.objects.with_counts().order_by("-house", "position", "name"):
            where = "bar" if section.house and not section.hidden else "hidden" if section.house else "source"
            self.stdout.write(f"{where:6}  {section.article_count:5}  {section.name}  /{section.slug}/")
