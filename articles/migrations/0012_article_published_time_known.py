from datetime import UTC

from django.db import migrations, models
from django.utils import timezone

from articles.migrations._search_trigger import restore


def mark_bare_days(apps, schema_editor):
    """Existing rows: the time is unknown where the source gave a date at exactly midnight UTC.

    Until now a date-only page ("2024-02-16") was stored at 00:00:00 UTC, and nothing else lands
    there except a source that wrote midnight itself, which the extractor now also reads as a bare
    day (articles/extraction/dates.py, gives_time). Dates the importer stood in for (no date in the
    source) carry the ingest's own clock time: known.
    """
    Article = apps.get_model("articles", "Article")
    with timezone.override(UTC):  # the hour/minute/second lookups read the time in UTC
        Article.objects.filter(
            published_from_source=True, published_at__hour=0, published_at__minute=0, published_at__second=0
        ).update(published_time_known=False)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_photo_agency_derived"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="published_time_known",
            field=models.BooleanField(
                default=True,
                help_text="Décoché quand la source ne donne que le jour : le lecteur affiche alors le jour seul.",
                verbose_name="heure de publication connue",
            ),
        ),
        migrations.RunPython(mark_bare_days, migrations.RunPython.noop),
        migrations.RunPython(restore, migrations.RunPython.noop),
    ]
