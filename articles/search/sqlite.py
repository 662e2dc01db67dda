"""SQLite backend: FTS5 tables over the analysed text (`text.analyse`), never over the raw text.

`articles_search_fts` holds, per field, the words as `text.fold` makes them (CJK as character
pairs) and, in `<field>_stems`, the language-tagged stems at the same positions. Its `ascii`
tokenizer only cuts at spaces and ASCII punctuation, so FTS5 stores exactly the terms made in
Python, and the query (built from the same functions) meets them. A word matches as typed in
the four text columns or by one of its stems in the stem columns; only the typed forms and the
stems are scored, never every other word sharing a stem.

`articles_search_title` holds the title alone, so that its bm25 is normalised by the title's
length: the article whose title is the query ranks above one that only has the words. bm25 does
not see where words stand: an article whose title or lead holds the words typed close together
has its text's score raised (CLOSE_BONUS), as PostgreSQL's ts_rank scores their proximity.

An entry's rowid is its search key, `publication second << 27 | article id`, so that FTS5
reads matches newest first and stops after the window (`articles.search.window()`), never
touching older matches but those whose titles match best, found in the title table.
`articles_search_key` remembers each article's key for deletes.
"""

# Table names are module constants; every value is a bound parameter.
# ruff: noqa: S608

import json
import math
from contextlib import contextmanager
from functools import lru_cache

from django.db import connections
from django.db.models import BooleanField, FloatField

from articles.search import languages, shared, terms, text
from articles.search.expressions import ArticleSQL
from articles.search.query import Phrase, Query
from articles.search.sqlite_pool import ID_BITS, ID_MASK, entries_pool, pool

FTS = "articles_search_fts"
TITLES = "articles_search_title"
KEYS = "articles_search_key"
FIELDS = ("title", "lead", "captions", "body")
# bm25 weights: the words as typed, then their stems (whose frequent forms weigh less anyway).
WEIGHTS = "10.0, 5.0, 2.0, 1.0, 5.0, 2.5, 1.0, 0.5"
TITLE_WEIGHTS = "1.0, 0.5"  # the title table's bm25: the words as typed, their stems
TITLE_WEIGHT = 2.0  # the title-only bm25, added to the whole article's
# The text's bm25 is multiplied by CLOSE_BONUS when every word typed stands within CLOSE_DISTANCE
# words of the others in one of CLOSE_FIELDS: bm25 counts words, not where they are, and normalises
# by the text's length, so a shorter text holding them apart outranked a long article whose lead
# holds them side by side. 1.25, 1.5, the lead alone or every field: the same ranks on the relevance
# benchmark, none worse (docs/BENCHMARKS.md, issue 16, rel16).
CLOSE_FIELDS = ("title", "lead")
CLOSE_DISTANCE = 10
CLOSE_BONUS = 1.25
ENTRY_KEY = f"(SELECT key FROM {KEYS} WHERE article_id = {{pk}})"  # an article's search key, SQL ({pk}: its id)
_BY_ID = "json_extract(%s, '$.\"' || {pk} || '\"')"  # a JSON object's value for the article's id, SQL
ENTRY_ID = f"rowid & {ID_MASK}"  # an entry's article id, SQL (in a query of one of the FTS5 tables)
FORGET_ENTRY = f"DELETE FROM {FTS} WHERE rowid = {ENTRY_KEY.format(pk='%s')}"
FORGET_TITLE = f"DELETE FROM {TITLES} WHERE rowid = {ENTRY_KEY.format(pk='%s')}"
REBUILD_CACHE_KIB = 512 * 1024  # SQLite's page cache during a full reindex (only what it uses is taken)
# FTS5's pending terms, in bytes, before it writes them out as a segment: its default, and during a
# full reindex (fewer, bigger segments to merge).
HASH_SIZE, REBUILD_HASH_SIZE = 1024 * 1024, 64 * 1024 * 1024


def key(article_id, published_at):
    """The entry's rowid: newer articles sort after older ones, the id breaks ties."""
    if not 0 < article_id <= ID_MASK:
        raise ValueError(f"article id {article_id} does not fit the search key")
    return (math.floor(published_at.timestamp()) << ID_BITS) | article_id


