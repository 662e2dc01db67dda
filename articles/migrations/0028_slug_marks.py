"""Slugs keep the marks a script writes its vowels with (articles/slugs.py): a Hindi title's address was
its consonants alone ("समस्तीपुर पुलिस" → "समसतपर-पलस"), as Django's slugify drops every mark.

The fields' validator is a form's and a model's setting, not a column's: changed in the state alone.
Existing articles get their new slug; their old URLs redirect to it. Sections keep theirs (an address
readers may have kept, with no redirect): `manage.py sections clean` gives them the new one when an editor runs it."""

from django.db import migrations

import articles.slugs
from articles.migrations._slugs import reslug


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0027_search_heads"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="slug",
                    field=articles.slugs.SlugField(max_length=255),
                ),
                migrations.AlterField(
                    model_name="section",
                    name="slug",
                    field=articles.slugs.SlugField(max_length=120, unique=True),
                ),
            ],
        ),
        migrations.RunPython(reslug, migrations.RunPython.noop),
    ]
