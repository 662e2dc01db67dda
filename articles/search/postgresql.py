"""PostgreSQL backend: a weighted tsvector per article, made in Python (`text.analyse`), GIN-indexed.

PostgreSQL never reads the text itself: the vector is written as a tsvector literal, the words
folded as `text.fold` makes them (CJK as character pairs) and, at the same positions, their
language-tagged stems; the query is a tsquery literal built from the same functions
(`terms.py`). So both databases find the same articles, whatever the script or language.
Weights: A title, B lead, C captions, D body. A second vector holds the title alone, for the
title's share of the rank and, GIN-indexed too, for the best titles of the whole archive.

The vectors live in their own table, written by `index_article` in the article's transaction:
captions come from the photos, so neither a GeneratedField nor a trigger on the article row
could see them (photos are written after their article). The table also keeps the article's
publication date, indexed, so that a search can stop after its window of newest matches.
"""

# Table names are module constants; every value is a bound parameter.
# ruff: noqa: S608

import json
import math
import re
import time
from collections import Counter
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

from django.db import connections, transaction
from django.db.models import FloatField
from django.db.models.expressions import Col
from django.db.models.functions import TruncDate
from django.db.models.sql import Query

from articles.search import languages, shared, terms, text
from articles.search.expressions import ArticleSQL, articles_sql, in_ids, pool_sql

DOCUMENTS = "articles_search_document"
HEADS = "articles_search_head"  # each document's title, lead and captions (weights A, B, C), migration 0027
PAIRS = "articles_search_pairs(document)"  # its neighbouring words, GIN-indexed (migration 0025)
LONG = "~"  # the pairs of a document whose keys cannot be told (render_pairs)
FIELDS = (("title", "A"), ("lead", "B"), ("captions", "C"), ("body", "D"))
MAX_POSITION = 16383  # PostgreSQL's limit; later words share the last position
MAX_POSITIONS = 255  # positions kept per term (to_tsvector keeps 256)
TITLE_WEIGHT = 2.0  # the title-only rank (normalised by the title's length), added to the whole one's
VECTOR = 8.0  # reading and testing a phrase's candidate's vector costs as much as taking this many from the index
SAMPLE = 300  # documents read to measure the share of them holding a phrase
PARALLEL_GAIN = 2.0  # a phrase's vectors read by parallel workers (max_parallel_workers_per_gather 2)
BUDGET = 2.0  # the window looks among at most this many times the newest documents it is expected to need
RECENT = 0.1  # a word's matches are looked for among the newest documents first when they are at most this share
SCATTERED = 0.5  # filters on the article's own columns keeping at most this share of the archive: matches hashed
RECENT_AGAIN = 0.2  # when they did not fill the window, once more among at most this share (the rest: the index)
WORD_VECTOR = 40.0  # a vector read newest first costs as much as this many matches of a word from the GIN index
SURELY_MORE = 4.0  # titles are not counted when the planner expects this many times more than a search takes
BODY = 0.1  # ts_rank's weight D: the body's positions add at most this to a term's share of a rank (Rank)
SLACK = 1e-5  # ranks are float4: a bound on them is taken this much wider
PLAN = "auto"  # or "newest" / "index": one plan whatever the estimates (benchmarks, tests)
NEWEST = 1.25  # a page searching its words again: the newest matches kept for it, this many times the window
_NEWEST = "newest matches"  # their key among what a page's searches keep (articles.search.shared)
_NEWEST_FIRST = "ORDER BY published_at DESC, article_id DESC"


def search(queryset, query, window, keep=None, best=0, most=0):
    """The queryset narrowed to its `window` newest matches of `query` and, when more matched, the
    articles of the `best` best titles that the window left out (if at most `most` titles match);
    annotated with `rank`.

    Returns (queryset, truncated, older, count): truncated is True when more articles matched than the
    window holds, older counts the articles added for their title, count the articles the queryset holds
    (each id kept passed its filters already: no COUNT statement, 2–3 ms a page at 100,251 articles).
    `keep(ids)`, if given, chooses among the ids (newest first) those the queryset keeps.
    """
    held = languages.held(queryset.db)
    matching, scored = render(query, held=held), render(query, ranking=True, held=held)
    # The window's matches found by the terms some document holds: the same documents, and the GIN index tests
    # each candidate against fewer terms (`_absent_terms`); the page's heads are ranked with them too (`Rank`).
    absent = _absent_terms(queryset.db, query, held, matching)
    lean = render(query, held=held, absent=absent) if absent else matching
    ids = _window(queryset, lean, window + 1, render_pairs(query, held))
    truncated = len(ids) > window
    ids = ids[:window]
    titles = _best_titles(queryset, query, matching, scored, best, most, set(ids)) if truncated and best else []
    ids = keep(ids + titles) if keep else ids + titles
    older = len(set(titles).intersection(ids))
    # The ids as one array literal (expressions.in_ids): the page and the facets each send
    # them, and psycopg dumping a list of a thousand took 0.6 ms a statement.
    found = _unfiltered(queryset).filter(in_ids(ids, queryset.db))
    held_scored = render(query, ranking=True, held=held, absent=absent) if absent else scored
    rank = Rank(scored, ids, _conditions(found.query.where), held=held_scored)
    return found.annotate(rank=rank), truncated, older, len(ids)


def _absent_terms(using, query, held, matching):
    """The terms of `query` (rendered `matching` with the languages `held`) that no document holds: a query
    rendered without them (render's `absent`: each item keeps its sequences whose every term some document
    holds, all of them when none does) matches the same documents — a sequence with a term no document holds
    matches none, kept or left out, in an exclusion too — but the GIN index tests each candidate against fewer
    terms: a word is rendered with its stems in every language held, most of them in no document (`crise
    économique Beyrouth`: 39 terms, 7 held; the index's documents 40 → 25 ms at 100,251 articles,
    docs/BENCHMARKS.md, issue 16). Read once by a page's searches (articles.search.shared)."""

    def read():
        with connections[using].cursor() as cursor:
            return _absent(cursor, sorted({term for sequence in _sequences(query, held) for term in sequence}))

    return shared.remembered(("absent", using, matching), read)


def _sequences(query, held):
    """The sequences of terms the query's items are rendered with (`_item`): their words and stems."""
    for item in [*(item for group in query.groups for item in group), *query.excluded]:
        match = terms.expand(item, held)
        if isinstance(match, terms.Match):
            yield from (match.words, *match.stems)


_READ_THIS_MINUTE = {}  # database alias → (time first read, {what was read: its value}); emptied after a minute


def _read_this_minute(cursor, key, read):
    """read(cursor), or what it gave for `key` on this database less than a minute ago: the planner's
    commonest terms (_common_terms), a window's floor (_floor)."""
    alias = cursor.db.alias
    read_at, values = _READ_THIS_MINUTE.get(alias, (0.0, {}))
    if time.monotonic() - read_at > 60:
        read_at, values = time.monotonic(), {}
        _READ_THIS_MINUTE[alias] = (read_at, values)
    if key not in values:
        values[key] = read(cursor)
    return values[key]


def _absent(cursor, candidates):
    """The terms among `candidates` that no document holds (a frozenset). Those the planner's statistics
    count among the commonest (thousands of them, each in some 0.03 % of the documents or more) are taken
    as held; each other is looked up in the GIN index, which reads no posting list for a term no document
    holds and a short one for a rare term (the commonest read in full: 4–10 ms for a word in 92 % of the
    documents). Taking a term as held never changes what matches. Counted, not `EXISTS`: to find one
    document the planner would read the vectors one after the other (all of them for a term none holds);
    each term a constant, it read the statistics again for each (2–5 ms of planning)."""
    common = _common_terms(cursor)
    rare = [term for term in candidates if term not in common]
    if not rare:
        return frozenset()
    cursor.execute(
        "SELECT rare.at FROM unnest(%s::text[]) WITH ORDINALITY AS rare(query, at) "
        f"WHERE (SELECT count(*) FROM {DOCUMENTS} WHERE document @@ rare.query::tsquery) = 0",
        [[_quote(term) for term in rare]],
    )
    return frozenset(rare[at - 1] for (at,) in cursor.fetchall())