def search(queryset, query, window, keep=None, best=0, most=0):
    """The queryset narrowed to its `window` newest matches of `query` and, when more matched, the
    articles of the `best` best titles that the window left out (if at most `most` titles match);
    annotated with `rank`.

    Returns (queryset, truncated, older, count): truncated is True when more articles matched than
    the window holds, older counts the articles added for their title, count the articles the
    queryset holds (each id kept was checked against its filters already). `keep(ids)`, if given,
    chooses among the ids (newest first) those the queryset keeps.
    """
    using = queryset.db
    held = languages.held(using)
    with connections[using].cursor() as cursor:
        # The articles the other filters keep, checked for each match as FTS5 hands them out,
        # newest first, until the window is full.
        kept_by = entries_pool(queryset)
        kept_sql, kept_params = pool(cursor, queryset, kept_by, f"{FTS}.rowid")
        cursor.execute(
            f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s AND {kept_sql} ORDER BY rowid DESC LIMIT %s",
            [render(query, held=held), *kept_params, window + 1],
        )
        keys = [row[0] for row in cursor.fetchall()]
        truncated = len(keys) > window
        keys = keys[:window]
        titled = render(query, ranking=True, held=held)
        titles, matching = {}, None
        if truncated and best:
            matching = shared.remembered(
                ("titles", queryset.db, titled, most), lambda: _matching_titles(cursor, titled, most)
            )
        if matching is not None:
            titles = _best_titles(cursor, query, held, matching, best, set(keys), kept_by)
    ids = [entry & ID_MASK for entry in keys + sorted(titles, reverse=True)]
    ids = keep(ids) if keep else ids
    older = {entry & ID_MASK: score for entry, score in titles.items()}
    older = {str(article_id): older[article_id] for article_id in ids if article_id in older}
    matched = ArticleSQL("{pk} IN (SELECT value FROM json_each(%s))", [json.dumps(ids)], BooleanField())
    # bm25() is lower for better matches: negated so that, on both backends, higher is better.
    # Only the window's range of keys is scored, once: the inner queries are not correlated, and
    # their two LIMITs stop SQLite from flattening them into one MATCH per article. Each article
    # finds its score by its id (the entry's key without its date, _score), not by its key read
    # from the keys' table for each score: three lookups an article (docs/BENCHMARKS.md, issue 16).
    # The title's own bm25 counts for the articles whose title holds every group. An article
    # older than the window is scored by its title alone, as _best_titles found it: scoring its
    # text too would set up bm25 over the whole query a second time (docs/BENCHMARKS.md, issue 16).
    # The text scores a phrase in the spelling typed (its other spellings match, scored 0): bm25
    # sets itself up by reading the positions of every document holding a phrase's words, once for
    # each spelling (`"Conseil de sécurité"`: 98 → 42 ms at 100,000 articles). The title table's
    # set-up is short: a title scores every spelling.
    # Only the window's own entries are scored among the matches of its range: within a section,
    # its 1,000 entries are spread among nine times as many matches (`réforme`, 15.7 → 5.1 ms).
    floor, window_keys = (keys[-1] if keys else 0), json.dumps(keys)
    close, close_params = _closeness(query, floor)
    titled_sql, titled_params = _titles_score(keys, matching, titled, floor)
    rank = ArticleSQL(
        f"{_score(FTS, WEIGHTS)} * {close} + {TITLE_WEIGHT} * ({titled_sql} + coalesce({_BY_ID}, 0.0))",
        [
            *(window_keys, render(query, ranking=True, held=held, typed_phrases=True), floor),
            *close_params,
            *titled_params,
            json.dumps(older),
        ],
        FloatField(),
    )
    return _unfiltered(queryset).filter(matched).annotate(rank=rank), truncated, len(older), len(ids)


