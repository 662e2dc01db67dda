"""Every item and article names its publication, and carries its own language (the page stays French)."""

import re

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import indexed, make_article, make_section

pytestmark = pytest.mark.django_db

GERMAN_TITLE = "Bundestag beschließt den Haushalt"


@pytest.fixture
def stories():
    politik = make_section("Politique")
    german = indexed(
        GERMAN_TITLE,
        section=politik,
        language="de",
        site_name="Tagesblatt",
        source_url="https://www.tagesblatt.example/politik/haushalt",
        lead="Der Bundestag hat am Freitag den Haushalt beschlossen.",
        body_html="<p>Der Haushalt wurde mit knapper Mehrheit beschlossen.</p>",
    )
    arabic = indexed(
        "البرلمان يقر الميزانية",
        section=politik,
        language="ar",
        source_url="https://news.sahafa.example/a/1",
        body_html="<p>أقر البرلمان الميزانية.</p>",
    )
    french = indexed("Le Parlement vote le budget", section=politik, language="fr", site_name="Le Quotidien")
    unknown = make_article("Sans langue", language="not a tag!", site_name="")
    return german, arabic, french, unknown


def _element(html, css_class):
    found = re.search(rf'<[a-z0-9]+ class="{css_class}"[^>]*>', html)
    assert found, css_class
    return found.group(0)


def test_every_list_names_the_publication_by_name_or_domain(client, stories):
    for path in ("/", "/rubrique/politique/", "/recherche/?q=budget+OR+haushalt+OR+البرلمان"):
        html = client.get(path).content.decode()
        assert "Tagesblatt" in html, path
        # No site name: the domain, without "www."
        assert "sahafa.example" in html or "recherche" in path, path
    timeline = client.get("/").content.decode()
    assert '<span class="news-item__source">news.sahafa.example</span>' in timeline
    assert '<span class="news-item__source">Le Quotidien</span>' in timeline


def test_the_article_header_names_the_publication(client, stories):
    german = stories[0]
    html = client.get(german.get_absolute_url()).content.decode()
    header = html[
        html.index('<header class="article__header">') : html.index("</header>", html.index("article__header"))
    ]
    assert '<span class="article__publication">Tagesblatt</span>' in header


def test_an_article_is_marked_with_its_language_and_the_page_stays_french(client, stories):
    german, arabic, french, unknown = stories
    html = client.get(german.get_absolute_url()).content.decode()
    assert html.startswith('<!doctype html>\n<html lang="fr">')
    assert 'lang="de"' in _element(html, "article__title")
    assert 'lang="de"' in _element(html, "article__body")
    assert 'lang="de"' not in _element(html, "article__meta")  # "Publié le …" is the site's French
    # A title in Arabic script has its slug in its own letters (articles/slugs.py): its page, no redirect loop.
    rtl = client.get(arabic.get_absolute_url()).content.decode()
    assert 'lang="ar" dir="rtl"' in _element(rtl, "article__title")
    for article in (french, unknown):
        page = client.get(article.get_absolute_url()).content.decode()
        assert " lang=" not in _element(page, "article__title"), article.language


def test_list_items_carry_their_language(client, stories):
    timeline = client.get("/").content.decode()
    assert f'<h3 class="news-item__title" lang="de"><a href="{stories[0].get_absolute_url()}">' in timeline
    search = client.get("/recherche/?q=haushalt").content.decode()
    assert 'lang="de"' in _element(search, "search-hit__title")


def test_feed_entries_carry_their_language(client, stories):
    atom = client.get(reverse("articles:feed-atom")).content.decode()
    entries = re.findall(r"<entry[^>]*>.*?</entry>", atom, re.S)
    german = next(e for e in entries if GERMAN_TITLE in e)
    assert german.startswith('<entry xml:lang="de">')
    french = next(e for e in entries if "Le Parlement vote le budget" in e)
    assert french.startswith("<entry>")  # the feed's own xml:lang="fr" stands
    rss = client.get(reverse("articles:feed-rss")).content.decode()
    items = re.findall(r"<item>.*?</item>", rss, re.S)
    assert "<dc:language>de</dc:language>" in next(i for i in items if GERMAN_TITLE in i)
    assert Article.objects.filter(language="not a tag!").exists()
    assert "<dc:language>" not in next(i for i in items if "Sans langue" in i)
