"""The SQLite search trigger, put back after a migration that rebuilds articles_article.

SQLite cannot add a column with a default in place: Django copies the table to a new one and
drops the old, and the trigger that removes a deleted article's search entry (0005) goes with
it. A migration that adds a field to Article ends with `RunPython(restore, noop)`.
"""

TRIGGER = """CREATE TRIGGER IF NOT EXISTS articles_search_fts_forget AFTER DELETE ON articles_article
    BEGIN
        DELETE FROM articles_search_fts
            WHERE rowid = (SELECT key FROM articles_search_key WHERE article_id = old.id);
        DELETE FROM articles_search_key WHERE article_id = old.id;
    END"""


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(TRIGGER)