def _titles_score(keys, matching, titled, floor):
    """SQL (and params) of the title table's score of a window's article (0.0 for the others): read from the
    titles matching, when the search read them all with their scores (`matching`, _matching_titles()), else
    its bm25, set up again over the title table (0.3-0.6 ms at 100,251 articles, docs/BENCHMARKS.md, issue 16).
    The same floats: the same statement's bm25 of the same rows (the window's range does not bound it), each
    written by repr() and read back by SQLite's JSON, exactly."""
    if matching is None:
        return _score(TITLES, TITLE_WEIGHTS), [json.dumps(keys), titled, floor]
    window = set(keys)
    scores = {str(entry & ID_MASK): score for entry, score in matching if entry in window}
    return f"coalesce({_BY_ID}, 0.0)", [json.dumps(scores)]


def _unfiltered(queryset):
    """The queryset without its filters, when they only narrow its own rows: every id the search
    keeps was checked against them already, and checked again for each of a page's 1,000 ids, a
    section's or a photo agency's cost the count, the page and the facets each a few milliseconds
    more (SQLite counted a section's matches through the section's index). A filter that joins
    another table stays, with the rest (dropping it would leave its join)."""
    query = queryset.query
    joined = sum(1 for alias in query.alias_map if query.alias_refcount[alias]) > 1
    if joined or query.combinator or query.is_sliced:
        return queryset
    queryset = queryset.all()
    queryset.query.clear_where()
    return queryset


def _best_titles(cursor, query, held, rows, best, window_keys, kept_by):
    """{key: title score} of the `best` articles of the queryset whose titles match best, leaving
    out the keys of the window; `rows`: _matching_titles() of the query rendered for ranking (a title
    holds every group, whichever column it is in: see render()); `kept_by`: the queryset's
    sqlite_pool.entries_pool()."""
    # Best first; only as many are checked against the other filters (and the excluded words, which
    # the title table cannot see) as it takes to find `best`: checked for every matching title, an
    # exclusion's MATCH ran up to 2,000 times, 60 ms at 10,000 articles (docs/BENCHMARKS.md, issue 16).
    ranked = sorted(((score, entry) for entry, score in rows), reverse=True)
    kept = _kept(kept_by, query, held)  # its SQL made once for every chunk (a section's: 4 chunks)
    found = []
    for start in range(0, len(ranked), 2 * best):
        chunk = ranked[start : start + 2 * best]
        chosen = kept(cursor, [entry for _, entry in chunk])
        found += [(score, entry) for score, entry in chunk if entry in chosen][: best - len(found)]
        if len(found) == best:
            break
    return {entry: score for score, entry in found if entry not in window_keys}


def _matching_titles(cursor, scored, most):
    """[(key, title score)] of every title matching `scored`, or None when more than `most` match."""
    # Counted before scored: bm25 sets itself up over every title of each phrase, for nothing when
    # too many titles match (a common word's: 3.5 → 0.7 ms at 100,000 articles).
    cursor.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM {TITLES} WHERE {TITLES} MATCH %s LIMIT %s)", [scored, most + 1]
    )
    if cursor.fetchone()[0] > most:
        return None
    cursor.execute(f"SELECT rowid, -bm25({TITLES}, {TITLE_WEIGHTS}) FROM {TITLES} WHERE {TITLES} MATCH %s", [scored])
    return cursor.fetchall()


def _kept(kept_by, query, held):
    """A function (cursor, entries) → the keys among `entries` whose articles the queryset keeps (`kept_by`: its
    sqlite_pool.entries_pool()) and whose text holds no excluded word."""
    kept_sql, kept_params = kept_by("entry.value")
    allowed, allowed_params = "1", []
    if query.excluded:
        allowed = f"NOT EXISTS (SELECT 1 FROM {FTS} WHERE {FTS} MATCH %s AND {FTS}.rowid = entry.value)"
        allowed_params = [render(Query(groups=(query.excluded,)), held=held)]
    sql = f"SELECT entry.value FROM json_each(%s) AS entry WHERE {kept_sql} AND {allowed}"

    def kept(cursor, entries):
        cursor.execute(sql, [json.dumps(entries), *kept_params, *allowed_params])
        return {row[0] for row in cursor.fetchall()}

    return kept


