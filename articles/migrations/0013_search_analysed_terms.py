"""The search index holds the terms made in Python (articles.search.text), on both databases.

SQLite: the FTS5 table is rebuilt over analysed terms (`ascii` tokenizer: it cuts only where
the analysis put spaces), with a stem column per field; the title gets a table of its own (its
bm25 normalised by the title's length); the word → French stem table goes. PostgreSQL: the
document vector is now a literal made in Python, and a title vector joins it.
Every article is indexed again (`manage.py reindex` does the same at any time), read through this
migration's own models (_search_entries.py).
"""

from django.db import migrations

from articles.migrations import _search_entries, _search_languages
from articles.migrations._search_trigger import TRIGGER

TOKENIZE = "tokenize = \"ascii tokenchars '_'\""

SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS articles_search_fts_forget",
    "DROP TABLE IF EXISTS articles_search_term",
    "DROP TABLE articles_search_fts",
    "DELETE FROM articles_search_key",
    f"""CREATE VIRTUAL TABLE articles_search_fts USING fts5(
        title, lead, captions, body, title_stems, lead_stems, captions_stems, body_stems,
        {TOKENIZE}, prefix = '2 3 4'
    )""",
    f"CREATE VIRTUAL TABLE articles_search_title USING fts5(title, title_stems, {TOKENIZE})",
    TRIGGER,
]

POSTGRESQL_FORWARD = [
    "DELETE FROM articles_search_document",
    "ALTER TABLE articles_search_document ADD COLUMN title tsvector NOT NULL DEFAULT ''",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}.get(vendor, []):
        schema_editor.execute(statement, params=None)
    if vendor in ("sqlite", "postgresql"):
        # The index is written by the search code itself: the same terms as every later write,
        # the languages it holds included (their table belongs to 0020).
        schema_editor.execute(_search_languages.CREATE)
        _search_entries.write(apps, schema_editor.connection.alias, full=True)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_article_published_time_known"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
