"""The known-item relevance benchmark (bench/relevance.py, `manage.py bench_relevance`) at a tiny size."""

from io import StringIO

import pytest
from django.core.management import call_command

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


def test_bench_relevance_prints_its_tables_and_finds_a_unique_article():
    create_articles(30, seed=2)
    indexed("Майский парад прошёл в Москве", lead="Тысячи зрителей на площади.", language="ru")
    out = StringIO()
    call_command("bench_relevance", "--synthetic", "5", stdout=out, stderr=StringIO())
    printed = out.getvalue()
    assert "| (a) dev | titre complet | 1 | 1.00 | 1.00 | 1.00 |" in printed
    assert "(b) synthétiques" in printed and "icontains" in printed
    assert "| ru | 1 |" in printed
