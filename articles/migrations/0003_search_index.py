"""Full-text search tables (articles.search): FTS5 on SQLite, a tsvector table on PostgreSQL.

Each half runs only on its own database; the other one sees a no-op. Neither table is a
Django model: they are written by articles.search.index_article, in raw SQL.

A trigger removes an article's entry when the article row is deleted (admin, QuerySet.delete).
On PostgreSQL the entry table has no foreign key on purpose: Django's test flush runs
TRUNCATE articles_article without CASCADE, which a referencing table would make fail; an
AFTER TRUNCATE trigger empties it instead.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE articles_search_fts USING fts5(
        title, lead, captions, body,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3 4'
    )""",
    # Every indexed word (as FTS5 stores it: lower case, no accents) and its French stem.
    "CREATE TABLE articles_search_term (term TEXT PRIMARY KEY, stem TEXT NOT NULL) WITHOUT ROWID",
    "CREATE INDEX articles_search_term_stem ON articles_search_term (stem, term)",
    """CREATE TRIGGER articles_search_fts_forget AFTER DELETE ON articles_article
    BEGIN
        DELETE FROM articles_search_fts WHERE rowid = old.id;
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS articles_search_fts_forget",
    "DROP TABLE IF EXISTS articles_search_term",
    "DROP TABLE IF EXISTS articles_search_fts",
]

POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    # french, with accents removed before stemming (and before the stopword list is read).
    "CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french)",
    """ALTER TEXT SEARCH CONFIGURATION french_unaccent
        ALTER MAPPING FOR hword, hword_part, word, asciiword, asciihword, hword_asciipart
        WITH unaccent, french_stem""",
    # Words with digits (covid19, 2e) are not stemmed, but lose their accents as in SQLite.
    """ALTER TEXT SEARCH CONFIGURATION french_unaccent
        ALTER MAPPING FOR numword, numhword, hword_numpart WITH unaccent, simple""",
    "CREATE TABLE articles_search_document (article_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    "CREATE INDEX articles_search_document_gin ON articles_search_document USING gin (document)",
    """CREATE FUNCTION articles_search_forget() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM articles_search_document WHERE article_id = OLD.id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER articles_search_forget AFTER DELETE ON articles_article
        FOR EACH ROW EXECUTE FUNCTION articles_search_forget()""",
    """CREATE FUNCTION articles_search_forget_all() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE articles_search_document;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER articles_search_forget_all AFTER TRUNCATE ON articles_article
        FOR EACH STATEMENT EXECUTE FUNCTION articles_search_forget_all()""",
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS articles_search_forget_all ON articles_article",
    "DROP TRIGGER IF EXISTS articles_search_forget ON articles_article",
    "DROP FUNCTION IF EXISTS articles_search_forget_all()",
    "DROP FUNCTION IF EXISTS articles_search_forget()",
    "DROP TABLE IF EXISTS articles_search_document",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent",
    # unaccent stays: other code may rely on it.
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
        ("articles", "0002_photo_agency"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
