"""Sections as readers and editors see them: labels to sections, the bar, « Toutes les rubriques », the admin."""

import itertools
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import curation
from articles.models import Article, Section, SectionAlias
from tests.factories import extracted, make_article, make_section, save

pytestmark = pytest.mark.django_db

SECTIONS_ADMIN = reverse("admin:articles_section_changelist")
_numbers = itertools.count(1)


def ingest_labelled(label):
    n = next(_numbers)
    url = f"https://news.example.org/{n}"
    _, pk = save(extracted(section=label, url=url, canonical_url=url, title=f"Nouvelle numéro {n}"))
    return Article.objects.select_related("section").get(pk=pk)


def nav(client, path="/"):
    html = client.get(path).content.decode()
    return html[html.index('<nav class="sections-nav"') : html.index("</nav>", html.index('<nav class="sections-nav"'))]


def test_one_house_section_for_a_label_in_several_languages(client):
    sections = {ingest_labelled(label).section for label in ["Politik", "politics", "news_politics", "Política"]}
    assert [(s.name, s.slug, s.house) for s in sections] == [("Politique", "politique", True)]
    assert 'href="/rubrique/politique/">Politique</a>' in nav(client)


def test_labels_that_are_not_sections_make_none_and_are_kept_on_the_article():
    for label in ["game,news,slider", "front-page", "SAMASTIPUR", "Uncategorized", "news_news", "Aktuelle Seite:"]:
        article = ingest_labelled(label)
        assert article.section is None
        assert article.section_label == label
    assert not Section.objects.exists()


def test_a_new_sites_label_is_a_section_outside_the_bar_listed_with_its_count(client):
    article = ingest_labelled("Fußball")
    ingest_labelled("Europa&#x20;News")
    assert (article.section.name, article.section.slug, article.section.house) == ("Fußball", "fussball", False)
    assert "Fußball" not in nav(client)
    html = client.get(reverse("articles:sections")).content.decode()
    assert 'href="/rubrique/fussball/">Fußball</a> <span class="section-directory__count">1&nbsp;article</span>' in html
    assert ">Europa News</a>" in html and "&amp;#x20;" not in html
    assert client.get("/rubrique/fussball/").status_code == 200


def test_a_section_in_another_script_has_a_working_page():
    article = ingest_labelled("国際")
    assert article.section.get_absolute_url() == "/rubrique/%E5%9B%BD%E9%9A%9B/"


def test_the_bar_shows_the_house_sections_only_and_marks_the_current_one(client):
    diplomatie = make_section("Diplomatie", position=1)
    make_article(section=diplomatie)
    make_article(section=make_section("Wohnen", house=False))
    make_section("Vide")  # nothing to read: not in the bar
    hidden = make_section("Opinions", hidden=True)
    make_article(section=hidden)
    bar = nav(client, diplomatie.get_absolute_url())
    assert '<a href="/rubrique/diplomatie/" aria-current="page">Diplomatie</a>' in bar
    assert "Wohnen" not in bar and "Vide" not in bar and "Opinions" not in bar
    assert '<a href="/rubriques/">Toutes les rubriques</a>' in bar
    article = make_article(section=diplomatie)
    assert 'aria-current="true">Diplomatie</a>' in nav(client, article.get_absolute_url())
    assert '<a href="/rubriques/" aria-current="page">Toutes les rubriques</a>' in nav(client, "/rubriques/")


def test_all_sections_page_lists_house_then_sources_with_counts_in_fixed_queries(client, django_assert_num_queries):
    make_article(section=make_section("Diplomatie", position=1))
    make_article(section=make_section("Masquée", hidden=True))
    make_article(section=make_section("Wohnen", house=False))
    for _ in range(3):
        make_article(section=make_section(house=False))
    with django_assert_num_queries(2):  # the sections with their counts; the bar
        html = client.get(reverse("articles:sections")).content.decode()
    html = html[html.index("<main") :]
    assert html.index("Rubriques de la rédaction") < html.index(">Diplomatie<") < html.index(">Masquée<")
    assert html.index("Rubriques des sources") < html.index(">Wohnen<")


def test_an_editors_alias_moves_the_articles_and_holds_when_reingested():
    sport = make_section("Sport")
    football = ingest_labelled("Fußball")
    refused = ingest_labelled("SPORT NEWS")  # capitals: refused, until an editor says what it is
    assert refused.section is None
    curation.map_label("Fußball", sport)
    curation.map_label("SPORT NEWS", sport)
    assert not Section.objects.filter(name="Fußball").exists()
    football.refresh_from_db()
    refused.refresh_from_db()
    assert football.section == sport and refused.section == sport
    # The page changes and comes again: the editor's choice stands.
    _, pk = save(
        extracted(section="Fußball", url=football.source_url, canonical_url=football.canonical_url, lead="Neu")
    )
    assert Article.objects.get(pk=pk).section == sport
    assert ingest_labelled("fussball").section == sport