def _score(table, weights):
    """SQL of an article's bm25 in `table` (params: the window's keys, the MATCH, the window's oldest key).

    The scores are read by the entries' article ids (ENTRY_ID), not by each article's key looked up:
    an article has one entry. SQLite indexes the window's scores once (an automatic index), the
    range's other entries left out (a section's window is a ninth of its range); the `+` keeps it
    doing so, where for a bare column it read them all again for each article."""
    return (
        f"coalesce((SELECT score FROM (SELECT {ENTRY_ID} AS entry, "
        f"CASE WHEN rowid IN (SELECT value FROM json_each(%s)) THEN -bm25({table}, {weights}) END AS score "
        f"FROM {table} WHERE {table} MATCH %s AND rowid >= %s LIMIT -1) "
        "WHERE score IS NOT NULL AND entry = +{pk} LIMIT 1), 0.0)"
    )


def _closeness(query, floor):
    """SQL (and params) of the factor of an entry's text score: CLOSE_BONUS when the words typed
    stand close together in its title or lead, else 1. Only a query of two words or more, each
    group a word or a phrase (FTS5's NEAR takes no alternatives), is looked at: its words as typed,
    not their stems. Read once for the window's range of keys, as its scores are."""
    near = close_match(query)
    if near is None:
        return "1.0", []
    return (
        f"(CASE WHEN {{pk}} IN (SELECT {ENTRY_ID} FROM {FTS} WHERE {FTS} MATCH %s AND rowid >= %s) "
        f"THEN {CLOSE_BONUS} ELSE 1.0 END)",
        [near, floor],
    )


@lru_cache(maxsize=256)
def close_match(query):
    """The FTS5 MATCH of the query's words within CLOSE_DISTANCE of each other in CLOSE_FIELDS, or None."""
    if len(query.groups) < 2 or any(len(group) != 1 for group in query.groups):
        return None
    phrases = []
    for (item,) in query.groups:
        item = terms.expand(item, languages=frozenset())  # the words typed: no stems
        if isinstance(item, terms.Prefix):
            return None
        phrases.append(_sequence(item.words))
    return "{" + " ".join(CLOSE_FIELDS) + "} : NEAR(" + " ".join(phrases) + f", {CLOSE_DISTANCE})"


@lru_cache(maxsize=256)  # a page's searches, and the next pages, ask again for the same few (a query is a value)
def render(query, ranking=False, held=None, typed_phrases=False):
    """The FTS5 MATCH string: every term double-quoted, structure from the AST only; stems only in
    the languages `held` (stemmer codes, `languages.held`) when given.

    No column is named: a stem is tagged (`fr_secur`), so only a stem column holds it, and a word
    is in a stem column only where it was not stemmed, as itself beside the same word in the text's
    column. The same articles match as with column filters, which made FTS5 read every position of
    each candidate, and of every document of each phrase when bm25 sets itself up: twice the
    time (docs/BENCHMARKS.md, issue 16). For ranking, such a word also scores in its stem column,
    at half its weight, as a stemmed word scores by its stem.

    For ranking, exclusions are left out: every article of the window matches, and only those
    (an OR of the items would score every newer article holding any of the words). `typed_phrases`:
    a phrase in the spelling typed only (see search()).
    """
    groups = ["(" + " OR ".join(_item(item, held, typed_phrases) for item in group) + ")" for group in query.groups]
    match = "(" + " AND ".join(groups) + ")"
    if query.excluded and not ranking:
        match += " NOT (" + " OR ".join(_item(item, held) for item in query.excluded) + ")"
    return match


def _quote(term):
    return '"' + term.replace('"', '""') + '"'


def _sequence(sequence):
    return " + ".join(_quote(term) for term in sequence)


def _item(item, held, typed_phrases=False):
    """An item's MATCH: its words as typed or one of its stems; a phrase as typed only if `typed_phrases`."""
    phrase = isinstance(item, Phrase)
    item = terms.expand(item, held)
    if isinstance(item, terms.Prefix):
        return f"{_quote(item.term)}*"
    stems = () if typed_phrases and phrase else item.stems
    alternatives = [_sequence(item.words), *(_sequence(sequence) for sequence in stems)]
    return "(" + " OR ".join(f"({sequence})" for sequence in alternatives) + ")"


