"""PostgreSQL: each document's head — its title, lead and captions (weights A, B, C) — in a small table of its own,
so that a page of results ranks exactly without reading the whole vector of every match.

A page of 20 read and ranked the vectors of its 1,000 matches (7.5 kB each, from TOAST): a third of a common
word's page at 100,251 articles (docs/BENCHMARKS.md, issue 16). ts_rank of words that need not all match
adds for each term its positions' weights, highest first, and the body's (weight D, 0.1) add at most 0.1 to a
document's rank: its head's rank and that bound tell which documents may be among the first (the exact
rank is read for those only: articles.search.postgresql).

The head is the document's vector filtered by the database (`ts_filter`), beside a copy of its title's vector
(one row read for both), kept by triggers on the documents' table: nothing changes for the code that writes
the documents, and the migrations that write them before this one (0013, 0024) write no head.
"""

from django.db import migrations

from articles.migrations._postgresql import on_postgresql

FORWARD = [
    "CREATE TABLE articles_search_head (article_id bigint PRIMARY KEY, head tsvector NOT NULL, title tsvector)",
    """CREATE FUNCTION articles_search_head_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM articles_search_head WHERE article_id = OLD.article_id;
        ELSE
            INSERT INTO articles_search_head (article_id, head, title)
                VALUES (NEW.article_id, ts_filter(NEW.document, '{a,b,c}'), NEW.title)
                ON CONFLICT (article_id) DO UPDATE SET head = EXCLUDED.head, title = EXCLUDED.title;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER articles_search_head_write AFTER INSERT OR UPDATE OF document, title OR DELETE
        ON articles_search_document FOR EACH ROW EXECUTE FUNCTION articles_search_head_write()""",
    """CREATE FUNCTION articles_search_head_clear() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE articles_search_head;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER articles_search_head_clear AFTER TRUNCATE ON articles_search_document
        FOR EACH STATEMENT EXECUTE FUNCTION articles_search_head_clear()""",
    """INSERT INTO articles_search_head (article_id, head, title)
        SELECT article_id, ts_filter(document, '{a,b,c}'), title FROM articles_search_document""",
    "ANALYZE articles_search_head",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS articles_search_head_clear ON articles_search_document",
    "DROP TRIGGER IF EXISTS articles_search_head_write ON articles_search_document",
    "DROP FUNCTION IF EXISTS articles_search_head_clear()",
    "DROP FUNCTION IF EXISTS articles_search_head_write()",
    "DROP TABLE IF EXISTS articles_search_head",
]



class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0026_article_slug_own_letters"),
    ]

    operations = [
        migrations.RunPython(on_postgresql(*FORWARD), on_postgresql(*BACKWARD)),
    ]
