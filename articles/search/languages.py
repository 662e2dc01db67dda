"""The languages whose stems the index holds: a query looks for stems of these only.

A typed word is stemmed in every language of its script (`text.stem_codes`): the query does not
know the article's language. A stem of a language no article is written in matches nothing, yet
the engine looks each one up (PostgreSQL at 100,000 articles: ≈10 % of a word's time, a third of
a phrase's; docs/BENCHMARKS.md, issue 16). `articles_search_language` holds the stemmer code of
every language indexed (`text.UNSTEMMED` for any without a stemmer: its words are their own
stems): written in the indexing transaction (an article is searchable by its stems as soon as it
is committed), emptied and filled again by a full reindex, read by each search (a few rows). A
language whose last article is deleted stays until the next full reindex: its stems are looked
for in vain, never missed.
"""

# The table name is a module constant; every value is a bound parameter.
# ruff: noqa: S608

from django.db import connections

from articles.search import shared, text

TABLE = "articles_search_language"


def note(languages, using):
    """Remember the stem tags of these article languages (`Article.language` values): their
    stemmer codes, or `text.UNSTEMMED` for a language without a stemmer."""
    codes = sorted(set(map(text.stem_code, languages)))
    if codes:
        with connections[using].cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (code) VALUES (%s) ON CONFLICT (code) DO NOTHING", [[code] for code in codes]
            )


def held(using):
    """The stemmer codes of the languages the index holds (a frozenset); read once by the searches of
    one page (articles.search.shared)."""
    return shared.remembered(("held", using), lambda: _read(using))


def _read(using):
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT code FROM {TABLE}")
        return frozenset(code for (code,) in cursor.fetchall())


def clear(using):
    """Before a full reindex."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