def analyse(fields, language):
    """(words, stems) of an entry: each field's terms, and its stems, as the FTS5 columns hold them."""
    analysed = [text.analyse(fields[name], language) for name in FIELDS]
    return [" ".join(words) for words, _ in analysed], [" ".join(stems) for _, stems in analysed]


def index_many(entries, using, fresh=False, analysed=None):
    """Write the entries [(article id, published_at, fields, language)]: one statement a table for them all.

    `fresh`: the index was just cleared (a full reindex), so no earlier entry is looked for.
    `analysed`: per entry, its analyse() made already, or None.
    """
    rows = []
    analysed = analysed or [None] * len(entries)
    for (article_id, published_at, fields, language), made in zip(entries, analysed, strict=True):
        words, stems = made or analyse(fields, language)
        rows.append((article_id, key(article_id, published_at), words, stems))
    # In key order: a lower rowid than the last one makes FTS5 write its pending terms out as a
    # segment of their own (reindex reads the articles in key order too).
    rows.sort(key=lambda row: row[1])
    with connections[using].cursor() as cursor:
        if not fresh:
            cursor.executemany(FORGET_ENTRY, [[article_id] for article_id, *_ in rows])
            cursor.executemany(FORGET_TITLE, [[article_id] for article_id, *_ in rows])
        cursor.executemany(
            f"INSERT INTO {FTS} (rowid, title, lead, captions, body, title_stems, lead_stems, captions_stems, "
            "body_stems) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [[entry, *words, *stems] for _, entry, words, stems in rows],
        )
        cursor.executemany(
            f"INSERT INTO {TITLES} (rowid, title, title_stems) VALUES (%s, %s, %s)",
            [[entry, words[0], stems[0]] for _, entry, words, stems in rows],
        )
        cursor.executemany(
            f"INSERT OR REPLACE INTO {KEYS} (article_id, key) VALUES (%s, %s)",
            [[article_id, entry] for article_id, entry, _, _ in rows],
        )


@contextmanager
def rebuilding(using):
    """A full reindex: SQLite's page cache made big enough to keep the index being written in memory.

    With the default 2 MB, FTS5 reads its segments back from the file at every merge: copying
    them from the system took half of a 10,000-article rebuild (docs/BENCHMARKS.md, issue 16).
    """
    with connections[using].cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {-REBUILD_CACHE_KIB}")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def clear(using):
    """Before a full reindex: the FTS5 tables made again, empty, from their own CREATE statements.

    Deleting their rows instead made FTS5 read each entry's text again to remove its terms: at
    10,000 articles twice as long as writing them. The new tables hold 64 MB of terms, not 1 MB,
    before writing a segment (fewer, bigger segments to merge); `optimize` puts the default back.
    Dropping them leaves the trigger on articles_article, which names them, in place.
    """
    with connections[using].cursor() as cursor:
        for table in (FTS, TITLES):
            cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
            (create,) = cursor.fetchone()
            cursor.execute(f"DROP TABLE {table}")
            cursor.execute(create)
        _hash_size(cursor, REBUILD_HASH_SIZE)
        cursor.execute(f"DELETE FROM {KEYS}")


def _hash_size(cursor, size):
    """FTS5's `hashsize` setting of both tables (kept in their `_config` tables)."""
    for table in (FTS, TITLES):
        cursor.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('hashsize', %s)", [size])


def optimize(using):
    """After a full reindex: every segment merged into one, the default hash size back, statistics."""
    with connections[using].cursor() as cursor:
        _hash_size(cursor, HASH_SIZE)
        cursor.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('optimize')")
        cursor.execute(f"INSERT INTO {TITLES} ({TITLES}) VALUES ('optimize')")
        # Table statistics for the planner. Without them SQLite guesses ten articles a section
        # and, for a search in one section, reruns the rank's MATCH for each article instead of
        # indexing its result once (docs/BENCHMARKS.md, « Measurements »).
        cursor.execute("ANALYZE")