def _common_terms(cursor):
    """The terms of the documents that the planner's statistics count among the commonest (ANALYZE's
    most common elements of the vectors), read again after a minute; none before the table is analysed."""

    def read(cursor):
        cursor.execute(
            "SELECT most_common_elems::text::text[] FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = %s AND attname = 'document'",
            [DOCUMENTS],
        )
        row = cursor.fetchone()
        return frozenset(row[0] or ()) if row else frozenset()

    return _read_this_minute(cursor, "common terms", read)


def _conditions(node):
    """How many conditions a query's WHERE holds (its leaves)."""
    children = getattr(node, "children", None)
    return 1 if children is None else sum(_conditions(child) for child in children)


# ts_rank's default weights: A (title) 1.0, B (lead) 0.4, C (captions) 0.2, D (body) 0.1;
# exclusions only filter (ts_rank of `a & !b` is 0 for every row). The title's own rank is divided
# by its length (normalization 2): the title that is the query outranks a longer one. It counts
# only for a title that holds every group, as on SQLite: ts_rank scores a title holding some
# of the words too, and a short one of them outranked the title typed in full.
_TITLE_SHARE = f"CASE WHEN title @@ %s::tsquery THEN {TITLE_WEIGHT} * ts_rank(title, %s::tsquery, 2) ELSE 0 END"
_EXACT = f"(SELECT ts_rank(document, %s::tsquery) + {_TITLE_SHARE} FROM {DOCUMENTS} WHERE article_id = {{pk}})"
# A document's head's rank plus its title's share: at most its rank (`Rank`); the head's row holds a copy
# of the title's vector. Each id's row read by its key (OFFSET 0 keeps the lookups apart: joined to the list
# of ids, the planner read every row, 21 ms at 100,251 articles against 3); an id without a head is ranked
# exactly (its title's share counted 0).
_HEADS = (
    "SELECT found.id AS article_id, scored.id IS NULL AS unknown, coalesce(scored.low, 0) AS low "
    "FROM unnest(%s::bigint[]) AS found(id) "
    f"LEFT JOIN LATERAL (SELECT article_id AS id, ts_rank(head, %s::tsquery) + {_TITLE_SHARE} AS low "
    f"FROM {HEADS} WHERE article_id = found.id OFFSET 0) AS scored ON true"
)
_FIRST = (
    f"CASE WHEN {{pk}} = ANY(ARRAY(WITH heads AS MATERIALIZED ({_HEADS}) SELECT article_id FROM heads "
    "WHERE unknown OR low + %s >= coalesce((SELECT low FROM heads ORDER BY low DESC OFFSET %s LIMIT 1), '-Infinity'))) "
    f"THEN {_EXACT} ELSE -1 END"
)


class Rank(ArticleSQL):
    """An article's rank (higher is better): ts_rank of its document plus its title's share — exact for
    the first rows of a query sliced as a page is (rows [a:b]: the first b), -1 for the articles that
    cannot be among them, so that only the few that can have their vectors read.

    ts_rank of a query whose terms need not all match (its top operator an OR, or one term) adds, for
    each term of the query a document holds, its positions' weights divided by the squares of their
    ranks, divided by the query's number of terms; a document's positions run title, lead, captions,
    body, weights A, B, C, D (0.1). The body can add to a term its D positions' share only: at most
    0.1 (less than 0.1 × π²/6 / 1.64493, ts_rank's own divisor), and a document holds at most a
    language's stems besides the words (`_body_share`). So the rank is at least the head's rank
    (articles_search_head: A, B and C, migration 0027) and at most that plus this share: an article
    whose bound is below the b-th best head's rank is not among the first b. Words that must all match
    (ts_rank scores how close they stand, body included) and prefixes (one term for many words) are
    ranked exactly, as is every row of a query not sliced, not ordered best first, or filtered after the
    search (the b-th best head is then not among its rows).

    `held`: `scored` without the terms no document holds (search's `absent`), which cost ts_rank a lookup
    each in every vector it reads. The heads are ranked with it: ts_rank adds the same terms, divided by
    fewer (their number), so every rank is that many times higher, the title's share and the bound too:
    the bound keeps the articles the full query's keeps, and those within SLACK of a full rank (a page's
    1,000 heads: 4.7 → 3.1 ms for `diplomatie`, 13 terms then 2, at 100,251 articles; docs/BENCHMARKS.md,
    issue 16). Words that must all match are ranked exactly with it: ts_rank then adds the pairs of
    positions of the terms a document holds, in the terms' order, and divides by nothing — the same float
    (21.6 → 16.6 ms for `armée frontière sud`'s 1,000 vectors). A query that needs all its terms but holds
    fewer than two once they are left out (ts_rank then adds term by term) is ranked with every term."""

    def __init__(self, scored, ids, conditions, held=None):
        held = held or scored
        exact = held if _operators(scored) == {"&"} and len(_terms(held)) > 1 else scored
        super().__init__(_EXACT, [exact, exact, exact], FloatField())
        self.scored, self.held, self.ids, self.conditions = scored, held, ids, conditions
        self.share = _body_share(held)
        # The heads' ranks are those of the full query times this (their terms' numbers): so is the slack.
        self.slack = SLACK * len(_terms(scored)) / max(len(_terms(held)), 1)

    def as_sql(self, compiler, connection):
        query, first = compiler.query, compiler.query.high_mark
        if (
            self.share is None
            or first is None
            or first >= len(self.ids)
            or tuple(query.order_by[:1]) != ("-rank",)
            or _conditions(query.where) != self.conditions
        ):
            return super().as_sql(compiler, connection)
        pk_sql, pk_params = compiler.compile(self.pk)
        scored, held, ids = self.scored, self.held, "{" + ",".join(map(str, map(int, self.ids))) + "}"
        params = [*pk_params, ids, held, held, held, self.share + self.slack, first - 1, scored, scored, scored]
        return _FIRST.replace("{pk}", pk_sql), (*params, *pk_params)


_TERM = re.compile(r"'([^']*)'")  # a term of a rendered tsquery: single-quoted, no ASCII punctuation in it (text.fold)


def _terms(tsquery):
    """The distinct terms of `tsquery` (ts_rank counts each once)."""
    return set(_TERM.findall(tsquery))


def _body_share(scored):
    """What a document's body may add to its ts_rank for `scored` (query rendered for ranking), at most;
    None when ts_rank of the query does not add term by term (`Rank`)."""
    if ":*" in scored or not _operators(scored) <= {"|"}:
        return None
    terms = _terms(scored)
    stems = Counter(term.partition("_")[0] for term in terms if "_" in term)  # "fr_secur": a language's
    held = len(terms) - sum(stems.values()) + max(stems.values(), default=0)
    return BODY * held / len(terms)


def _operators(tsquery):
    """The operators joining the top-level parts of `tsquery` (`&`, `|`, `<` of `<->`, `!`; none for one
    term): ts_rank adds term by term under an OR or one term, pairs of positions under an AND."""
    inner = tsquery.strip()
    while inner.startswith("(") and _closing(inner, 0) == len(inner) - 1:
        inner = inner[1:-1].strip()
    depth, operators = 0, set()
    for char in inner:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and char in "&|<!":
            operators.add(char)
    return operators


