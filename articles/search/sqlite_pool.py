"""SQLite's window: the index entries whose articles the queryset searched keeps, checked as FTS5 hands out the
matches, newest first (articles.search.sqlite).

An entry's rowid is its search key, `publication second << ID_BITS | article id`: the key alone says when its
article was published and which it is, which a queryset's conditions on those read without the article's row.
"""

# Table names are module constants; every value is a bound parameter.
# ruff: noqa: S608

import math
import re
from datetime import UTC, date, datetime
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db.models.expressions import Col
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThanOrEqual, LessThan, LessThanOrEqual
from django.db.models.sql.where import AND, WhereNode
from django.utils import timezone

from articles.search.expressions import articles_sql, pool_sql

ID_BITS = 27  # up to 134 million articles
ID_MASK = (1 << ID_BITS) - 1
_DAY = 24 * 60 * 60  # more than any time zone's distance from UTC, in seconds
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
    bounded = _bounded(queryset)
    if bounded is not None:
        return _bounded_sql(queryset, bounded, entry_article_id)
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


class _Bounded(NamedTuple):
    """A queryset's bounds on its articles' publication that the keys read (_bounded())."""

    rest: object  # the queryset without them
    until: object  # its condition `published_at < moment`, the moment no later than now
    since: object  # its condition `published_at__date >= day` (« Du »), or None


def _bounded_sql(queryset, bounded, entry_article_id):
    """_kept_sql()'s condition for a queryset of published articles up to a moment before now (« Au »): its bounds
    on the key (_bounds_sql), then its other conditions checked for each entry as _kept_sql() checks them."""
    sql, params = _bounds_sql(queryset, bounded, entry_article_id)
    if bounded.rest.query.where.children:
        rest_sql, rest_params = _by_id_alone(bounded.rest, entry_article_id) or _exists(
            pool_sql(bounded.rest, entry_article_id)
        )
        sql, params = f"{sql} AND {rest_sql}", [*params, *rest_params]
    return sql, params


def _bounds_sql(queryset, bounded, entry_article_id):
    """SQL (and params) of the entries (_ENTRY) that the queryset's bounds keep: the keys' range, which FTS5 starts
    its walk from (the moment's second, not now: every newer match was walked and looked up first,
    docs/BENCHMARKS.md, issue 16), then each bound checked on the key where it decides — an article looked up only
    for the entries of the moment's own second (none: the moment is a second's start) and those of the two days
    around the first day's start in UTC, which its time zone may put on either side of it."""
    compiler = queryset.query.get_compiler(queryset.db)
    table = compiler.quote_name_unless_alias(queryset.query.base_table)
    pk = compiler.compile(queryset.query.model._meta.pk.get_col(queryset.query.base_table))[0]

    def looked_up(condition):
        condition_sql, condition_params = compiler.compile(condition)
        return f"EXISTS (SELECT 1 FROM {table} WHERE {pk} = {entry_article_id} AND {condition_sql})", condition_params

    sql, params = _key_range(bounded, _ENTRY)
    second, fraction = _second(bounded.until.rhs)
    if fraction:  # the entries of the moment's second: published before it or not
        until_sql, until_params = looked_up(bounded.until)
        sql, params = f"{sql} AND ({_ENTRY} < %s OR {until_sql})", [*params, second << ID_BITS, *until_params]
    if bounded.since is not None:
        since_sql, since_params = looked_up(bounded.since)
        sure = _seconds(bounded.since.rhs) + _DAY
        sql, params = f"{sql} AND ({_ENTRY} >= %s OR {since_sql})", [*params, sure << ID_BITS, *since_params]
    return sql, params


def _key_range(bounded, entry):
    """SQL (and params) of the range of keys (SQL `entry`) of every entry whose article the bounds may keep: below
    the moment's second (its own too when the moment falls within it), from a day before the first day's start in
    UTC (whatever the time zone that puts each article on its day)."""
    second, fraction = _second(bounded.until.rhs)
    sql, params = f"{entry} < %s", [(second + fraction) << ID_BITS]
    if bounded.since is not None:
        sql, params = f"{entry} >= %s AND {sql}", [(_seconds(bounded.since.rhs) - _DAY) << ID_BITS, *params]
    return sql, params


def _second(moment):
    """(the moment's second since the epoch, 1 if the moment falls within that second rather than at its start)."""
    second = math.floor(moment.timestamp())
    return second, int(moment.timestamp() > second)


