"""SQLite backend: an FTS5 table over the original text, and a term → stem table for French stems.

FTS5 stores words lower-cased and without accents but unstemmed, so snippet() shows the
real words. Stemming happens at query time: a query word becomes its Snowball stem, then
every indexed word with that stem (`("election" OR "elections")`).
"""

# Table names are module constants; every value is a bound parameter.
# ruff: noqa: S608

from itertools import product

from django.db import connections
from django.db.models import BooleanField, FloatField

from articles.search import text
from articles.search.expressions import ArticleSQL
from articles.search.marks import START, STOP
from articles.search.query import Phrase

FTS = "articles_search_fts"
TERMS = "articles_search_term"
WEIGHTS = "10.0, 5.0, 2.0, 1.0"  # title, lead, captions, body
MAX_VARIANTS = 64  # indexed words per stem
MAX_PHRASES = 32  # spellings of one phrase (product of its words' variants)
SNIPPET_TOKENS = 32


def search(queryset, query):
    """The queryset narrowed to matches of `query`, annotated with `rank`."""
    variants = _variants(query, queryset.db)
    matched = ArticleSQL(
        f"{{pk}} IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)", [render(query, variants)], BooleanField()
    )
    # bm25() is lower for better matches: negated so that, on both backends, higher is better.
    # Exclusions only filter, as on PostgreSQL. The inner query is not correlated, so SQLite
    # runs one MATCH for all rows and looks each article up in an automatic index; the two
    # LIMITs stop it from flattening that back into one MATCH per article (`MATCH ... AND
    # rowid = pk` took 6 s instead of 30 ms for a word in every one of 10,000 articles).
    rank = ArticleSQL(
        f"(SELECT score FROM (SELECT rowid AS id, -bm25({FTS}, {WEIGHTS}) AS score FROM {FTS} "
        f"WHERE {FTS} MATCH %s LIMIT -1) WHERE id = {{pk}} LIMIT 1)",
        [render(query, variants, ranking=True)],
        FloatField(),
    )
    return queryset.filter(matched).annotate(rank=rank)


def render(query, variants, ranking=False):
    """The FTS5 MATCH string: every word double-quoted, structure from the AST only."""
    groups = ["(" + " OR ".join(_item(item, variants) for item in group) + ")" for group in query.groups]
    match = "(" + " AND ".join(groups) + ")"
    if query.excluded and not ranking:
        match += " NOT (" + " OR ".join(_item(item, variants) for item in query.excluded) + ")"
    return match


def _quote(word):
    return '"' + word.replace('"', '""') + '"'


def _item(item, variants):
    if isinstance(item, Phrase):
        spellings = [variants.get(word, [text.fts_form(word)]) for word in item.words]
        count = 1
        for options in spellings:
            count *= len(options)
        if count > MAX_PHRASES:
            spellings = [[text.fts_form(word)] for word in item.words]
        phrases = [" + ".join(_quote(word) for word in words) for words in product(*spellings)]
        return "(" + " OR ".join(phrases) + ")"
    if item.prefix:
        # As PostgreSQL does with 'word':*, the prefix is stemmed before it is expanded.
        return _quote(text.stem(item.word)) + "*"
    return "(" + " OR ".join(_quote(word) for word in variants.get(item.word, [text.fts_form(item.word)])) + ")"


def _variants(query, using):
    """For each query word that is stemmed: itself and the indexed words sharing its stem."""
    words = set()
    for item in (*query.positive_items, *query.excluded):
        if isinstance(item, Phrase):
            words.update(word for word in item.words if not text.is_stopword(word))
        elif not item.prefix:
            words.add(item.word)
    words = {word for word in words if text.stemmable(word)}
    if not words:
        return {}
    stems = {text.stem(word) for word in words}
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT stem, term FROM {TERMS} WHERE stem IN ({', '.join(['%s'] * len(stems))}) ORDER BY stem, term",
            sorted(stems),
        )
        by_stem = {}
        for stem, term in cursor.fetchall():
            by_stem.setdefault(stem, []).append(term)
    return {word: sorted({text.fts_form(word), *by_stem.get(text.stem(word), [])[:MAX_VARIANTS]}) for word in words}


def index(article_id, fields, using):
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS} WHERE rowid = %s", [article_id])
        cursor.execute(
            f"INSERT INTO {FTS} (rowid, title, lead, captions, body) VALUES (%s, %s, %s, %s, %s)",
            [article_id, fields["title"], fields["lead"], fields["captions"], fields["body"]],
        )
        terms = {
            text.fts_form(token): text.stem(token)
            for value in fields.values()
            for token in text.tokens(value)
            if text.stemmable(token)
        }
        cursor.executemany(f"INSERT OR IGNORE INTO {TERMS} (term, stem) VALUES (%s, %s)", list(terms.items()))


def remove(article_ids, using):
    with connections[using].cursor() as cursor:
        for article_id in article_ids:
            cursor.execute(f"DELETE FROM {FTS} WHERE rowid = %s", [article_id])


def clear(using):
    """Before a full reindex. The vocabulary goes too: words of deleted articles leave with it."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS}")
        cursor.execute(f"DELETE FROM {TERMS}")


def optimize(using):
    with connections[using].cursor() as cursor:
        cursor.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('optimize')")
        # Table statistics for the planner. Without them SQLite guesses ten articles a section
        # and, for a search in one section, reruns the rank's MATCH for each article instead of
        # indexing its result once (75 s instead of 0.16 s at 100,000 articles).
        cursor.execute("ANALYZE")


def headlines(article_ids, query, using):
    """{article id: {field: text with START/STOP around matched words}} for the given rows."""
    fragments = ", ".join(f"snippet({FTS}, {column}, %s, %s, %s, {SNIPPET_TOKENS})" for column in range(1, 4))
    sql = (
        f"SELECT rowid, highlight({FTS}, 0, %s, %s), {fragments} FROM {FTS} "
        f"WHERE {FTS} MATCH %s AND rowid IN ({', '.join(['%s'] * len(article_ids))})"
    )
    params = [START, STOP, *[START, STOP, "…"] * 3, render(query, _variants(query, using)), *article_ids]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return {
            row[0]: dict(zip(("title", "lead", "captions", "body"), row[1:], strict=True)) for row in cursor.fetchall()
        }