def _closing(text, start):
    """The index of the parenthesis closing the one at `start`."""
    depth = 0
    for at in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[at], 0)
        if depth == 0:
            return at
    return -1


def _unfiltered(queryset):
    """The queryset without its conditions, when they join no other table: every id found passed
    them already (`EXISTS (pool)`), and the count, the page and the facets would test them again
    on each article — a photo agency's, for instance, by reading every photo (docs/BENCHMARKS.md,
    issue 16). A join is kept with its conditions: a join to many rows would repeat articles."""
    if len(queryset.query.alias_map) > 1:
        return queryset
    queryset = queryset.all()
    queryset.query.clear_where()
    return queryset


def _best_titles(queryset, query, matching, scored, best, most, window_ids):
    """The ids, newest first, of the `best` articles of the queryset whose titles match best (the
    GIN index of the titles), leaving out the window's; none when more than `most` titles match.

    `matching` and `scored` are the query rendered by search() for matching and for ranking."""
    with connections[queryset.db].cursor() as cursor:
        # The titles matching do not depend on the other filters: a page's searches (its facets'
        # without one filter) read them once (articles.search.shared).
        found = shared.remembered(("titles", queryset.db, scored, most), lambda: _matching_titles(cursor, scored, most))
        ranked = sorted(((score, when, pk) for pk, when, score in found), reverse=True)
        # The title cannot say what the rest of the article holds: with excluded words, its vector is read.
        holding = (lambda rows, count: _holding(cursor, rows, matching, count)) if query.excluded else None
        found = _first_passing(queryset, ranked, best, 2 * best, pk=lambda row: row[2], holding=holding)
    return [pk for _, when, pk in sorted(found, key=lambda row: row[1:], reverse=True) if pk not in window_ids]


def _matching_titles(cursor, scored, most):
    """[(id, date, title's rank)] of the documents whose titles match `scored`, if at most `most` do; else [].
    The date in microseconds since 1970 (it only orders them): psycopg making a datetime of each of 886
    dates (`réforme`) took longer than the statement."""
    # Not even counted when the planner expects many times `most` (its estimate of a word ORed
    # with its stems adds theirs: 1.0–2.0 times the titles matching for the words of
    # bench_search): reading `most` + 1 titles took 10–15 ms for a common word.
    if _estimate(cursor, f"SELECT 1 FROM {DOCUMENTS} WHERE title @@ %s::tsquery", [scored]) > SURELY_MORE * most:
        return []
    # Counted first (at most `most` + 1 titles read): a title's rank only when few match.
    cursor.execute(
        "SELECT article_id, (extract(epoch FROM published_at) * 1000000)::bigint, "
        f"ts_rank(title, %s::tsquery, 2) FROM ("
        f"SELECT article_id, published_at, title, count(*) OVER () AS n FROM ("
        f"SELECT article_id, published_at, title FROM {DOCUMENTS} WHERE title @@ %s::tsquery LIMIT %s) AS found"
        f") AS {DOCUMENTS} WHERE n <= %s",
        [scored, scored, most + 1, most],
    )
    return cursor.fetchall()


def _passing(queryset, ids):
    """The ids among `ids` of the queryset's articles (a set): the filters checked on these few
    articles by their ids. Checked on each title row as `EXISTS (…)`, the planner hashed every
    article of the queryset first: 45 ms of a 50 ms statement at 100,251 articles (docs/BENCHMARKS.md, issue 16)."""
    if not ids:
        return set()
    return set(queryset.order_by().filter(in_ids(ids, queryset.db)).values_list("pk", flat=True))


def _first_passing(queryset, rows, count, first, pk=lambda row: row, holding=None):
    """The first `count` of `rows` (in their order) whose articles (`pk(row)`) the queryset keeps — and, with
    `holding(rows, count)`, that it keeps among those —, checked `first` at a time, then as many more as the
    share found passing asks: the best titles of a word in one section or with an agency, or those of a
    facet's second search (nearly all pass), were all checked to keep 20 (`réforme`: its 791 titles, 2.6 ms at
    100,251 articles), as was every one of the newest matches a page kept (docs/BENCHMARKS.md, issue 16)."""
    kept, start, size = [], 0, first
    while len(kept) < count and start < len(rows):
        batch = rows[start : start + size]
        passing = _passing(queryset, [pk(row) for row in batch])
        batch = [row for row in batch if pk(row) in passing]
        kept.extend(holding(batch, count - len(kept)) if holding and batch else batch)
        start += size
        # The share that passed so far, half an article counted when none did: half as many again as it asks.
        share = max(len(kept), 0.5) / start
        size = max(size, math.ceil(1.5 * (count - len(kept)) / share))
    return kept[:count]


def _holding(cursor, found, matching, best):
    """The first `best` of `found` [(score, date, id)] whose documents match `matching`, in order,
    the vectors read a few at a time."""
    kept, start, size = [], 0, best
    while len(kept) < best and start < len(found):
        batch = found[start : start + size]
        cursor.execute(
            f"SELECT article_id FROM {DOCUMENTS} WHERE article_id = ANY(%s) AND document @@ %s::tsquery",
            [[pk for _, _, pk in batch], matching],
        )
        matched = {row[0] for row in cursor.fetchall()}
        kept.extend(row for row in batch if row[2] in matched)
        start, size = start + size, size * 2
    return kept[:best]


def _window(queryset, tsquery, limit, pairs=""):
    """The ids of the `limit` newest documents matching `tsquery` among the queryset's articles;
    `pairs` (render_pairs), the word pairs its phrases need: their candidates from the pairs' index.

    Words (no phrase), three plans chosen by their cost (`_plan`): a word in most documents, read
    them newest first, testing each, until `limit` pass; else the matches among the newest
    documents where the window should fill (the GIN index's and the date index's bitmaps ANDed:
    no vector read; when they do not fill it, once more among as many documents as the share of
    matches found asks, if few); else, or if it did not fill, every match from the GIN index,
    sorted, then filtered until `limit` pass — or, when the filters set a period expected to hold
    more matches than that, its matches first (`_since_start`).
    A phrase: the GIN index only gives the documents holding its words, whose vectors are read
    for their positions; two plans, chosen by their cost from the planner's estimates: read the
    documents newest first, testing each, until `limit` pass; or ask the GIN index for every
    candidate, then filter and sort them. Newest first reads at most a budget of documents
    (estimates of a phrase's matches can be far off), then gives way to the index. PostgreSQL's
    own choices are often wrong: its cost model does not count reading a document's vector
    (docs/BENCHMARKS.md, issue 16). Each plan is forced for its statement only.
    A page that searches the same words again (a facet's count without the reader's section or
    agency) takes that window from the newest matches the first search kept (`_among_kept`).
    """
    using = queryset.db
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        ceiling = _ceiling(cursor, queryset)
        # The newest matches a page's searches keep are those before the ceiling (its searches share their dates).
        key = tsquery if ceiling is None else (tsquery, ceiling)
        ids = _among_kept(queryset, shared.kept((_NEWEST, using, key)), limit)
        if ids is not None:
            return ids
        # A page that searches its words again without one of its filters (a facet's count): a plan that
        # reads every match, or every match since a date, keeps the newest for that search.
        newest = math.ceil(NEWEST * limit) if shared.again() and not pairs and not _phrase(tsquery) else 0
        plan, budget = _plan(cursor, tsquery, queryset, limit, ceiling)
        if plan == "walk" and _phrase(tsquery):
            ids = _newest(cursor, tsquery, queryset, limit, budget, pairs, ceiling)
        elif plan == "walk":
            ids = _walk(cursor, tsquery, queryset, limit, budget, ceiling)
        elif plan == "articles":
            ids = _among_articles(cursor, tsquery, queryset, limit)
        elif plan == "since":  # a period's matches, if they fill the window
            ids = _since_start(cursor, tsquery, queryset, limit, newest, ceiling, key)
        elif plan == "hashed":  # among the newest documents first, when they should fill the window
            floor = _floor(cursor, budget, ceiling)
            ids = _hashed(cursor, tsquery, queryset, limit, floor, newest, ceiling, key) if floor is not None else []
            ids = ids if len(ids) == limit else _hashed(cursor, tsquery, queryset, limit, None, newest, ceiling, key)
        elif plan == "recent" and budget:
            floor = _floor(cursor, budget, ceiling)
            ids = _recent_matches(cursor, tsquery, queryset, limit, floor, newest=newest, ceiling=ceiling, key=key)
            if len(ids) < limit:  # once more over as many documents as the share found says, if few:
                further = math.ceil(BUDGET * limit * budget / max(len(ids), 1))  # the older ones only
                if further <= RECENT_AGAIN * _documents(cursor, ceiling):
                    older = _floor(cursor, further, ceiling)
                    ids += _recent_matches(cursor, tsquery, queryset, limit - len(ids), older, floor)
                else:
                    ids = []
            ids = ids if len(ids) == limit else None
        return ids if ids is not None else _from_index(cursor, tsquery, queryset, limit, pairs, newest, ceiling, key)


