"""PostgreSQL: a GIN index on the title vector, so that a search can find the best titles of the whole archive.

A search keeps its newest matches and, when more matched, adds the articles whose title matches
best, however old (articles.search.postgresql). SQLite has its title table already
(`articles_search_title`, 0013). Statistics on as many title terms as 0019 keeps for the documents,
so that the planner knows a rare title word is rare.
"""

from django.db import migrations

STATISTICS = 10_000


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX articles_search_document_title_gin ON articles_search_document USING gin (title)"
        )
        schema_editor.execute(f"ALTER TABLE articles_search_document ALTER COLUMN title SET STATISTICS {STATISTICS}")
        schema_editor.execute("ANALYZE articles_search_document")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX articles_search_document_title_gin")
        schema_editor.execute("ALTER TABLE articles_search_document ALTER COLUMN title SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0020_search_languages"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
