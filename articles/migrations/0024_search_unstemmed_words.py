"""The articles whose language has no stemmer (none known, Japanese…) indexed again: each word is
now its own stem, tagged `x_` (articles.search.text.UNSTEMMED), in the stem columns (SQLite)
and the vectors (PostgreSQL), as a stemmed page's words stand by their stems. Their stem
columns were empty: an English page holding the same words outranked them (docs/BENCHMARKS.md,
issue 16). Only those articles: the others' entries are unchanged.
"""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor not in ("sqlite", "postgresql"):
        return
    # The index is written by the search code itself, as every later write (and as 0013's reindex).
    from django.apps import apps as current

    from articles.search import reindex, text

    using = schema_editor.connection.alias
    Article = current.get_model("articles", "Article")
    spoken = Article.objects.using(using).order_by().values_list("language", flat=True).distinct()
    unstemmed = [language for language in spoken if text.language_code(language) is None]
    if unstemmed:
        reindex(Article.objects.using(using).filter(language__in=unstemmed))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0023_import_items"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