def _since_start(cursor, tsquery, queryset, limit, newest=0, ceiling=None, key=None):
    """The `limit` newest matches of a query without a phrase whose filters set the earliest publication date
    (a period: the last 30 days), if the matches published since then fill the window, from the GIN index's
    and the date index's bitmaps (`_recent_matches`, that date its floor); else None. Any document older than
    the floor is older than each of those, so they are the window's. Taken from the GIN index alone, every
    match of the word was read and sorted, over the years, to keep the period's: `port` + 30 days 21 → 7 ms
    at 100,251 articles (docs/BENCHMARKS.md, issue 16)."""
    since = _earliest(queryset.query.where, queryset.model)
    if since is None:
        return None
    ids = _recent_matches(cursor, tsquery, queryset, limit, since, newest=newest, ceiling=ceiling, key=key)
    return ids if len(ids) == limit else None


def _earliest(node, model):
    """The latest of the earliest publication dates (datetimes) that the conditions ANDed in `node` set on
    the `model`'s own `published_at` (`>=` or `>` a date and time, or its day's: then from the day before's
    start in UTC, before that day starts in any time zone), or None."""
    return _bound(node, model, _start, max)


def _start(condition, model):
    lhs, rhs = getattr(condition, "lhs", None), getattr(condition, "rhs", None)
    if getattr(condition, "lookup_name", None) not in ("gt", "gte"):
        return None
    if isinstance(rhs, datetime) and _published_at(lhs, model):
        return rhs
    if isinstance(rhs, date) and isinstance(lhs, TruncDate) and _published_at(lhs.lhs, model):
        return datetime(rhs.year, rhs.month, rhs.day, tzinfo=UTC) - timedelta(days=1)
    return None


def _bound(node, model, read, pick):
    """`pick` (max, min) of the dates `read(condition, model)` gives (None: no bound) for the conditions ANDed in
    `node`, those of its nested ANDs included; None when there is none, or `node` is negated or an OR."""
    if getattr(node, "negated", False) or getattr(node, "connector", "AND") != "AND":
        return None
    dates = (
        _bound(child, model, read, pick) if hasattr(child, "children") else read(child, model)
        for child in getattr(node, "children", ())
    )
    return pick((found for found in dates if found is not None), default=None)


def _ceiling(cursor, queryset):
    """The date before which every document the queryset's filters keep was published (`_latest`), when some
    document was published since (« Au », a day in the past): the windows then read the documents before it
    only — walked newest first from it, not from now, or its matches from the indexes alone —, where they
    walked every newer document or match first, each rejected by the filters (`pays` up to a day of 2025:
    2.9 s at 100,251 articles; docs/BENCHMARKS.md, issue 16). None otherwise, and each plan stays as it was:
    the publication date that `Article.objects.published()` sets (now) has no document after it.
    Each document's published_at is its article's (`index_many`, written with the article)."""
    latest = _latest(queryset.query.where, queryset.model)
    if latest is None:
        return None
    newest = _read_this_minute(cursor, "newest document", _newest_document)
    return latest if newest is not None and newest >= latest else None


def _newest_document(cursor):
    cursor.execute(f"SELECT max(published_at) FROM {DOCUMENTS}")
    return cursor.fetchone()[0]


def _latest(node, model):
    """The earliest of the dates (datetimes) before which the conditions ANDed in `node` keep the `model`'s
    own `published_at` (`<` a date and time; `<=` one: before the next microsecond, PostgreSQL's precision),
    or None."""
    return _bound(node, model, _end, min)


def _end(condition, model):
    lhs, rhs, lookup = (
        getattr(condition, "lhs", None),
        getattr(condition, "rhs", None),
        getattr(condition, "lookup_name", None),
    )
    if lookup in ("lt", "lte") and isinstance(rhs, datetime) and rhs.tzinfo and _published_at(lhs, model):
        return rhs if lookup == "lt" else rhs + timedelta(microseconds=1)
    return None


def _below(ceiling):
    """(SQL, params): the condition that a document was published before the `ceiling`, if any."""
    return ("", []) if ceiling is None else (" AND published_at < %s", [ceiling])


def _published_at(column, model):
    return isinstance(column, Col) and column.target.model is model and column.target.name == "published_at"


def _among_kept(queryset, kept, limit):
    """The `limit` newest matches among the queryset's articles, from the newest matches an earlier search
    of the page kept (`_keep`): those of them its filters keep, checked on these ids alone; None when they
    cannot tell (fewer pass, and older matches were not kept). A facet's second search of a word in a
    section or with an agency took its own window (8–11 ms at 100,251 articles) and its plan's statements."""
    if kept is None:
        return None
    newest, complete = kept
    ids = _first_passing(queryset, newest, limit, limit)
    return ids if len(ids) == limit or complete else None


def _keep(cursor, tsquery, newest, complete):
    """Keep the newest matches of `tsquery` (ids, newest first; `complete`: all of them) for the page's
    next searches."""
    shared.keep((_NEWEST, cursor.db.alias, tsquery), (newest, complete))


def _window_and_newest(
    cursor, tsquery, matching, window, params, limit, newest, complete, sorted_first=False, **settings
):
    """The ids of the `limit` newest matches the window keeps and, from the same matches, the `newest` newest
    of them kept for the page's next searches (`_keep`; `complete(kept)`: whether they are every match), in one
    statement, with `settings` (`_set_local`) for it only. `matching`: the condition on the documents that gives
    the matches; `window`: the one keeping the window's among them (the other filters); `params`: theirs, in
    that order. The matches are set apart once (materialized), sorted there (`sorted_first`: `window` then checked
    row by row in that order, `_in_order`) or by each part."""
    order = "" if sorted_first else f" {_NEWEST_FIRST}"
    sql = (
        f"WITH matched AS MATERIALIZED (SELECT article_id, published_at FROM {DOCUMENTS} WHERE {matching}"
        f"{f' {_NEWEST_FIRST}' if sorted_first else ''}) "
        f"(SELECT true, article_id FROM matched WHERE {window}{order} LIMIT %s) "
        f"UNION ALL (SELECT false, article_id FROM matched{order} LIMIT %s)"
    )
    forced = _set_local(cursor, **settings)
    cursor.execute(sql, [*params, limit, newest])
    rows = cursor.fetchall()
    _reset_local(cursor, forced)
    kept = [pk for in_window, pk in rows if not in_window]
    _keep(cursor, tsquery, kept, complete(kept))
    return [pk for in_window, pk in rows if in_window]


