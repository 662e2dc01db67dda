"""Highlighted titles and snippets, and search that never fails whatever is typed."""

import re

import pytest
from django.utils.safestring import SafeString
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article
from articles.search import highlight, index_article, search_articles
from tests.factories import make_article, make_photo
from tests.hostile import HOSTILE_QUERIES

pytestmark = pytest.mark.django_db


def indexed(title, body="", *, lead="", captions=()):
    article = make_article(title, body_text=body, lead=lead)
    for position, caption in enumerate(captions):
        make_photo(article, position=position, is_main=position == 0, caption=caption)
    index_article(article)
    return article


def highlighted(q):
    return highlight(search_articles(Article.objects.all(), q), q)


def test_matched_words_are_marked_in_the_title_and_the_snippet():
    indexed("Sécurité à Pékin", "Un long texte. Les élections approchent à Pékin, dit-on.")
    (article,) = highlighted("pekin elections")
    assert article.search_title == "Sécurité à <mark>Pékin</mark>"
    assert isinstance(article.search_snippet, SafeString)
    assert "<mark>élections</mark>" in article.search_snippet
    assert "<mark>Pékin</mark>" in article.search_snippet
    assert article.search_snippet_field == "body"


def test_hostile_text_is_escaped_before_marking():
    indexed(
        "<b>Titre</b> à Pékin",
        "Les élections à Pékin <script>alert('x')</script> demain <img src=x onerror=alert(1)>.",
    )
    (article,) = highlighted("pekin")
    assert article.search_title == "&lt;b&gt;Titre&lt;/b&gt; à <mark>Pékin</mark>"
    assert "<mark>Pékin</mark>" in article.search_snippet
    # The only tags are ours. (ts_headline drops what its parser reads as tags; FTS5 keeps them.)
    assert not re.search(r"[<>]", re.sub(r"</?mark>", "", article.search_snippet))
    assert "&lt;img src=x" in article.search_snippet


def test_marker_characters_in_the_text_do_not_become_marks():
    indexed("Pékin", "Pékin \x02faux\x03 marqueur.")
    (article,) = highlighted("pekin")
    assert "<mark>faux" not in article.search_snippet
    assert article.search_snippet.count("<mark>") == article.search_snippet.count("</mark>") >= 1


def test_the_snippet_comes_from_the_field_that_matched():
    indexed("Tempête", "Routes fermées dans la montagne.", captions=["Un chasse-neige à Faraya"])
    (article,) = highlighted("faraya")
    assert article.search_snippet_field == "captions"
    assert "<mark>Faraya</mark>" in article.search_snippet
    assert article.search_title == "Tempête"


def test_without_a_query_the_snippet_is_the_escaped_lead():
    indexed("Titre", "Corps.", lead="Le chapô <i>brut</i>.")
    (article,) = highlighted("")
    assert article.search_snippet == "Le chapô &lt;i&gt;brut&lt;/i&gt;."
    assert article.search_title == "Titre"


@pytest.fixture
def corpus():
    indexed("Sécurité à Pékin", "Les élections à Beyrouth. <script>x</script>", captions=["Photo AFP"])
    indexed("Nicosie", "La diplomatie chypriote, 1,5 million d'euros, covid-19.")


@pytest.mark.parametrize("q", HOSTILE_QUERIES)
def test_hostile_queries_never_raise(corpus, q):
    results = search_articles(Article.objects.all(), q)
    highlight(results[:10], q)
    results.count()


@settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=200))
def test_any_text_searches_and_highlights_without_error(corpus, q):
    articles = highlight(search_articles(Article.objects.all(), q)[:10], q)
    for article in articles:
        assert isinstance(article.search_snippet, SafeString)
        assert "<script>" not in article.search_snippet


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(
        st.sampled_from(["kiwi", "Kiwis", "pomme", "été", "l'été", "un", "fruit", "Fruits", "2024"]), max_size=80
    ),
    q=st.sampled_from(["kiwi", "kiwi fruit", "été OR pomme", "fru*", '"un fruit"', "2024 kiwi"]),
)
def test_the_snippet_counted_in_word_numbers_is_the_one_counted_in_offsets(words, q):
    from articles.search import highlighting
    from articles.search.query import parse
    from articles.search.text import words as text_words

    value = " ".join(words)
    matcher = highlighting.Matcher(parse(q))
    every = text_words(value)
    assert highlighting._field_snippet(matcher, value, "fr") == highlighting.snippet(
        value, matcher.spans(value, "fr", every), every
    )


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(
        st.sampled_from(["mot", "été", " ", "  ", "\n", "\u00a0", "\u202f", "<b>", "&", "…"]), max_size=120
    ),
    words=st.sampled_from([1, 3, 40]),
)
def test_a_field_shown_without_a_match_is_cut_as_django_cuts_it(pieces, words):
    from django.utils.html import escape
    from django.utils.text import Truncator

    from articles.search import marks

    value = "".join(pieces)
    assert marks.plain(value, words) == escape(Truncator(value).words(words))


