"""The query parser and what it hands to each engine; the agency read from a photo credit."""

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.extraction.credits import agency_from_credit
from articles.search import postgresql, sqlite
from articles.search.query import MAX_WORDS, Phrase, Query, Term, parse
from articles.search.text import stem
from tests.hostile import HOSTILE_QUERIES


def test_words_are_all_required_and_or_binds_tighter():
    assert parse("pekin beyrouth") == Query(groups=((Term("pekin"),), (Term("beyrouth"),)))
    assert parse("pekin OR beyrouth damas") == Query(groups=((Term("pekin"), Term("beyrouth")), (Term("damas"),)))


def test_phrases_exclusions_and_prefixes():
    query = parse('"sécurité maritime" -Chypre -"mer Rouge" diplom*')
    assert query.groups == ((Phrase(("sécurité", "maritime")),), (Term("diplom", prefix=True),))
    assert query.excluded == (Term("Chypre"), Phrase(("mer", "Rouge")))


def test_words_joined_by_punctuation_are_a_phrase():
    assert parse("Moyen-Orient").groups == ((Phrase(("Moyen", "Orient")),),)
    assert parse("l'armée").groups == ((Phrase(("l", "armée")),),)


def test_a_lowercase_or_is_a_word_and_a_dangling_or_is_ignored():
    assert parse("OR pekin OR").groups == ((Term("pekin"),),)
    assert parse("cuivre or argent").groups == ((Term("cuivre"),), (Term("or"),), (Term("argent"),))


def test_stopwords_alone_are_no_query_as_postgresql_would_drop_them():
    assert parse("la sécurité") == parse("sécurité")
    assert parse("le la de du").is_empty
    assert parse('"de la"').is_empty


def test_empty_punctuation_and_only_exclusions():
    assert parse("").is_empty
    assert parse(None).is_empty
    assert parse(" ,;:!?*()\"' ").is_empty
    only_exclusions = parse("-pekin -beyrouth")
    assert only_exclusions.matches_nothing
    assert not only_exclusions.is_empty


def test_the_number_of_words_is_capped():
    query = parse(" ".join(f"mot{n}" for n in range(100)))
    assert len(query.groups) == MAX_WORDS


def test_stems_fold_case_accents_and_plurals():
    assert stem("Sécurité", "fr") == stem("securite", "fr") == stem("sécurités", "fr") == "fr_securit"
    assert stem("élections", "fr") == stem("election", "fr")
    assert stem("Elections", "en") == "en_elect"  # tagged: one language's stem never meets another's
    assert stem("covid19", "fr") is None  # words with digits are only folded
    assert stem("cheval", None) is None  # no language known: no stemming


# What each engine may receive: quoted words and its own operators, nothing a user typed.
# A term: letters, digits, marks, and `_` between a stem and its language; a column filter.
FTS5_SAFE = regex.compile(r'^(?:"[\p{L}\p{N}\p{M}_]+"\*?|\{[a-z_ ]+\} :|[()+]|AND|OR|NOT|\s)*$')
TSQUERY_SAFE = regex.compile(r"^(?:'[\p{L}\p{N}\p{M}_]+'(?::\*)?|[()&|!]|<->|\s)*$")


def _rendered(q):
    query = parse(q)
    return sqlite.render(query), postgresql.render(query)


@pytest.mark.parametrize("q", HOSTILE_QUERIES)
def test_hostile_strings_render_to_quoted_words_only(q):
    query = parse(q)
    if query.is_empty or query.matches_nothing:
        return
    fts5, tsquery = _rendered(q)
    assert FTS5_SAFE.match(fts5), fts5
    assert TSQUERY_SAFE.match(tsquery), tsquery


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300))
def test_any_text_parses_and_renders_safely(q):
    query = parse(q)
    if not (query.is_empty or query.matches_nothing):
        fts5, tsquery = _rendered(q)
        assert FTS5_SAFE.match(fts5)
        assert TSQUERY_SAFE.match(tsquery)


@pytest.mark.parametrize(
    ("credit", "agency"),
    [
        ("Photo AFP/WOLFGANG RATTAY", "AFP"),
        ("© Reuters", "Reuters"),
        ("REUTERS/Mohamed Azakir", "Reuters"),
        ("(AP Photo/Hussein Malla)", "AP"),
        ("Getty Images via AFP", "Getty Images"),  # the first one named
        ("EPA-EFE/WAEL HAMZEH", "EPA"),
        ("Photo ANI", "ANI"),
        ("Photo d'archive Agence France-Presse", "AFP"),
        ("Crédit : Défense civile", ""),  # not an agency: no facet of free-form names
        ("Photo Apple Inc.", ""),  # "AP" only as a capitalised word
        ("", ""),
        (None, ""),
    ],
)
def test_agency_from_credit(credit, agency):
    assert agency_from_credit(credit) == agency
