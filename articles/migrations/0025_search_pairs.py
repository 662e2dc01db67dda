"""PostgreSQL: the pairs of neighbouring words of each document, GIN-indexed, so that a phrase's
candidates are the documents holding its words side by side, not every document holding them.

The GIN index of the vectors has no positions: a phrase of common words ("crise économique")
read every document holding both, 40,634 vectors for 446 matches at 100,251 articles
(docs/BENCHMARKS.md, issue 16). The pairs are an index on an expression of the vector itself
(`articles_search_pairs(document)`): nothing more is stored in the table, nothing changes for the
code that writes it. A position's key is its stem (a term with "_": "fr_secur"), else its word;
a pair is "key key" (articles.search.postgresql.render_pairs asks for them). A document where a
term lost positions (255 kept) or words share the last one (16383) cannot be told by its keys:
it holds "~" alone, and is a candidate for every phrase. SQLite's FTS5 index holds positions.
"""

from django.db import migrations

from articles.migrations._postgresql import on_postgresql

PAIRS = """
CREATE OR REPLACE FUNCTION articles_search_pairs(document tsvector) RETURNS tsvector
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE sql AS $$
  SELECT CASE
    WHEN EXISTS (
      SELECT FROM unnest(document) AS entry WHERE cardinality(entry.positions) >= 255 OR 16383 = ANY(entry.positions)
    ) THEN array_to_tsvector('{~}')
    ELSE (
      WITH places AS (
        SELECT p, coalesce(max(lexeme) FILTER (WHERE strpos(lexeme, '_') > 0), max(lexeme)) AS key
        FROM unnest(document) AS entry, unnest(entry.positions) AS p GROUP BY p
      )
      SELECT array_to_tsvector(coalesce(array_agg(a.key || ' ' || b.key), '{}'))
      FROM places AS a JOIN places AS b ON b.p = a.p + 1
    )
  END
$$
"""


NAME = "articles_search_document_pairs"
INDEX = f"CREATE INDEX IF NOT EXISTS {NAME} ON articles_search_document USING gin (articles_search_pairs(document))"



class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0024_search_unstemmed_words"),
    ]

    operations = [
        migrations.RunPython(
            # No statistics of the pairs (the search passes them as a parameter the planner cannot
            # read): gathering them computed every sampled document's pairs, a minute an ANALYZE.
            on_postgresql(
                PAIRS, INDEX, f"ALTER INDEX {NAME} ALTER COLUMN 1 SET STATISTICS 0", "ANALYZE articles_search_document"
            ),
            on_postgresql(f"DROP INDEX IF EXISTS {NAME}", "DROP FUNCTION IF EXISTS articles_search_pairs(tsvector)"),
        ),
    ]