def test_text_of_latin_letters_and_punctuation_is_cut_into_the_same_words_by_the_quick_pattern():
    # Each character the quick pattern knows, alone, starting a word, inside one and ending one.
    from articles.search import text

    for ch in text._NARROW:
        for value in (ch, f"{ch}a", f"a{ch}", f"a{ch}b", f"1{ch}2", f"{ch}{ch}"):
            assert text._NARROW_WORD.findall(value) == text.WORD.findall(value), hex(ord(ch))
    assert text.word_pattern("l’« été »\u202fà Pékin…") is text._NARROW_WORD
    for wide in ("Москва", "東京都", "ا\u0623", "x\u02ea"):  # Cyrillic, CJK, Arabic, a Bopomofo tone letter
        assert text.word_pattern(f"été {wide}") is text.WORD


def test_a_snippet_in_french_typography_marks_the_words_matched():
    indexed("Titre", "Un long préambule sans rien. « L’été\u202fà Pékin » — les élections… approchent.")
    (article,) = highlighted("pekin élection")
    assert "<mark>Pékin</mark>" in article.search_snippet
    assert "<mark>élections</mark>" in article.search_snippet
    assert "L’été\u202fà" in article.search_snippet


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(
        st.sampled_from(["Kiwi", "kiwis", "Été", "l'été", "un", "fruit", "2024", "東京", "x" * 101]), max_size=12
    ),
    q=st.sampled_from(["kiwi", "kiwi fruit", "été OR pomme", "fru*", '"un fruit"', "東京"]),
)
def test_a_title_marked_from_its_word_numbers_is_the_one_marked_from_every_words_offsets(words, q):
    from articles.search import highlighting
    from articles.search.query import parse

    value = " ".join(words)
    spans = highlighting.Matcher(parse(q)).spans(value, "fr")
    expected = highlighting.marked(value, spans) if spans else ""
    assert highlighting._marked_title(highlighting.Matcher(parse(q)), value, "fr") == expected


def test_a_page_of_results_is_highlighted_from_its_own_text_reading_only_the_captions(django_assert_num_queries):
    indexed("Pékin en été", "Les élections à Pékin.", captions=["Pékin sous la neige"])
    indexed("Nicosie", "Pékin vu de Nicosie, et la neige.", lead="Un chapô sans le mot.")
    page = list(search_articles(Article.objects.all(), "pekin neige"))
    with django_assert_num_queries(1):  # the captions: titles, leads and bodies are the page's own
        highlight(page, "pekin neige")
    read_again = list(search_articles(Article.objects.all(), "pekin neige").defer("body_text"))
    with django_assert_num_queries(2):
        highlight(read_again, "pekin neige")
    shown = [(a.pk, a.search_title, a.search_snippet_field, a.search_snippet) for a in page]
    assert shown == [(a.pk, a.search_title, a.search_snippet_field, a.search_snippet) for a in read_again]
    assert "<mark>neige</mark>" in shown[0][3] or "<mark>neige</mark>" in shown[1][3]


def test_the_words_highlighting_remembers_stay_bounded(monkeypatch):
    from articles.search import highlighting

    monkeypatch.setattr(highlighting, "_ANALYSED", {})
    monkeypatch.setattr(highlighting, "ANALYSED_WORDS", 50)
    for n in range(5):
        indexed(f"Pékin {n}", " ".join(f"mot{n}x{i}" for i in range(40)))
    assert len(highlighted("pekin")) == 5
    assert 0 < sum(map(len, highlighting._ANALYSED.values())) <= 50 + 41  # the bound, and one text's new words
