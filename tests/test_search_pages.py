"""A page of search results is that slice of the whole ranking, whatever the words. On PostgreSQL a page
ranks exactly only the articles that can be on it (articles.search.postgresql.Rank: a bound from each
document's head — title, lead, captions — then the exact rank of the few that may be first). Run on SQLite,
then with DATABASE_URL on PostgreSQL."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from articles.search import index_article, search_articles
from tests.factories import make_article, make_photo, make_section

pytestmark = pytest.mark.django_db

NOW = timezone.now()
SLICES = [(0, 1), (0, 2), (0, 3), (1, 3), (2, 5), (0, 8), (4, 9)]


def indexed(title, body, *, lead="", caption="", hours=1, **fields):
    article = make_article(title, lead=lead, body_text=body, published_at=NOW - timedelta(hours=hours), **fields)
    if caption:
        make_photo(article, caption=caption)
    index_article(article)
    return article


@pytest.fixture
def archive():
    """Articles holding « kiwi » (and « mangue ») everywhere a document can: the title, the lead, a caption, the body
    once or many times (its positions add to ts_rank, the most a body can), in French and English (a stem each),
    ties of the same text at the same hour."""
    monde, sport = make_section("Monde"), make_section("Sport")
    body = "Un fruit. " * 30
    made = [
        indexed("Le kiwi", body, hours=9, section=monde),
        indexed("Récolte", body, lead="Le kiwi et la mangue.", hours=2, section=sport),
        indexed("Marché", body, caption="Un kiwi sur l'étal.", hours=3, section=monde),
        indexed("Saison", "kiwi " + body, hours=1, section=sport),
        indexed("Saison", "kiwi " + body, hours=1, section=monde),
        indexed("Kiwis et mangues du marché de Rungis", body, hours=12, section=sport),
        indexed("The kiwis", "Kiwis grow. " * 40, lead="Kiwi fruit.", hours=5, language="en", section=monde),
        indexed("Vergers", "kiwis kiwi mangue " * 60, hours=4, section=sport),
        indexed("Vergers du sud", " ".join(["kiwi"] * 250), hours=6, section=monde),
        indexed("Mangue", "Une mangue, un kiwi, des kiwis. " * 10, lead="La mangue.", hours=7, section=sport),
        indexed("Le kiwi jaune", "Le kiwi jaune " * 5, lead="Kiwi jaune.", hours=8, section=monde),
        indexed("Kiwi", "", hours=30, section=sport),
        indexed("Fruits d'hiver", "Du kiwi jaune et du kiwi vert. " * 8, hours=10, section=sport),
        indexed("Primeurs", body, lead="Un kiwi jaune.", hours=11, section=monde),
    ]
    return made, monde


@pytest.mark.parametrize(
    "q", ["kiwi", "kiwis OR mangue", '"kiwi jaune"', "kiwi -jaune", "kiwi mangue", "kiw*", "Kiwi", "mangue"]
)
def test_each_page_of_results_is_that_slice_of_the_whole_ranking(archive, q):
    results = search_articles(Article.objects.published(), q)
    ranking = list(results.values_list("pk", flat=True))  # not sliced: every match ranked
    assert len(ranking) >= 3
    for start, stop in SLICES:
        assert list(results[start:stop].values_list("pk", flat=True)) == ranking[start:stop], (q, start, stop)
        assert [article.pk for article in results[start:stop]] == ranking[start:stop]


def test_a_page_of_results_filtered_or_ordered_after_the_search_is_that_slice_of_its_own_ranking(archive):
    _, monde = archive
    results = search_articles(Article.objects.published(), "kiwi")
    ranking = list(results.values_list("pk", flat=True))
    in_monde = set(Article.objects.filter(section=monde).values_list("pk", flat=True))
    mine = [pk for pk in ranking if pk in in_monde]
    worst = list(results.order_by("rank", "published_at", "id").values_list("pk", flat=True))
    assert worst == ranking[::-1]
    for start, stop in SLICES:
        assert list(results.filter(section=monde)[start:stop].values_list("pk", flat=True)) == mine[start:stop]
        assert (
            list(results.order_by("rank", "published_at", "id")[start:stop].values_list("pk", flat=True))
            == (worst[start:stop])
        )


def test_an_article_rewritten_is_ranked_by_its_new_text_on_the_first_page(archive):
    made, _ = archive

    def ranking():
        results = search_articles(Article.objects.published(), "kiwi")
        whole = list(results.values_list("pk", flat=True))
        for stop in (1, 2, 3):
            assert list(results[:stop].values_list("pk", flat=True)) == whole[:stop]
        return whole

    rewritten = made[2]  # « kiwi » in a caption: far from first
    assert ranking().index(rewritten.pk) > 3
    Article.objects.filter(pk=rewritten.pk).update(title="Kiwi, le kiwi", lead="Le kiwi, encore le kiwi.")
    index_article(Article.objects.get(pk=rewritten.pk))
    assert ranking().index(rewritten.pk) < 3
    Article.objects.filter(pk=rewritten.pk).delete()
    assert rewritten.pk not in ranking()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's heads of documents")
def test_each_document_has_its_head_whatever_writes_or_removes_it(archive):
    from articles.search import postgresql, reindex

    def heads():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.article_id, h.head = ts_filter(d.document, '{{a,b,c}}') AND h.title = d.title "
                f"FROM {postgresql.DOCUMENTS} d "
                f"FULL JOIN {postgresql.HEADS} h USING (article_id) ORDER BY 1"
            )
            return cursor.fetchall()

    made, _ = archive
    assert heads() == [(article.pk, True) for article in made]
    index_article(made[0])  # rewritten
    made[1].delete()
    assert heads() == [(article.pk, True) for article in made if article.pk != made[1].pk]
    assert reindex() == len(made) - 1
    assert heads() == [(article.pk, True) for article in made if article.pk != made[1].pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's ranking")
def test_ranks_bounded_from_the_heads_only_for_terms_that_need_not_all_match():
    from articles.search import parse, postgresql

    def share(q, held=frozenset({"fr", "en", "x"})):
        return postgresql._body_share(postgresql.render(parse(q), ranking=True, held=held))

    # « kiwi »: the word and its stem in 3 languages; a document holds the word and one language's stem at most.
    assert share("kiwi") == pytest.approx(postgresql.BODY * 2 / 4)
    assert share("kiwi OR mangue") is not None and share('"kiwi jaune"') is not None
    assert share("kiwi -jaune") == share("kiwi")
    # Words that must all match are ranked by how close they stand, body included; a prefix is many words.
    assert share("kiwi mangue") is None and share("kiw*") is None
    assert share('"東京都"') is None  # one phrase of character pairs and no stem: its words must all match


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's ranking")
@pytest.mark.parametrize(
    ("q", "all_held"),
    [("kiwis OR mangue", False), ('"kiwi jaune"', False), ("kiwi mangue", True), ("kiwi jaune", True)],
)
def test_a_page_ranks_with_the_terms_some_document_holds_and_shows_the_same_ranks(archive, monkeypatch, q, all_held):
    """Its heads, and the vectors of words that must all match, ranked without the stems no document holds (no
    English document holds « mangue » or « jaune »): the same articles, in the same order, with the same ranks.
    The exact rank of other queries divides by every term (ts_rank): it keeps them."""
    from articles.search import postgresql

    def pages():
        sent = []

        def capture(execute, sql, params, many, context):
            if "ts_rank(" in sql:
                sent.extend(set(re.findall(r"'([^']*)'", p)) for p in params if isinstance(p, str) and "'" in p)
            return execute(sql, params, many, context)

        results = search_articles(Article.objects.published(), q)
        with connection.execute_wrapper(capture):
            found = [list(results[start:stop].values_list("pk", "rank")) for start, stop in SLICES]
        return found, sent

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT word FROM ts_stat('SELECT document FROM {postgresql.DOCUMENTS}')")
        held = {word for (word,) in cursor.fetchall()}
    postgresql._READ_THIS_MINUTE.clear()
    found, sent = pages()
    with monkeypatch.context() as every_term:  # the old code's ranking: every term
        every_term.setattr(postgresql, "_absent", lambda cursor, candidates: frozenset())
        expected, every = pages()
    assert found == expected and found[0]
    assert every and not any(terms <= held for terms in every)  # a stem no document holds in every query
    assert sent and any(terms <= held for terms in sent)  # not in the heads' (on the old code, in each)
    assert all(terms <= held for terms in sent) == all_held  # nor in the exact rank of words that must all match
