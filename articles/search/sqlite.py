"""SQLite backend: an FTS5 table over the original text, and a term → stem table for French stems.

FTS5 stores words lower-cased and without accents but unstemmed, so snippet() shows the
real words. Stemming happens at query time: a query word becomes its Snowball stem, then
every indexed word with that stem (`("election" OR "elections")`).

An entry's rowid is its search key, `publication second << 27 | article id`, so that FTS5
reads matches newest first and stops after the window (`articles.search.window()`), never
touching older matches. `articles_search_key` remembers each article's key for deletes.
"""

# Table names are module constants; every value is a bound parameter.
# ruff: noqa: S608

import json
import math
from itertools import product

from django.db import connections
from django.db.models import BooleanField, FloatField

from articles.search import text
from articles.search.expressions import ArticleSQL, pool_sql
from articles.search.marks import START, STOP
from articles.search.query import Phrase

FTS = "articles_search_fts"
TERMS = "articles_search_term"
KEYS = "articles_search_key"
ID_BITS = 27  # up to 134 million articles
ID_MASK = (1 << ID_BITS) - 1
WEIGHTS = "10.0, 5.0, 2.0, 1.0"  # title, lead, captions, body
MAX_VARIANTS = 64  # indexed words per stem
MAX_PHRASES = 32  # spellings of one phrase (product of its words' variants)
SNIPPET_TOKENS = 32
FORGET_ENTRY = f"DELETE FROM {FTS} WHERE rowid = (SELECT key FROM {KEYS} WHERE article_id = %s)"


def key(article_id, published_at):
    """The entry's rowid: newer articles sort after older ones, the id breaks ties."""
    if not 0 < article_id <= ID_MASK:
        raise ValueError(f"article id {article_id} does not fit the search key")
    return (math.floor(published_at.timestamp()) << ID_BITS) | article_id


def search(queryset, query, window):
    """The queryset narrowed to its `window` newest matches of `query`, annotated with `rank`.

    Returns (queryset, truncated): truncated is True when more articles matched.
    """
    using = queryset.db
    variants = _variants(query, using)
    # The articles the other filters keep, checked for each match as FTS5 hands them out,
    # newest first, until the window is full.
    pool, pool_params = pool_sql(queryset, f"({FTS}.rowid & {ID_MASK})")
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s AND EXISTS ({pool}) ORDER BY rowid DESC LIMIT %s",
            [render(query, variants), *pool_params, window + 1],
        )
        keys = [row[0] for row in cursor.fetchall()]
    truncated = len(keys) > window
    keys = keys[:window]
    ids = json.dumps([entry & ID_MASK for entry in keys])
    matched = ArticleSQL("{pk} IN (SELECT value FROM json_each(%s))", [ids], BooleanField())
    # bm25() is lower for better matches: negated so that, on both backends, higher is better.
    # Only the window's range of keys is scored, once: the inner query is not correlated, and
    # its two LIMITs stop SQLite from flattening it into one MATCH per article. Each article
    # finds its score by its key, since SQLite indexes the scores on the bare rowid only
    # (`rowid & mask` rescanned them for every article). A phrase is scored in the spelling
    # typed (bm25 over every spelling took most of a phrase search's time); its other spellings rank 0.
    floor = keys[-1] if keys else 0
    rank = ArticleSQL(
        f"coalesce((SELECT score FROM (SELECT rowid AS entry, -bm25({FTS}, {WEIGHTS}) AS score FROM {FTS} "
        f"WHERE {FTS} MATCH %s AND rowid >= %s LIMIT -1) "
        f"WHERE entry = (SELECT key FROM {KEYS} WHERE article_id = {{pk}}) LIMIT 1), 0.0)",
        [render(query, variants, ranking=True), floor],
        FloatField(),
    )
    return queryset.filter(matched).annotate(rank=rank), truncated


def render(query, variants, ranking=False):
    """The FTS5 MATCH string: every word double-quoted, structure from the AST only.

    For ranking, exclusions are left out and phrases keep the spelling typed.
    """
    groups = ["(" + " OR ".join(_item(item, variants, ranking) for item in group) + ")" for group in query.groups]
    match = "(" + " AND ".join(groups) + ")"
    if query.excluded and not ranking:
        match += " NOT (" + " OR ".join(_item(item, variants) for item in query.excluded) + ")"
    return match


def _quote(word):
    return '"' + word.replace('"', '""') + '"'


def _item(item, variants, typed_phrase=False):
    if isinstance(item, Phrase):
        spellings = [
            [text.fts_form(word)] if typed_phrase else variants.get(word, [text.fts_form(word)]) for word in item.words
        ]
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


def index(article_id, published_at, fields, using):
    entry = key(article_id, published_at)
    with connections[using].cursor() as cursor:
        cursor.execute(FORGET_ENTRY, [article_id])
        cursor.execute(
            f"INSERT INTO {FTS} (rowid, title, lead, captions, body) VALUES (%s, %s, %s, %s, %s)",
            [entry, fields["title"], fields["lead"], fields["captions"], fields["body"]],
        )
        cursor.execute(f"INSERT OR REPLACE INTO {KEYS} (article_id, key) VALUES (%s, %s)", [article_id, entry])
        terms = {
            text.fts_form(token): text.stem(token)
            for value in fields.values()
            for token in text.tokens(value)
            if text.stemmable(token)
        }
        cursor.executemany(f"INSERT OR IGNORE INTO {TERMS} (term, stem) VALUES (%s, %s)", list(terms.items()))


def clear(using):
    """Before a full reindex. The vocabulary goes too: words of deleted articles leave with it."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS}")
        cursor.execute(f"DELETE FROM {KEYS}")
        cursor.execute(f"DELETE FROM {TERMS}")


def optimize(using):
    with connections[using].cursor() as cursor:
        cursor.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('optimize')")
        # Table statistics for the planner. Without them SQLite guesses ten articles a section
        # and, for a search in one section, reruns the rank's MATCH for each article instead of
        # indexing its result once (docs/BENCHMARKS.md, « Measurements »).
        cursor.execute("ANALYZE")


def headlines(article_ids, query, using):
    """{article id: {field: text with START/STOP around matched words}} for the given rows."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT key FROM {KEYS} WHERE article_id IN ({', '.join(['%s'] * len(article_ids))})", list(article_ids)
        )
        keys = [row[0] for row in cursor.fetchall()]
        if not keys:
            return {}
        # FTS5 runs the MATCH once per key: cheap for words and phrases, but a prefix is
        # expanded each time, so a prefix query reads the page's range of keys in one pass and
        # checks the keys after (`+rowid`): ten times faster (docs/BENCHMARKS.md, « Measurements »).
        fragments = ", ".join(f"snippet({FTS}, {column}, %s, %s, %s, {SNIPPET_TOKENS})" for column in range(1, 4))
        in_keys = f"rowid IN ({', '.join(['%s'] * len(keys))})"
        bounds = []
        if any(getattr(item, "prefix", False) for item in query.positive_items):
            in_keys, bounds = f"rowid BETWEEN %s AND %s AND +{in_keys}", [min(keys), max(keys)]
        cursor.execute(
            f"SELECT rowid & {ID_MASK}, highlight({FTS}, 0, %s, %s), {fragments} FROM {FTS} "
            f"WHERE {FTS} MATCH %s AND {in_keys}",
            [START, STOP, *[START, STOP, "…"] * 3, render(query, _variants(query, using)), *bounds, *keys],
        )
        return {
            row[0]: dict(zip(("title", "lead", "captions", "body"), row[1:], strict=True)) for row in cursor.fetchall()
        }