def _in_order(pool):
    """`EXISTS (pool)` checked on each match in the order they come, as a filter: the planner may otherwise turn it
    into a join led by the pool's articles, which then come in their own order — a word in a section kept the
    range's oldest matches, not its newest (PostgreSQL leaves an EXISTS with an OFFSET as it is written)."""
    return f"EXISTS ({pool} OFFSET 0)"


def _floor(cursor, budget, ceiling=None):
    """The publication date of the `budget`th newest document (None: no such limit, or too few documents), the
    budget rounded up to two significant digits; read again after a minute. The floor only bounds where a window
    looks first: every plan that takes one gives way to another when the window does not fill since it, so an
    older one (documents added since it was read) or a newer one (documents removed) changes what is read, never
    what is found. Walking the date index to it took 1–3 ms (a word in one section: 34,110 documents, 2.7 ms at
    100,251 articles, docs/BENCHMARKS.md, issue 16), and a page's searches, the pages of a search, ask the same."""
    if not 0 < budget < math.inf:
        return None
    step = 10 ** max(0, len(str(math.ceil(budget))) - 2)
    budget = math.ceil(budget / step) * step

    def read(cursor):
        before = "" if ceiling is None else "WHERE published_at < %s "
        cursor.execute(
            f"SELECT published_at FROM {DOCUMENTS} {before}{_NEWEST_FIRST} OFFSET %s LIMIT 1",
            [*([] if ceiling is None else [ceiling]), budget],
        )
        row = cursor.fetchone()
        return row[0] if row else None

    return _read_this_minute(cursor, ("floor", budget) if ceiling is None else ("floor", budget, ceiling), read)


def _recent_matches(cursor, tsquery, queryset, limit, floor, before=None, newest=0, ceiling=None, key=None):
    """The `limit` newest matches of a query without a phrase among the documents published since
    `floor` (and before `before`, if given, else before the `ceiling`, if any: `_ceiling`), from the two
    indexes alone: no vector is read (none when `floor` is None). `newest`: that many of the newest matches
    kept (`_keep`, under `key`), if no `before`."""
    if floor is None:
        return []
    if newest and before is None:
        pool, pool_params = pool_sql(queryset, "matched.article_id")
        below, ceiling_params = _below(ceiling)
        return _window_and_newest(
            cursor,
            tsquery if key is None else key,
            f"document @@ (SELECT %s::tsquery) AND published_at >= %s{below}",
            _in_order(pool),
            [tsquery, floor, *ceiling_params, *pool_params],
            limit,
            newest,
            complete=lambda kept: False,
            sorted_first=True,
            enable_seqscan="off",
            **NO_JIT,
            **SERIAL,
            **NESTED,
        )
    before = ceiling if before is None else before
    until = "" if before is None else "AND published_at < %s "
    # The query reaches the planner as a parameter it cannot read (an InitPlan): it then ANDs the
    # bitmaps of the GIN index (which needs no vector for words) and of the date index, rather
    # than walking the date index and reading each document's vector, which it wrongly thinks
    # cheaper for a common word. At most BUDGET times the window's rows are left to filter: sorted
    # first (OFFSET 0 keeps them apart), then checked in that order until `limit` pass. Checked
    # first, every match since the floor had its article read (twice the window's, by the budget).
    pool, pool_params = pool_sql(queryset, "matched.article_id")
    ids = _ids(
        cursor,
        f"SELECT article_id FROM (SELECT article_id, published_at FROM {DOCUMENTS} "
        f"WHERE document @@ (SELECT %s::tsquery) AND published_at >= %s {until}{_NEWEST_FIRST} OFFSET 0) AS matched "
        f"WHERE EXISTS ({pool}) {_NEWEST_FIRST} LIMIT %s",
        [tsquery, floor, *([] if before is None else [before]), *pool_params, limit],
        enable_seqscan="off",
        **NO_JIT,
        **SERIAL,
        **NESTED,
    )
    return ids


def _among_articles(cursor, tsquery, queryset, limit):
    """The `limit` newest matches of a query without a phrase among the few articles the other
    filters keep (a week, a day), each one's vector tested: walking the date index or taking every
    match from the GIN index read 70,059 vectors or matches for a word + 7 days (0.9–2.4 s)."""
    pool, pool_params = articles_sql(queryset)
    return _ids(
        cursor,
        f"WITH kept AS MATERIALIZED ({pool}) SELECT article_id FROM kept JOIN {DOCUMENTS} ON article_id = kept.pk "
        "WHERE document @@ %s::tsquery ORDER BY published_at DESC, article_id DESC LIMIT %s",
        [*pool_params, tsquery, limit],
        enable_seqscan="off",
        enable_bitmapscan="off",
        **NO_JIT,
        **SERIAL,
        **NESTED,
    )


def _walk(cursor, tsquery, queryset, limit, budget, ceiling=None):
    """The `limit` newest matches of a query without a phrase among the `budget` newest documents
    (all of them when `budget` is infinite) before the `ceiling` (if any: `_ceiling`), each document's
    vector tested in date order, or None when fewer are there but older documents are left."""
    floor = _floor(cursor, budget, ceiling)
    pool, pool_params = pool_sql(queryset, f"{DOCUMENTS}.article_id")
    since = "" if floor is None else "AND published_at >= %s "  # every document as new as the floor: ties too
    since += "" if ceiling is None else "AND published_at < %s "
    # The date index, walked in its order (from the ceiling): neither every vector read (sequential scan)
    # nor every match from the GIN index (bitmap scan), then sorted.
    ids = _ids(
        cursor,
        f"SELECT article_id FROM {DOCUMENTS} WHERE document @@ %s::tsquery {since}AND EXISTS ({pool}) "
        "ORDER BY published_at DESC, article_id DESC LIMIT %s",
        [tsquery, *([] if floor is None else [floor]), *_below(ceiling)[1], *pool_params, limit],
        **ORDERED,
        **NO_JIT,
        **SERIAL,
    )
    return None if len(ids) < limit and floor is not None else ids


def _newest(cursor, tsquery, queryset, limit, budget, pairs="", ceiling=None):
    """The `limit` newest matches of a phrase among the `budget` newest documents (all of them when
    `budget` is infinite) before the `ceiling` (if any: `_ceiling`), or None when fewer are there but
    older documents are left."""
    floor = _floor(cursor, budget, ceiling)
    pool, pool_params = pool_sql(queryset, "candidate.article_id")
    since = "" if floor is None else "AND published_at >= %s "  # every document as new as the floor: ties too
    since += "" if ceiling is None else "AND published_at < %s "
    # The candidates (documents holding the phrase's word pairs, from their index; without them,
    # holding its words, its sequences ANDed: the GIN index tells them without a vector; either
    # bitmap ANDed with the date index's) sorted newest first, then their vectors read in that
    # order until `limit` hold the phrase. The query of the candidates reaches the planner as a
    # parameter it cannot read, so that it does not prefer walking the date index and reading
    # every document's vector; OFFSET 0 keeps the sorted candidates apart.
    held = f"{PAIRS} @@ (SELECT %s::tsquery)" if pairs else "document @@ (SELECT %s::tsquery)"
    ids = _ids(
        cursor,
        f"SELECT article_id FROM (SELECT article_id, published_at, document FROM {DOCUMENTS} "
        f"WHERE {held} {since}ORDER BY published_at DESC, article_id DESC OFFSET 0) "
        f"AS candidate WHERE document @@ %s::tsquery AND EXISTS ({pool}) "
        "ORDER BY published_at DESC, article_id DESC LIMIT %s",
        [
            pairs or _words(tsquery),
            *([] if floor is None else [floor]),
            *_below(ceiling)[1],
            tsquery,
            *pool_params,
            limit,
        ],
        enable_seqscan="off",
        **NO_JIT,
        **SERIAL,
        **NESTED,
    )
    return None if len(ids) < limit and floor is not None else ids


