"""SQLite's window: the index entries whose articles the queryset searched keeps, checked as FTS5 hands out the
matches, newest first (articles.search.sqlite).

An entry's rowid is its search key, `publication second << ID_BITS | article id`: the key alone says when its
article was published and which it is, which a queryset's conditions on those read without the article's row.
"""

# Table names are module constants; every value is a bound parameter.
# ruff: noqa: S608

import math
import re
from datetime import datetime

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db.models.expressions import Col
from django.db.models.lookups import LessThanOrEqual
from django.db.models.sql.where import AND, WhereNode
from django.utils import timezone

from articles.search.expressions import articles_sql, pool_sql

ID_BITS = 27  # up to 134 million articles
ID_MASK = (1 << ID_BITS) - 1
# A queryset's articles read at once rather than looked up for each match (pool): at most this
# many, from a covering index's range bounded on both sides or by an equality (EXPLAIN QUERY PLAN's words).
POOL_HELD = 20_000
NARROW_PLAN = re.compile(r"^SEARCH (TABLE )?\S+ USING COVERING INDEX \S+ \((\w+=\?|\w+>=?\? AND \w+<=?\?)")
_ENTRY = "__entry_key__"  # stands for an entry's key in the SQL entries_pool() compiles


def entries_pool(queryset):
    """A function (SQL of an entry's key) → SQL (and params) of the condition that the queryset keeps the entry's
    article, the queryset compiled once a search, when first asked: the window's statement and the check of the
    best titles keep the same articles (a compile 0.15-0.5 ms at 100,251 articles, docs/BENCHMARKS.md, issue 16)."""
    made = []

    def pool(entry):
        if not made:
            made.append(_kept_sql(queryset))
        sql, params = made[0]
        return sql.replace(_ENTRY, entry), params

    return pool


def _kept_sql(queryset):
    """entries_pool()'s condition for the entry _ENTRY: its article looked up (EXISTS) — but for the condition
    `published_at <= moment` of Article.objects.published(), read from the key, which begins with its article's
    publication second: every entry below that second's first key is published by then, none from the next
    second's on, and only the entries of that very second have their article looked up for it. The queryset's
    other conditions are checked for each entry, as before; none (a search of words alone): no article row read
    (a common word's window read 1,000 of them for this, docs/BENCHMARKS.md, issue 16)."""
    entry_article_id = f"({_ENTRY} & {ID_MASK})"
    rest, published = _published_by(queryset)
    if published is None:
        sql, params = pool_sql(queryset, entry_article_id)
        return f"EXISTS ({sql})", params
    query = queryset.query
    compiler = query.get_compiler(queryset.db)
    published_sql, published_params = compiler.compile(published)
    pk = compiler.compile(query.model._meta.pk.get_col(query.base_table))[0]
    second = math.floor(published.rhs.timestamp())
    table = compiler.quote_name_unless_alias(query.base_table)
    sql = (
        f"{_ENTRY} < %s AND ({_ENTRY} < %s OR EXISTS (SELECT 1 FROM {table} "
        f"WHERE {pk} = {entry_article_id} AND {published_sql}))"
    )
    params = [(second + 1) << ID_BITS, second << ID_BITS, *published_params]
    if rest.query.where.children:
        rest_sql, rest_params = _by_id_alone(rest, entry_article_id) or _exists(pool_sql(rest, entry_article_id))
        sql, params = f"{sql} AND {rest_sql}", [*params, *rest_params]
    return sql, params


def _exists(compiled):
    sql, params = compiled
    return f"EXISTS ({sql})", params


def _by_id_alone(queryset, entry_article_id):
    """SQL (and params) of the queryset's conditions when they read nothing of its article's row but the id (a
    photo agency's EXISTS over the article's photos), that id the entry's (SQL `entry_article_id`): no article
    row looked up, each a page of its own at 100,251 articles (a word with an agency's window, 10.6 → 5.6 ms,
    docs/BENCHMARKS.md, issue 16). Else None. Every entry has its article: the trigger on articles_article
    deletes the entry with it."""
    query = queryset.query
    if len(query.alias_map) != 1 or _names_own_column(query.where, query):
        return None
    compiler = query.get_compiler(queryset.db)
    try:
        sql, params = compiler.compile(query.where)
    except (EmptyResultSet, FullResultSet):
        return None
    own = f"{compiler.quote_name_unless_alias(query.base_table)}."
    sql = sql.replace(own + compiler.quote_name_unless_alias(query.model._meta.pk.column), entry_article_id)
    return None if own in sql else (sql, list(params))


def _names_own_column(where, query):
    """Whether a condition of `where` (its AND and OR of lookups) compares a column of the query's own table other
    than its id (a section, a site): _by_id_alone() need not compile it to know (a compile a search, 0.3-0.5 ms of a
    section's count step at 100,251 articles, docs/BENCHMARKS.md, issue 16)."""
    for condition in where.children:
        column = getattr(condition, "lhs", None)
        if isinstance(condition, WhereNode) and _names_own_column(condition, query):
            return True
        if isinstance(column, Col) and column.alias == query.base_table and not column.target.primary_key:
            return True
    return False


def _published_by(queryset):
    """(the queryset without its condition `published_at <= an aware datetime`, that condition) when its WHERE
    ANDs it with the others, as Article.objects.published() does; else (queryset, None)."""
    query = queryset.query
    where = query.where
    if where.connector != AND or where.negated:
        return queryset, None
    for condition in where.children:
        column = getattr(condition, "lhs", None)
        if (
            isinstance(condition, LessThanOrEqual)
            and isinstance(column, Col)
            and column.alias == query.base_table
            and column.target.name == "published_at"
            and column.target.model is query.model
            and isinstance(condition.rhs, datetime)
            and timezone.is_aware(condition.rhs)
        ):
            rest = queryset.all()
            rest.query.where = WhereNode([other for other in where.children if other is not condition], AND)
            return rest, condition
    return queryset, None


def pool(cursor, queryset, kept_by, entry):
    """SQL (and params) keeping the entries (SQL `entry`: an entry's key) whose article the queryset keeps;
    `kept_by`: its entries_pool().

    Each entry's article looked up as it comes (EXISTS; see _kept_sql), or, when the queryset's articles are read
    from one range of a covering index (a section's, a period's) and are at most POOL_HELD, all of
    them read once and the entries tested against that list: a word in one section walked nine
    times as many matches as the window keeps, each an article row read (`réforme` in `economie`:
    17.6 → 10.0 ms at 100,000 articles, docs/BENCHMARKS.md, issue 16). A queryset of published articles and no
    other condition has nothing to read at once (its plan is the timeline's whole range): neither compiled nor
    planned again, the keys say it all."""
    rest, published = _published_by(queryset)
    if published is not None and not rest.query.where.children:
        return kept_by(entry)
    whole, whole_params = articles_sql(queryset)
    cursor.execute(f"EXPLAIN QUERY PLAN {whole}", whole_params)
    plan = [row[-1] for row in cursor.fetchall()]
    if len(plan) == 1 and NARROW_PLAN.search(plan[0]):
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM ({whole}) LIMIT %s)", [*whole_params, POOL_HELD + 1])
        if cursor.fetchone()[0] <= POOL_HELD:
            return f"({entry} & {ID_MASK}) IN ({whole})", whole_params
    return kept_by(entry)
