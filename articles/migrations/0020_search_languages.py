"""The languages the search index holds (articles.search.languages), on both databases.

A query looks for a word's stems in these languages only, instead of every language of its
script. Filled from the articles (every article is indexed); kept by the indexing code after.
"""

from django.db import migrations

from articles.migrations._search_languages import CREATE
from articles.search import text


def forward(apps, schema_editor):
    if schema_editor.connection.vendor not in ("sqlite", "postgresql"):
        return
    schema_editor.execute(CREATE)
    schema_editor.execute("DELETE FROM articles_search_language")
    Article = apps.get_model("articles", "Article")
    languages = Article.objects.using(schema_editor.connection.alias).values_list("language", flat=True)
    codes = sorted({code for code in map(text.language_code, languages.order_by().distinct()) if code})
    for code in codes:
        schema_editor.execute("INSERT INTO articles_search_language (code) VALUES (%s)", [code])


def backward(apps, schema_editor):
    if schema_editor.connection.vendor in ("sqlite", "postgresql"):
        schema_editor.execute("DROP TABLE articles_search_language")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0019_search_statistics"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
