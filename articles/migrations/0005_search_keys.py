"""Search entries ordered by publication, so that a search reads its newest matches first.

SQLite: an FTS5 entry's rowid becomes `publication second << 27 | article id` (see
articles.search.sqlite.key), and `articles_search_key` remembers it for deletes.
PostgreSQL: the entry table gets the article's publication date and an index on it.
Existing entries are moved in SQL (FTS5 tokenizes them again; the stem vocabulary stays).
"""

# Table names and the key formula are constants; nothing comes from outside.
# ruff: noqa: S608

from django.db import migrations

SQLITE_KEY = "((CAST(strftime('%s', a.published_at) AS INTEGER) << 27) | a.id)"

FTS_TABLE = """CREATE VIRTUAL TABLE articles_search_fts USING fts5(
        title, lead, captions, body,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3 4'
    )"""

SQLITE_FORWARD = [
    "DROP TRIGGER articles_search_fts_forget",
    "CREATE TABLE articles_search_key (article_id INTEGER PRIMARY KEY, key INTEGER NOT NULL UNIQUE)",
    f"""INSERT INTO articles_search_key (article_id, key)
        SELECT a.id, {SQLITE_KEY} FROM articles_article a
        WHERE a.id IN (SELECT rowid FROM articles_search_fts)""",
    """CREATE TEMP TABLE search_entries AS
        SELECT k.key, f.title, f.lead, f.captions, f.body
        FROM articles_search_fts f JOIN articles_search_key k ON k.article_id = f.rowid""",
    # A new table rather than a DELETE: FTS5 would keep every deleted entry in its index.
    "DROP TABLE articles_search_fts",
    FTS_TABLE,
    """INSERT INTO articles_search_fts (rowid, title, lead, captions, body)
        SELECT key, title, lead, captions, body FROM search_entries""",
    "DROP TABLE search_entries",
    "INSERT INTO articles_search_fts (articles_search_fts) VALUES ('optimize')",
    """CREATE TRIGGER articles_search_fts_forget AFTER DELETE ON articles_article
    BEGIN
        DELETE FROM articles_search_fts
            WHERE rowid = (SELECT key FROM articles_search_key WHERE article_id = old.id);
        DELETE FROM articles_search_key WHERE article_id = old.id;
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER articles_search_fts_forget",
    "CREATE TEMP TABLE search_entries AS SELECT rowid AS key, title, lead, captions, body FROM articles_search_fts",
    "DROP TABLE articles_search_fts",
    FTS_TABLE,
    """INSERT INTO articles_search_fts (rowid, title, lead, captions, body)
        SELECT key & 134217727, title, lead, captions, body FROM search_entries""",
    "DROP TABLE search_entries",
    "DROP TABLE articles_search_key",
    """CREATE TRIGGER articles_search_fts_forget AFTER DELETE ON articles_article
    BEGIN
        DELETE FROM articles_search_fts WHERE rowid = old.id;
    END""",
]

POSTGRESQL_FORWARD = [
    "ALTER TABLE articles_search_document ADD COLUMN published_at timestamptz",
    """UPDATE articles_search_document d SET published_at = a.published_at
        FROM articles_article a WHERE a.id = d.article_id""",
    "DELETE FROM articles_search_document WHERE published_at IS NULL",
    "ALTER TABLE articles_search_document ALTER COLUMN published_at SET NOT NULL",
    """CREATE INDEX articles_search_document_newest
        ON articles_search_document (published_at DESC, article_id DESC)""",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX articles_search_document_newest",
    "ALTER TABLE articles_search_document DROP COLUMN published_at",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
}


def forward(apps, schema_editor):
    for statement in STATEMENTS.get(schema_editor.connection.vendor, ([], []))[0]:
        schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    for statement in STATEMENTS.get(schema_editor.connection.vendor, ([], []))[1]:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_import_jobs_revisions_sources"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
