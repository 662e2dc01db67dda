"""The SQLite search trigger, put back after a migration that rebuilds articles_article.

SQLite cannot add a column with a default in place: Django copies the table to a new one and
drops the old, and the trigger that removes a deleted article's search entry (0005) goes with
it. A migration that adds a field to Article ends with `RunPython(restore, noop)`.
Since 0012 the trigger also removes the article's title entry (`articles_search_title`).
"""

TRIGGER_0005 = """CREATE TRIGGER IF NOT EXISTS articles_search_fts_forget AFTER DELETE ON articles_article
    BEGIN
        DELETE FROM articles_search_fts
            WHERE rowid = (SELECT key FROM articles_search_key WHERE article_id = old.id);
        DELETE FROM articles_search_key WHERE article_id = old.id;
    END"""

TRIGGER = """CREATE TRIGGER IF NOT EXISTS articles_search_fts_forget AFTER DELETE ON articles_article
    BEGIN
        DELETE FROM articles_search_fts
            WHERE rowid = (SELECT key FROM articles_search_key WHERE article_id = old.id);
        DELETE FROM articles_search_title
            WHERE rowid = (SELECT key FROM articles_search_key WHERE article_id = old.id);
        DELETE FROM articles_search_key WHERE article_id = old.id;
    END"""


def restore(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles_search_title'")
        titles = cursor.fetchone() is not None
    schema_editor.execute(TRIGGER if titles else TRIGGER_0005)
