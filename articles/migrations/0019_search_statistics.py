"""PostgreSQL: the planner keeps statistics on 100 times more terms of the search documents.

With the default (100), every term outside the 1,000 most common ones is guessed alike, and a
rare word ORed with its stems looked as common as 3 documents in 100: a search for it read every
document newest first (seconds at 100,000 articles) instead of asking the index
(articles.search.postgresql, docs/BENCHMARKS.md, issue 16).
"""

from django.db import migrations

STATISTICS = 10_000


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE articles_search_document ALTER COLUMN document SET STATISTICS {STATISTICS}")
        schema_editor.execute("ANALYZE articles_search_document")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE articles_search_document ALTER COLUMN document SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0018_story_indexes"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
