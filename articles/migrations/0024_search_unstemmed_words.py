"""The articles whose language has no stemmer (none known, Japanese…) indexed again: each word is
now its own stem, tagged `x_` (articles.search.text.UNSTEMMED), in the stem columns (SQLite)
and the vectors (PostgreSQL), as a stemmed page's words stand by their stems. Their stem
columns were empty: an English page holding the same words outranked them (docs/BENCHMARKS.md,
issue 16). Only those articles: the others' entries are unchanged.
"""

from django.db import migrations

from articles.migrations import _search_entries
from articles.search import text


def forward(apps, schema_editor):
    if schema_editor.connection.vendor not in ("sqlite", "postgresql"):
        return
    # The index is written by the search code itself, as every later write (and as 0013's), from
    # the rows read through this migration's own models (_search_entries.py).
    using = schema_editor.connection.alias
    Article = apps.get_model("articles", "Article")
    spoken = Article.objects.using(using).order_by().values_list("language", flat=True).distinct()
    unstemmed = [language for language in spoken if text.language_code(language) is None]
    if unstemmed:
        _search_entries.write(apps, using, languages=unstemmed)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0023_import_items"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