def _words(tsquery):
    """A phrase's query with the words of each sequence ANDed, stopwords left out (unless only
    they are there): the documents that may hold it, which the GIN index tells without reading a
    vector; a stopword's long list of documents would only slow it down."""
    return _SEQUENCE.sub(_anded, tsquery)


_SEQUENCE = re.compile(r"\('[^']*'(?: <-> '[^']*')+\)")  # terms hold no ASCII punctuation (text.fold)


def _anded(sequence):
    terms = _TERM.findall(sequence.group())
    kept = [term for term in terms if not text.is_stopword(term.partition("_")[2] or term)] or terms
    return "(" + " & ".join(_quote(term) for term in kept) + ")"


def _hashed(cursor, tsquery, queryset, limit, floor=None, newest=0, ceiling=None, key=None):
    """Every match of a query without a phrase from the GIN index (published since `floor`, if
    given), joined to the articles the other filters keep (on their own columns, spread over the
    years: a section) by hashing them, where checking the newest matches one by one checked 8,700
    for a section's 1,000; the matches set apart, it cannot walk the date index reading each vector.
    Since a floor where the window should fill, fewer matches are set apart and joined: `réforme` in a
    section 22 against 28 ms at 100,251 articles (docs/BENCHMARKS.md, issue 16).
    Before the `ceiling` (if any: `_ceiling`). `newest`: that many of the newest matches kept (`_keep`, under `key`)."""
    pool, pool_params = articles_sql(queryset)
    settings = {"enable_seqscan": "off", **NO_JIT, **SERIAL}
    if floor is None and ceiling is None:
        matching, params = _matching(tsquery)
    else:
        # The words hidden from the planner (an InitPlan), as in `_recent_matches`: shown, it took the date
        # index's documents since the floor and read each one's vector when the floor left few of them (a common
        # word in one section, 11,000–19,000 documents: 100–170 ms at 100,251 articles). Hidden, it ANDs the GIN
        # index's bitmap with the date index's; it then expects few matches and would probe the articles one by
        # one: hashed, 14–40 ms (docs/BENCHMARKS.md, issue 16).
        since = "" if floor is None else " AND published_at >= %s"
        below, ceiling_params = _below(ceiling)
        matching = f"document @@ (SELECT %s::tsquery){since}{below}"
        params = [tsquery, *([] if floor is None else [floor]), *ceiling_params]
        settings.update(enable_nestloop="off", enable_mergejoin="off")
    params += pool_params
    if not newest:
        return _ids(
            cursor,
            f"WITH matched AS MATERIALIZED (SELECT article_id, published_at FROM {DOCUMENTS} WHERE {matching}) "
            f"SELECT article_id FROM matched WHERE article_id IN ({pool}) {_NEWEST_FIRST} LIMIT %s",
            [*params, limit],
            **settings,
        )
    return _window_and_newest(
        cursor,
        tsquery if key is None else key,
        matching,
        f"article_id IN ({pool})",
        params,
        limit,
        newest,
        complete=lambda kept: floor is None and len(kept) < newest,
        **settings,
    )


def _from_index(cursor, tsquery, queryset, limit, pairs="", newest=0, ceiling=None, key=None):
    """Every match from the GIN index (before the `ceiling`, if any: `_ceiling`), filtered, the `limit` newest
    kept. A phrase's matches among the documents holding its word `pairs`, when it has some: they are few, read
    newest first. `newest`: for words, that many of the newest matches kept (`_keep`, under `key`)."""
    if pairs:
        return _newest(cursor, tsquery, queryset, limit, math.inf, pairs, ceiling)
    below, ceiling_params = _below(ceiling)
    if not _phrase(tsquery):
        # Sorted newest first, then checked against the other filters in that order until `limit`
        # pass: a word + a photo agency checked 13,800 matches for 1,000 (docs/BENCHMARKS.md); the
        # articles of a period are the newest, found at once.
        pool, pool_params = pool_sql(queryset, "matched.article_id")
        matching, keys = _matching(tsquery)
        matching, keys = matching + below, [*keys, *ceiling_params]
        if newest:  # the sorted matches set apart, read in their order by both parts
            return _window_and_newest(
                cursor,
                tsquery if key is None else key,
                matching,
                _in_order(pool),
                [*keys, *pool_params],
                limit,
                newest,
                complete=lambda kept: len(kept) < newest,
                sorted_first=True,
                enable_seqscan="off",
                **NO_JIT,
                **SERIAL,
                **NESTED,
            )
        ids = _ids(
            cursor,
            f"SELECT article_id FROM (SELECT article_id, published_at FROM {DOCUMENTS} WHERE {matching} "
            f"ORDER BY published_at DESC, article_id DESC OFFSET 0) AS matched WHERE EXISTS ({pool}) "
            "ORDER BY published_at DESC, article_id DESC LIMIT %s",
            [*keys, *pool_params, limit],
            enable_seqscan="off",
            **NO_JIT,
            **SERIAL,
            **NESTED,
        )
        return ids
    # A phrase's positions are read from each candidate's vector, by parallel workers (materialized:
    # the date order cannot reach into the index scan; no sequential scan); its few matches are
    # checked against the other filters one by one, not by hashing every article (the planner
    # counts every candidate as a match).
    pool, pool_params = pool_sql(queryset, "matched.article_id")
    ids = _ids(
        cursor,
        f"WITH matched AS MATERIALIZED (SELECT article_id, published_at FROM {DOCUMENTS} "
        f"WHERE document @@ %s::tsquery{below}) SELECT article_id FROM matched WHERE EXISTS ({pool}) "
        "ORDER BY published_at DESC, article_id DESC LIMIT %s",
        [tsquery, *ceiling_params, *pool_params, limit],
        enable_seqscan="off",
        **NO_JIT,
        **PARALLEL,
        **NESTED,
    )
    return ids


def _since(node):
    """Whether a filter sets an earliest publication date (published_at >, >=, or its day's)."""
    if getattr(node, "lookup_name", None) in ("gt", "gte") and "published_at" in repr(node.lhs):
        return True
    return any(_since(child) for child in getattr(node, "children", ()))


def _own_columns(queryset):
    """Whether the queryset's filters read only the article's own row: no join, no subquery (a
    photo's agency, an author's name)."""
    query = queryset.query
    if sum(1 for count in query.alias_refcount.values() if count) > 1:  # a join Django trimmed stays in the map
        return False
    nodes = [query.where]
    while nodes:
        node = nodes.pop()
        if getattr(node, "subquery", False) or isinstance(getattr(node, "rhs", None), Query):
            return False
        nodes.extend(child for child in getattr(node, "get_source_expressions", list)() if child is not None)
        nodes.extend(child for child in (getattr(node, "lhs", None), getattr(node, "rhs", None)) if child is not None)
    return True


ORDERED = {
    "enable_seqscan": "off",
    "enable_bitmapscan": "off",
    "enable_sort": "off",
    "enable_hashjoin": "off",
    "enable_mergejoin": "off",
}
NESTED = {"enable_hashjoin": "off", "enable_mergejoin": "off"}
# A plan forced by `enable_… = off` costs billions to the planner, which then compiles it (JIT):
# 50 ms and more for a statement of a few (docs/BENCHMARKS.md, issue 16).
NO_JIT = {"jit": "off"}
# No parallel workers for the window's statements: starting one cost more than it saved (the window
# alone, alternated, load 1: a word + agency 73 → 42 ms, cornemuse 30 → 9, a word + 30 days 41 →
# 27, the rest equal; docs/BENCHMARKS.md, issue 16). A phrase's candidates read from the index keep them.
SERIAL = {"max_parallel_workers_per_gather": "0"}
PARALLEL = {
    "parallel_setup_cost": "0",
    "parallel_tuple_cost": "0",
    "min_parallel_table_scan_size": "0",
    "min_parallel_index_scan_size": "0",
}


