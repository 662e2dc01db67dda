"""Existing sections made what ingestion now makes: decoded, transliterated, non-sections removed, duplicates merged."""

from django.db import migrations


def clean(apps, schema_editor):
    from articles.curation import clean_sections

    clean_sections(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_section_curation")]

    operations = [migrations.RunPython(clean, migrations.RunPython.noop)]
