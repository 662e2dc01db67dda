"""Issue 15, finding 8: what one search may cost. Repeated words are searched once; words and
prefixes are bounded by the parser, and the search page says in French when a query was cut."""

import pytest

from articles.search import index_article, postgresql, sqlite
from articles.search.query import MAX_PREFIXES, MAX_WORDS, MIN_PREFIX_CHARS, parse
from tests.factories import make_article

# The query of the outside test: 188 bytes that took 2.2-2.9 s at 5,500 articles on SQLite.
REPEATED_PREFIXES = " OR ".join(["a*"] * 32)


def engine_terms(query):
    """The quoted terms each engine would receive for `query` (FTS5 MATCH, tsquery)."""
    return sqlite.render(query).count('"') // 2, postgresql.render(query).count("'") // 2


def test_search_cost_a_term_repeated_32_times_reaches_the_engines_once():
    query = parse(REPEATED_PREFIXES)
    assert len(query.positive_items) == 1
    # as much as the word once: its form and its stems (one per language of its script)
    assert engine_terms(query) == engine_terms(parse("a"))


def test_search_cost_repeats_are_found_whatever_the_case_accents_or_order():
    assert parse("Pékin pekin PEKIN").groups == parse("Pékin").groups
    assert parse("pekin OR damas damas OR Pékin").groups == parse("pekin OR damas").groups
    assert parse('"mer Rouge" -chypre "mer rouge" -Chypre') == parse('"mer Rouge" -chypre')


def test_search_cost_repeats_do_not_use_up_the_word_budget():
    query = parse("pekin " * 100 + "damas")
    assert [item.word for item in query.positive_items] == ["pekin", "damas"]
    assert not query.cuts


def test_search_cost_prefixes_are_bounded_in_number_and_length():
    prefixes = ["diplom*", "parlem*", "secur*", "econom*", "politi*", "munic*"]
    query = parse(" ".join(prefixes))
    assert sum(item.prefix for item in query.positive_items) == MAX_PREFIXES
    # Past the budget a prefix is searched as the word typed, not dropped.
    assert len(query.positive_items) == len(prefixes)
    short = parse("a* ab* " + "x" * MIN_PREFIX_CHARS + "*")
    assert [(item.word, item.prefix) for item in short.positive_items] == [("a", False), ("ab", False), ("xxx", True)]
    assert short.cuts


def test_search_cost_distinct_words_are_capped_and_the_cut_is_named():
    query = parse(" ".join(f"mot{n}" for n in range(MAX_WORDS + 10)))
    assert len(query.positive_items) == MAX_WORDS
    assert query.cuts


@pytest.mark.django_db
def test_search_cost_the_search_page_says_in_french_when_a_query_was_cut(client):
    index_article(make_article("Les diplomates à Munich", lead="Diplomatie et sécurité."))
    response = client.get("/recherche/", {"q": REPEATED_PREFIXES + " diplom*"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Recherche simplifiée" in text
    assert "au moins 3 lettres" in text
    assert [article.title for article in response.context["articles"]] == ["Les diplomates à Munich"]
    plain = client.get("/recherche/", {"q": "diplom*"}).content.decode()
    assert "Recherche simplifiée" not in plain