def _ids(cursor, sql, params, **settings):
    """The ids `sql` selects, with `settings` (`_set_local`) for that statement only."""
    forced = _set_local(cursor, **settings)
    cursor.execute(sql, params)
    ids = [row[0] for row in cursor.fetchall()]
    _reset_local(cursor, forced)
    return ids


def _set_local(cursor, **settings):
    """Settings for the rest of the transaction, in one statement; returns their names."""
    names, values = list(settings), list(settings.values())
    cursor.execute(
        "SELECT set_config(name, value, true) FROM unnest(%s::text[], %s::text[]) AS s(name, value)", [names, values]
    )
    return names


def _reset_local(cursor, names):
    """Settings back to the session's values when the window's transaction is a savepoint (which
    keeps them until the outer transaction ends); its own transaction's end drops them."""
    if not cursor.db.savepoint_ids:
        return
    cursor.execute("SELECT set_config(name, reset_val, true) FROM pg_settings WHERE name = ANY(%s)", [names])


def _phrase(tsquery):
    """Whether `tsquery` holds a phrase (words at consecutive positions: a CJK run is one too)."""
    return "<->" in tsquery


def _plan(cursor, tsquery, queryset, limit, ceiling=None):
    """(plan, budget): "walk" (read the newest documents' vectors, testing each, at most `budget`
    of them: math.inf, all), "recent" (a word's matches among the `budget` newest documents, from
    the indexes alone), "index" (every match from the GIN index), and for filters on the article's
    own columns "articles" (the vector of each article they keep, when few) or "hashed" (the
    matches among the `budget` newest documents, then every match if they did not fill the window,
    joined to the articles they keep, spread over the years), or for a period (the earliest publication
    date the filters set) "since" (its matches first, from the indexes alone, when the planner expects them
    to be BUDGET times the window: fewer, and they would often not fill it); PLAN forces "walk" or "index".
    With a `ceiling` (`_ceiling`: the filters keep no document published since then, and some are), every plan
    reads the documents before it only: they are the documents counted here, as if the newer were not there.

    The window is expected to fill within `limit` / (share of the documents kept) documents, and
    may look among BUDGET times that. Walking reads each of those vectors. A word's matches are
    taken from the GIN index at a `WORD_VECTOR`th of a vector read each (all of them, or among
    the newest documents if these are at most RECENT of them). A phrase's index plan takes each
    candidate from the index at a `VECTOR`th of a vector read and reads its vector (every
    document holding its words: the planner cannot tell which hold the phrase, so its share is
    measured on a sample); its vectors are read in parallel (PARALLEL_GAIN times faster). Words
    that must all match are measured on a sample too: the planner multiplies their shares as if
    they were independent (`armée frontière sud`: 26,227 documents expected, 9,891 found).
    """
    if PLAN != "auto":
        return ("walk", math.inf) if PLAN == "newest" else ("index", 0)
    phrase = _phrase(tsquery)
    pool, pool_params = pool_sql(queryset, f"{DOCUMENTS}.article_id")
    kept = _estimate(
        cursor, f"SELECT 1 FROM {DOCUMENTS} WHERE document @@ %s::tsquery AND EXISTS ({pool})", [tsquery, *pool_params]
    )
    total = _documents(cursor)
    documents = total if ceiling is None else _documents(cursor, ceiling)
    if total <= 0 or documents <= 0 or kept <= 0:
        return "index", 0
    sampled = phrase or _groups(tsquery) > 1
    if sampled:  # the sample is of every document: its share of matches, of those before the ceiling
        share = min(1.0, _sampled_share(cursor, tsquery, pool, pool_params, total) * total / documents)
    else:
        share = kept / documents
    kept = kept if phrase or not sampled else share * documents
    expected = min(documents, limit / share)
    budget = math.inf if BUDGET * expected >= documents else math.ceil(BUDGET * expected)
    if phrase:
        vector = VECTOR / PARALLEL_GAIN
        return ("index", 0) if vector * expected >= kept * (vector + 1.0) else ("walk", budget)
    if WORD_VECTOR * expected < kept:
        return "walk", budget
    articles = _estimate(cursor, *articles_sql(queryset)) if _own_columns(queryset) else None
    # Reading the vector of each article the filters keep costs less than taking the word's
    # matches from the GIN index (`WORD_VECTOR` of them a vector): the planner counts the filters
    # independent of the word, so its matches are about `kept` × documents / articles.
    if articles is not None and WORD_VECTOR * articles * articles < kept * total:
        return "articles", 0
    if BUDGET * expected <= RECENT * documents:
        return "recent", budget
    if _since(queryset.query.where):  # a period: its matches first if they should fill the window
        starts = _earliest(queryset.query.where, queryset.model) is not None
        return ("since", 0) if starts and kept >= BUDGET * limit else ("index", 0)
    scattered = articles is not None and articles <= SCATTERED * documents
    return ("hashed", budget) if scattered else ("index", 0)


def _groups(tsquery):
    """How many parts of `tsquery` must all match (its top-level `&`, exclusions left out)."""
    return sum(1 for part in _parts(tsquery) if not part.startswith("!"))


def _parts(tsquery):
    """The parts of `tsquery` joined by its top-level `&`."""
    depth, parts, start = 0, [], 0
    for at, char in enumerate(tsquery):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "&" and depth == 0:
            parts.append(tsquery[start:at].strip())
            start = at + 1
    parts.append(tsquery[start:].strip())
    return parts


def _keys(tsquery):
    """`tsquery` as the GIN index reads it fastest: one query a part that must match (its top-level `&`), the
    exclusions with the first. Given as one query, the index tests each document holding any of the
    parts' terms against the whole query; as several, it takes the documents all of them hold: `armée
    frontière sud` (three words, each with its stems, in 38,000–49,000 documents) 21 against 31 ms at
    100,251 articles (docs/BENCHMARKS.md, issue 16). Only where the index alone gives every match: a
    vector tested row by row would be read once a part, and ANDed with the date index's bitmap
    (« recent ») the parts were slower (`crise économique Beyrouth` 35 against 28 ms)."""
    parts = _parts(tsquery)
    kept = [part for part in parts if not part.startswith("!")]
    if len(kept) < 2:
        return [tsquery]
    excluded = [part for part in parts if part.startswith("!")]
    return [" & ".join([kept[0], *excluded]), *kept[1:]]


def _matching(tsquery):
    """(SQL, params): the documents matching `tsquery`, a condition a key (`_keys`)."""
    keys = _keys(tsquery)
    return " AND ".join("document @@ %s::tsquery" for _ in keys), keys


def _sampled_share(cursor, tsquery, pool, pool_params, documents):
    """The share of the documents that match `tsquery` and pass the other filters, in a random
    sample of about SAMPLE of them (half a match counted when none is found): the documents of
    random pages of the table (SYSTEM), not random documents of every page (BERNOULLI reads the
    whole table: 14 against 2 ms at 100,000 documents, docs/BENCHMARKS.md)."""
    percent = min(100.0, 100.0 * SAMPLE / documents)
    cursor.execute(
        f"SELECT sum(CASE WHEN document @@ %s::tsquery AND EXISTS ({pool}) THEN 1 ELSE 0 END), count(*) "
        f"FROM {DOCUMENTS} TABLESAMPLE SYSTEM (%s) REPEATABLE (0)",
        [tsquery, *pool_params, percent],
    )
    found, sampled = cursor.fetchone()
    return max(found or 0, 0.5) / max(sampled, 1)