def _seconds(day):
    """The seconds since the epoch at the start of `day` in UTC."""
    return math.floor(datetime.combine(day, datetime.min.time(), UTC).timestamp())


def _bounded(queryset):
    """_Bounded for a queryset whose WHERE ANDs `published_at <= now` (Article.objects.published(), _published_by)
    with `published_at < a moment` no later than now (the search page's « Au »), and maybe `published_at__date >=`
    a day (« Du »); else None: every other search keeps its plan."""
    rest, published = _published_by(queryset)
    if published is None:
        return None
    until = since = None
    children = rest.query.where.children
    for condition in children:
        if until is None and _is_before(condition, rest.query, LessThan) and condition.rhs <= published.rhs:
            until = condition
        elif since is None and _is_since(condition, rest.query):
            since = condition
    if until is None:
        return None
    # The moment is no later than now: its condition implies `published_at <= now`, left out.
    rest = rest.all()
    rest.query.where = WhereNode([other for other in children if other is not until and other is not since], AND)
    return _Bounded(rest, until, since)


def _is_published_at(column, query):
    return (
        isinstance(column, Col)
        and column.alias == query.base_table
        and column.target.name == "published_at"
        and column.target.model is query.model
    )


def _is_before(condition, query, lookup):
    """Whether the condition is `published_at` (the query's own) `lookup` (`<`, `<=`) an aware datetime."""
    return (
        isinstance(condition, lookup)
        and _is_published_at(condition.lhs, query)
        and isinstance(condition.rhs, datetime)
        and timezone.is_aware(condition.rhs)
    )


def _is_since(condition, query):
    """Whether the condition is `published_at__date >= a day`, the day of each article in some time zone."""
    return (
        isinstance(condition, GreaterThanOrEqual)
        and isinstance(condition.lhs, TruncDate)
        and _is_published_at(condition.lhs.lhs, query)
        and type(condition.rhs) is date
    )


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
        if _is_before(condition, query, LessThanOrEqual):
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
    bounded = _bounded(queryset)
    if bounded is not None:
        return _bounded_pool(cursor, queryset, kept_by, entry, bounded)
    rest, published = _published_by(queryset)
    if published is not None and not rest.query.where.children:
        return kept_by(entry)
    return _narrow_pool(cursor, queryset, entry) or kept_by(entry)


def _bounded_pool(cursor, queryset, kept_by, entry, bounded):
    """pool() for a queryset bounded by a moment before now (_bounded()): the entries checked by their keys alone
    when the bounds are the queryset's only conditions; else its articles read at once when pool() would read them,
    their first day (« Du ») as a bound on published_at a day earlier, which the index reads — the day of each
    article computed for each row of a section's range read it several times slower (docs/BENCHMARKS.md, issue
    16) —, the entries checked against them and against the bounds on their keys (_bounds_sql); else one by one."""
    narrow = None
    if bounded.rest.query.where.children:
        articles = queryset.all()
        if bounded.since is not None:
            children = [condition for condition in articles.query.where.children if condition is not bounded.since]
            articles.query.where = WhereNode(children, AND)
            earliest = datetime.fromtimestamp(_seconds(bounded.since.rhs) - _DAY, UTC)
            articles = articles.filter(published_at__gte=earliest)
        narrow = _narrow_pool(cursor, articles, entry)
    if narrow is None:
        return kept_by(entry)  # its SQL bounds the keys' range (_bounded_sql)
    entry_article_id = f"({entry} & {ID_MASK})"
    bounds_sql, bounds_params = _bounds_sql(queryset, bounded, entry_article_id)
    return f"{bounds_sql.replace(_ENTRY, entry)} AND {narrow[0]}", [*bounds_params, *narrow[1]]


def _narrow_pool(cursor, queryset, entry):
    """SQL (and params) of the entries whose article is among the queryset's when they are read from one range of a
    covering index and are at most POOL_HELD (pool()); else None."""
    whole, whole_params = articles_sql(queryset)
    cursor.execute(f"EXPLAIN QUERY PLAN {whole}", whole_params)
    plan = [row[-1] for row in cursor.fetchall()]
    if len(plan) == 1 and NARROW_PLAN.search(plan[0]):
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM ({whole}) LIMIT %s)", [*whole_params, POOL_HELD + 1])
        if cursor.fetchone()[0] <= POOL_HELD:
            return f"({entry} & {ID_MASK}) IN ({whole})", whole_params
    return None
