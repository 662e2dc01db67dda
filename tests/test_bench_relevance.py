"""The known-item relevance benchmark (bench/relevance.py, `manage.py bench_relevance`) at a tiny size."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from bench import relevance
from bench.synthetic import create_articles
from tests.factories import indexed

pytestmark = pytest.mark.django_db


def test_queries_of_each_kind_come_from_the_title_and_the_lead():
    frequencies = {"port": 50, "beyrouth": 5, "rouvre": 2, "navires": 9, "quais": 1, "repares": 3, "les": 99, "aux": 99}
    frequencies["accueillent"] = 4
    article = indexed("Le port de Beyrouth rouvre aux navires", lead="Les quais réparés accueillent les navires.")
    queries = relevance.queries(article, frequencies)
    assert queries == {
        "titre complet": "Le port de Beyrouth rouvre aux navires",
        "3 mots rares du titre": "Beyrouth rouvre navires",
        "titre sans accents": "le port de beyrouth rouvre aux navires",
        "3 mots rares du chapô": "quais réparés accueillent",
    }
    assert relevance.unaccented("Sécurité à Москве: й") == "securite a москве: й"  # only Latin accents go


def test_the_frequency_sample_is_the_same_articles_whatever_their_dates():
    # A build's synthetic dates count back from its own time, the dev pages keep theirs: the order of
    # the dates changes from build to build, the sample of articles must not.
    now = timezone.now()
    articles = [
        indexed(f"Titre {word}", lead=word, published_at=now - timedelta(days=n))
        for n, word in enumerate(["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"])
    ]
    before = relevance.document_frequencies(seed=3, size=3)
    for n, article in enumerate(articles):  # the dates in the other order
        Article.objects.filter(pk=article.pk).update(published_at=now - timedelta(days=len(articles) - n))
    assert relevance.document_frequencies(seed=3, size=3) == before
    assert (
        sum(
            1 for word in ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel") if before.get(word)
        )
        == 3
    )


def test_the_rarest_lead_words_are_the_articles_own_not_the_boilerplate_another_page_shares():
    # Two reviews of one site open on the same credit line. Counted in every article, its words are
    # not rare: the query is the words only this review holds, as a person remembering it would type.
    for n in range(5):
        indexed(f"Atelier {n}", lead="Notes du jour.", body_text="Un atelier.")
    clymer = indexed("Manual review", lead="Tested by John Milbank. Clymer manual covers every Triumph twin.")
    indexed("Book review", lead="Tested by John Milbank. A road book with a soundtrack.")
    frequencies = relevance.document_frequencies()
    assert frequencies["milbank"] == 2 and frequencies["clymer"] == 1 and frequencies["atelier"] == 5
    assert relevance.queries(clymer, frequencies)["3 mots rares du chapô"] == "Clymer manual covers"


def test_bench_relevance_prints_its_tables_and_finds_a_unique_article():
    create_articles(30, seed=2)
    indexed("Майский парад прошёл в Москве", lead="Тысячи зрителей на площади.", language="ru")
    out = StringIO()
    call_command("bench_relevance", "--synthetic", "5", stdout=out, stderr=StringIO())
    printed = out.getvalue()
    assert "| (a) dev | titre complet | 1 | 1.00 | 1.00 | 1.00 |" in printed
    assert "(b) synthétiques" in printed and "icontains" in printed
    assert "| ru | 1 |" in printed
    out = StringIO()  # the words' rarity counted in a sample, as the benchmark did before
    call_command(
        "bench_relevance", "--synthetic", "5", "--sample", "10", "--no-baseline", stdout=out, stderr=StringIO()
    )
    assert "| (a) dev | titre complet | 1 | 1.00 | 1.00 | 1.00 |" in out.getvalue()