_DOCUMENT_COUNTS = {}  # database alias → (time read, the planner's count of the documents)


def _documents(cursor, ceiling=None):
    """The planner's count of the documents (published before the `ceiling`, if given), read again after a minute."""
    if ceiling is not None:
        return _read_this_minute(
            cursor,
            ("documents before", ceiling),
            lambda cursor: _estimate(cursor, f"SELECT 1 FROM {DOCUMENTS} WHERE published_at < %s", [ceiling]),
        )
    alias = cursor.db.alias
    read_at, count = _DOCUMENT_COUNTS.get(alias, (0.0, 0.0))
    if time.monotonic() - read_at > 60:
        cursor.execute(f"SELECT reltuples FROM pg_class WHERE relname = '{DOCUMENTS}'")
        count = cursor.fetchone()[0]
        _DOCUMENT_COUNTS[alias] = (time.monotonic(), count)
    return count


def _estimate(cursor, sql, params):
    """The planner's estimate of the rows of a query."""
    cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
    plan = cursor.fetchone()[0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"]


def render(query, ranking=False, held=None, absent=frozenset()):
    """The tsquery literal: &, |, !, <->, :* between single-quoted terms, nothing else; stems only
    in the languages `held` (stemmer codes, `languages.held`) when given; without the sequences holding
    a term of `absent` (terms no document holds, `_absent_terms`) where an item has others."""
    groups = ["(" + " | ".join(_item(item, held, absent) for item in group) + ")" for group in query.groups]
    excluded = [] if ranking else ["!" + _item(item, held, absent) for item in query.excluded]
    return " & ".join(groups + excluded)


def render_pairs(query, held):
    """The tsquery of the word pairs that the documents matching `query`'s phrases hold (the
    index `PAIRS`, migration 0025), or '' when no group of the query is only phrases.

    A position's key in a document is its stem, else its word (one not stemmed in the document's
    language): each sequence of the phrase (as typed, and as stems of each language `held`, a
    word not stemmed there standing as itself) is found by its neighbouring keys, "key key",
    ANDed. A long document (a term's positions past MAX_POSITIONS, or words sharing the last
    position) holds LONG instead, and is always a candidate: its keys cannot be told."""
    groups = []
    for group in query.groups:
        matches = [terms.expand(item, held) for item in group]
        if all(isinstance(match, terms.Match) and len(match.words) > 1 for match in matches):
            sequences = dict.fromkeys(_pairs(sequence) for match in matches for sequence in (match.words, *match.stems))
            groups.append("(" + " | ".join(sequences) + ")")
    return f"({' & '.join(groups)}) | {_quote(LONG)}" if groups else ""


def _pairs(sequence):
    return "(" + " & ".join(_quote(f"{here} {there}") for here, there in pairwise(sequence)) + ")"


def _quote(term):
    # Terms hold no ASCII punctuation (text.fold); quoting is for the literal's syntax.
    return "'" + term.replace("'", "''").replace("\\", "\\\\") + "'"


def _sequence(sequence):
    return "(" + " <-> ".join(_quote(term) for term in sequence) + ")"


def _item(item, held, absent=frozenset()):
    item = terms.expand(item, held)
    if isinstance(item, terms.Prefix):
        return _quote(item.term) + ":*"
    sequences = (item.words, *item.stems)
    held_sequences = [sequence for sequence in sequences if absent.isdisjoint(sequence)] or sequences
    return "(" + " | ".join(_sequence(sequence) for sequence in held_sequences) + ")"


def vector(fields, language, weighted=True):
    """The tsvector literal of an article's fields: terms and stems at their positions, weighted."""
    return _literal({name: text.analyse(fields[name], language) for name, _ in FIELDS if name in fields}, weighted)


def vectors(fields, language):
    """(document, title) literals of an article: vector(fields) and vector of the title alone,
    unweighted, from one analysis of each field."""
    analysed = {name: text.analyse(fields[name], language) for name, _ in FIELDS}
    return _literal(analysed, True), _literal({"title": analysed["title"]}, False)


def _literal(analysed, weighted):
    """The tsvector literal of `analysed` ({field: (words, stems)}): a list of "position+weight" strings a term,
    the terms in the order they first come — most of the cost of indexing an article on PostgreSQL
    (docs/BENCHMARKS.md, issue 16). Below MAX_POSITION each word has a position of its own, so no term comes
    twice at one: its places are appended as they come and cut at MAX_POSITIONS once (0.93 → 0.59 ms a dev
    page, the same literal: issue 18). A longer document's last words share a position (_clamped_literal)."""
    fields = [(analysed[name], weight if weighted else "") for name, weight in FIELDS if name in analysed]
    if sum(len(words) + 1 for (words, _), _ in fields) > MAX_POSITION:
        return _clamped_literal(analysed, weighted)
    places, position = {}, 0
    get = places.get
    for (words, stems), label in fields:
        for at, word, stem in zip(range(position + 1, position + len(words) + 1), words, stems or words, strict=True):
            place = f"{at}{label}"
            found = get(word)
            if found is None:
                places[word] = [place]
            else:
                found.append(place)
            if stem != word:
                found = get(stem)
                if found is None:
                    places[stem] = [place]
                else:
                    found.append(place)
        position += len(words) + 1  # a gap: no phrase across two fields
    return " ".join(f"{_quote(term)}:{','.join(found[:MAX_POSITIONS])}" for term, found in places.items())


def _clamped_literal(analysed, weighted):
    """_literal() of any document: words past MAX_POSITION share it, a term is placed once a position."""
    places, last = {}, {}
    position = 0
    for name, weight in FIELDS:
        if name not in analysed:
            continue
        words, stems = analysed[name]
        label = weight if weighted else ""
        for offset, word in enumerate(words):
            at = min(position + offset + 1, MAX_POSITION)
            place = f"{at}{label}"
            stem = stems[offset] if stems else word
            for term in (word,) if stem == word else (word, stem):
                if last.get(term) == at:
                    continue
                found = places.get(term)
                if found is None:
                    places[term] = [place]
                elif len(found) < MAX_POSITIONS:
                    found.append(place)
                else:
                    continue
                last[term] = at
        position += len(words) + 1  # a gap: no phrase across two fields
    return " ".join(f"{_quote(term)}:{','.join(found)}" for term, found in places.items())


def analyse(fields, language):
    """What index_many writes for an entry: its vectors()."""
    return vectors(fields, language)


def index_many(entries, using, fresh=False, analysed=None):
    """Write the entries [(article id, published_at, fields, language)] in one statement.

    `fresh` (a full reindex after `clear`) changes nothing here: the upsert finds no row.
    `analysed`: per entry, its analyse() made already, or None.
    """
    with connections[using].cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {DOCUMENTS} (article_id, published_at, document, title) "
            "VALUES (%s, %s, %s::tsvector, %s::tsvector) "
            "ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document, title = EXCLUDED.title, "
            "published_at = EXCLUDED.published_at",
            [
                [article_id, published_at, *(made or analyse(fields, language))]
                for (article_id, published_at, fields, language), made in zip(
                    entries, analysed or [None] * len(entries), strict=True
                )
            ],
        )


@contextmanager
def rebuilding(using):
    """A full reindex: nothing to set up (the GIN index's pending list takes the inserts)."""
    yield


def clear(using):
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {DOCUMENTS}")


def optimize(using):
    # Autovacuum keeps the GIN index in shape, but after a rebuild the planner needs fresh
    # statistics at once: without them it scans every vector instead of walking the newest
    # entries, many times slower (docs/BENCHMARKS.md, « Measurements »).
    with connections[using].cursor() as cursor:
        cursor.execute(f"ANALYZE {DOCUMENTS}, articles_article")
