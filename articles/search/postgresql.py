"""PostgreSQL backend: a weighted tsvector per article over `french_unaccent`, GIN-indexed.

The vector lives in its own table, written by `index_article` in the article's transaction:
captions come from the photos, so neither a GeneratedField nor a trigger on the article row
could see them (photos are written after their article). The table also keeps the article's
publication date, indexed, so that a search can stop after its window of newest matches.
"""

# Table names are module constants; every value is a bound parameter.
# ruff: noqa: S608

from django.db import connections
from django.db.models import BooleanField, FloatField

from articles.search import text
from articles.search.expressions import ArticleSQL, pool_sql
from articles.search.marks import START, STOP
from articles.search.query import Phrase

CONFIG = "french_unaccent"
DOCUMENTS = "articles_search_document"
TSQUERY = f"to_tsquery('{CONFIG}'::regconfig, %s)"
HEADLINE_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=1"
TITLE_OPTIONS = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"
MARKERS = START + STOP


def search(queryset, query, window):
    """The queryset narrowed to its `window` newest matches of `query`, annotated with `rank`.

    Returns (queryset, truncated): truncated is True when more articles matched.
    """
    using = queryset.db
    # The articles the other filters keep, checked for each match, newest first.
    pool, pool_params = pool_sql(queryset, f"{DOCUMENTS}.article_id")
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT article_id FROM {DOCUMENTS} WHERE document @@ {TSQUERY} AND EXISTS ({pool}) "
            "ORDER BY published_at DESC, article_id DESC LIMIT %s",
            [render(query), *pool_params, window + 1],
        )
        ids = [row[0] for row in cursor.fetchall()]
    truncated = len(ids) > window
    matched = ArticleSQL("{pk} = ANY(%s)", [ids[:window]], BooleanField())
    # ts_rank's default weights: A (title) 1.0, B (lead) 0.4, C (captions) 0.2, D (body) 0.1.
    # Exclusions only filter: ts_rank of `a & !b` is 0 for every row.
    rank = ArticleSQL(
        f"(SELECT ts_rank(document, {TSQUERY}) FROM {DOCUMENTS} WHERE article_id = {{pk}})",
        [render(query, ranking=True)],
        FloatField(),
    )
    return queryset.filter(matched).annotate(rank=rank), truncated


def render(query, ranking=False):
    """The to_tsquery string: &, |, !, <->, :* between single-quoted words, nothing else."""
    groups = ["(" + " | ".join(_item(item) for item in group) + ")" for group in query.groups]
    excluded = [] if ranking else ["!" + _item(item) for item in query.excluded]
    return " & ".join(groups + excluded)


def _quote(word):
    # Words are runs of letters and digits (query.parse); the accent folding PostgreSQL would
    # do anyway happens here so that the string shows what is searched.
    return "'" + text.key(word).replace("'", "''").replace("\\", "\\\\") + "'"


def _item(item):
    if isinstance(item, Phrase):
        return "(" + " <-> ".join(_quote(word) for word in item.words) + ")"
    return _quote(item.word) + (":*" if item.prefix else "")


def _words(value):
    """What PostgreSQL parses: our tokens, so hosts, URLs or decimals split as in SQLite."""
    return " ".join(text.tokens(value))


def _whole_words(value):
    """The words unstemmed (lower case, no accents), for prefixes: `parlem*` must find
    "parlement", whose stem "parl" is shorter than the prefix."""
    return " ".join(text.key(token) for token in text.tokens(value))


def index(article_id, published_at, fields, using):
    # Stemmed lexemes for words and phrases, then the whole words for prefixes; `||` shifts
    # the positions of the second half, so phrases never straddle the two.
    stemmed = [f"setweight(to_tsvector('{CONFIG}'::regconfig, %s), '{weight}')" for weight in "ABCD"]
    whole = [f"setweight(to_tsvector('simple'::regconfig, %s), '{weight}')" for weight in "ABCD"]
    names = ("title", "lead", "captions", "body")
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {DOCUMENTS} (article_id, published_at, document) "
            f"VALUES (%s, %s, {' || '.join(stemmed + whole)}) "
            "ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document, published_at = EXCLUDED.published_at",
            [
                article_id,
                published_at,
                *(_words(fields[name]) for name in names),
                *(_whole_words(fields[name]) for name in names),
            ],
        )


def clear(using):
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {DOCUMENTS}")


def optimize(using):
    # Autovacuum keeps the GIN index in shape, but after a rebuild the planner needs fresh
    # statistics at once: without them it scans every vector instead of walking the newest
    # entries, many times slower (docs/BENCHMARKS.md, « Measurements »).
    with connections[using].cursor() as cursor:
        cursor.execute(f"ANALYZE {DOCUMENTS}, articles_article")


def headlines(article_ids, query, using):
    """{article id: {field: text with START/STOP around matched words}}: ts_headline for these rows only."""

    def clean(column):
        return f"translate(left({column}, {text.MAX_FIELD_CHARS}), %s, '')"

    captions = (
        "coalesce((SELECT string_agg(p.caption, ' … ' ORDER BY p.position) FROM articles_photo p "
        "WHERE p.article_id = a.id), '')"
    )
    sql = (
        f"SELECT a.id, ts_headline('{CONFIG}', {clean('a.title')}, q, %s), "
        f"ts_headline('{CONFIG}', {clean('a.lead')}, q, %s), "
        f"ts_headline('{CONFIG}', {clean(captions)}, q, %s), "
        f"ts_headline('{CONFIG}', {clean('a.body_text')}, q, %s) "
        f"FROM articles_article a, {TSQUERY} q WHERE a.id = ANY(%s)"
    )
    params = [
        MARKERS,
        TITLE_OPTIONS,
        *[MARKERS, HEADLINE_OPTIONS] * 3,
        render(query),
        list(article_ids),
    ]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return {
            row[0]: dict(zip(("title", "lead", "captions", "body"), row[1:], strict=True)) for row in cursor.fetchall()
        }