def test_merging_moves_articles_keeps_the_names_and_refreshes_cached_pages():
    politique, politics = make_section("Politique"), make_section("Politics & Government", house=False)
    article = make_article(section=politics)
    before = article.updated_at
    assert curation.merge([politics], politique) == 1
    article.refresh_from_db()
    assert article.section == politique and article.updated_at > before
    assert ingest_labelled("Politics & Government").section == politique


def test_cleaning_an_existing_database(db):
    raw = {
        "Europa&#x20;News": 1,
        "front-page": 2,
        "game,news,slider": 1,
        "Politik": 2,
        "Politics": 1,
        "fuball": 0,
        "Diplomatie": 1,
        "culture_culture-lifestyle": 1,
    }
    for name, n in raw.items():
        section = Section.objects.create(name=name, slug=name.lower().replace(",", "-").replace("&", "")[:50] or "x")
        for _ in range(n):
            make_article(section=section)
    Section.objects.filter(name="Diplomatie").update(position=1)  # placed by an editor
    Section.objects.filter(name="fuball").update(name="Fußball")
    out = StringIO()
    call_command("sections", "clean", stdout=out)
    sections = {s.name: (s.slug, s.house, s.articles.count()) for s in Section.objects.all()}
    assert sections == {
        "Europa News": ("europa-news", False, 1),
        "Politique": ("politique", True, 3),
        "Fußball": ("fussball", False, 0),
        "Diplomatie": ("diplomatie", True, 1),
        "Culture": ("culture", True, 1),
    }
    assert Article.objects.filter(section=None).count() == 3
    assert set(Article.objects.filter(section=None).values_list("section_label", flat=True)) == {
        "front-page",
        "game,news,slider",
    }
    assert "front-page: refusée" in out.getvalue()
    assert SectionAlias.objects.get(key="politics").section.name == "Politique"


def test_the_demo_sections_are_made_house_sections_by_the_command(client):
    liban = make_section("Liban", house=False)
    make_article(section=liban)
    call_command("sections", "house", "Liban", "Diplomatie", stdout=StringIO())
    assert Section.objects.get(name="Liban").house and Section.objects.get(name="Diplomatie").house
    assert ">Liban</a>" in nav(client)


@pytest.fixture
def chief(client):
    client.force_login(User.objects.create_superuser("chef", password="x"))
    return client


def test_editors_merge_sections_in_the_french_admin(chief):
    politique, politik = make_section("Politique"), make_section("Politik", house=False)
    make_article(section=politik)
    data = {"action": "merge_sections", "_selected_action": [politik.pk]}
    page = chief.post(SECTIONS_ADMIN, data).content.decode()
    assert "Fusionner des rubriques" in page and "rubrique d'une source" in page
    response = chief.post(SECTIONS_ADMIN, {**data, "apply": "1", "into": politique.pk}, follow=True)
    assert "Fusionnées dans « Politique » : « Politik » ; 1 article déplacé." in response.content.decode()
    assert politique.articles.count() == 1 and not Section.objects.filter(name="Politik").exists()


def test_editors_map_a_label_hide_and_show_in_the_admin(chief):
    politique, politik = make_section("Politique"), make_section("Politik", house=False)
    make_article(section=politik)
    url = reverse("admin:articles_section_change", args=[politique.pk])
    form = chief.get(url).content.decode()
    assert "Libellés des sources envoyés dans cette rubrique" in form
    data = {
        "name": "Politique",
        "slug": "politique",
        "position": 100,
        "house": "on",
        "aliases-TOTAL_FORMS": 1,
        "aliases-INITIAL_FORMS": 0,
        "aliases-0-label": "politik",
    }
    assert chief.post(url, data).status_code == 302
    assert politique.articles.count() == 1 and not Section.objects.filter(name="Politik").exists()
    assert ingest_labelled("POLITIK").section == politique
    chief.post(SECTIONS_ADMIN, {"action": "hide_from_bar", "_selected_action": [politique.pk]})
    assert Section.objects.get(pk=politique.pk).hidden


def test_the_section_admin_list_runs_a_fixed_number_of_queries(chief):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert chief.get(SECTIONS_ADMIN).status_code == 200
        return len(queries)

    make_article(section=make_section())
    few = count()
    for _ in range(5):
        section = make_section(house=False)
        SectionAlias.objects.create(label=f"label {section.pk}", section=section)
        make_article(section=section)
    assert count() == few


def test_the_section_page_shows_the_labels_it_takes_by_default(chief):
    politique = make_section("Politique")
    html = chief.get(reverse("admin:articles_section_change", args=[politique.pk])).content.decode()
    assert "libellés reconnus d&#x27;office" in html.lower() or "libellés reconnus d'office" in html.lower()
    assert "politik" in html and "politics" in html
