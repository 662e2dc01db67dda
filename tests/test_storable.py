"""Issue 15, findings 7, 12 and 13: what a scraped page may put in the database and the feeds.

XML's forbidden characters (a bell in a headline broke every feed; a NUL cannot be stored in
PostgreSQL) are dropped at ingestion and in the feeds; NUL in a request never reaches a query;
dates are kept to a sane range wherever they enter.
"""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from articles.models import Article, ImportJob, Photo
from articles.pipeline import jobs
from articles.pipeline.ingestion import ingest
from articles.pipeline.inputs import Page
from articles.pipeline.results import CREATED
from articles.storable import xml_text
from tests.factories import make_article, make_section
from tests.storable_pages import news_page

pytestmark = pytest.mark.django_db

PAGE_URL = "https://www.quotidien-demo.example/monde/controle.html"
FORBIDDEN = "\x00\x07\x1b\ufffe"
FEEDS = ("articles:feed-rss", "articles:feed-atom")


def page(headline, **fields):
    return news_page(headline, canonical=PAGE_URL, h1="Sommet de Genève", **fields)


def ingest_page(tmp_path, html):
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    return ingest([Page(str(path), url=PAGE_URL, path=path)])


def stored_text(article):
    photos = [value for photo in article.photos.all() for value in (photo.caption, photo.credit, photo.alt, photo.src)]
    authors = [author.name for author in article.authors.all()]
    return [article.title, article.lead, article.body_text, article.body_html, *photos, *authors]


def test_xml_forbidden_characters_in_json_ld_are_stripped_at_ingestion(tmp_path):
    report = ingest_page(
        tmp_path, page(f"Sommet{FORBIDDEN} de Genève", author="Claire\x07 Moreau", caption="Le\x1b palais")
    )
    assert [result.status for result in report.results] == [CREATED], report.results
    article = Article.objects.get()
    assert article.title == "Sommet de Genève"
    for value in stored_text(article):
        assert not set(FORBIDDEN) & set(value), value


@pytest.mark.parametrize("name", FEEDS)
def test_feeds_answer_after_a_control_character_is_ingested(client, tmp_path, name):
    ingest_page(tmp_path, page("Sommet\u0007 de Genève"))
    response = client.get(reverse(name))
    assert response.status_code == 200
    etree.fromstring(response.content)  # well-formed XML
    assert feedparser.parse(response.content).entries[0].title == "Sommet de Genève"


@pytest.mark.parametrize("name", FEEDS)
def test_feeds_drop_xml_forbidden_characters_that_older_rows_still_hold(client, name):
    section = make_section("Monde\x07")
    article = make_article("Un titre\x07 ancien", section=section, lead="Un chapô\x1b ancien")
    Photo.objects.create(article=article, src="https://images.example.net/a.jpg", is_main=True)
    for url in (reverse(name), reverse(name.replace("articles:", "articles:section-"), args=[section.slug])):
        response = client.get(url)
        assert response.status_code == 200, url
        feed = feedparser.parse(response.content)
        assert not feed.bozo, (url, feed.bozo_exception)
        assert feed.entries[0].title == "Un titre ancien"


def test_nul_in_json_ld_never_reaches_a_row(tmp_path):
    # PostgreSQL refused the whole article ("could not save"); SQLite stored the NUL.
    report = ingest_page(tmp_path, page("Sommet\u0000 de Genève", author="Claire\u0000 Moreau"))
    assert [result.status for result in report.results] == [CREATED], report.results
    article = Article.objects.get()
    assert article.title == "Sommet de Genève"
    assert [author.name for author in article.authors.all()] == ["Claire Moreau"]


def test_nul_in_an_uploaded_page_and_its_file_name_never_reaches_the_import_job(admin_user):
    from io import BytesIO

    upload = jobs.Upload("sommet\x00.html", PAGE_URL, BytesIO(page("Sommet\u0000 de Genève").encode()))
    job = jobs.create_job(user=admin_user, urls_text="", uploads=[upload])
    jobs.run_preview(job)  # PostgreSQL refuses a \u0000 in a JSON value
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED
    assert job.preview[0]["title"] == "Sommet de Genève"
    assert "\x00" not in job.uploads.get().name


@pytest.mark.parametrize(
    "query",
    [
        {"section": "\x00"},
        {"q": "pekin\x00"},
        {"site": "\x00"},
        {"auteur": "a\x00"},
        {"\x00": "1"},
        {"section": "liban\x00"},
    ],
)
def test_nul_in_a_reader_request_answers_400_and_reaches_no_query(client, query, django_assert_num_queries):
    make_section("Liban")
    with django_assert_num_queries(0):
        response = client.get("/recherche/", query)
    assert response.status_code == 400


def test_nul_in_an_admin_request_answers_400(client):
    staff = User.objects.create_superuser("redaction", "r@example.org", "mot-de-passe-solide")
    client.force_login(staff)
    assert client.get("/admin/articles/article/", {"site_name": "\x00"}).status_code == 400
    assert client.post("/admin/articles/section/add/", {"name": "Liban\x00", "slug": "liban"}).status_code == 400
    assert client.get("/admin/articles/article/", {"site_name": "x"}).status_code == 200


def test_xml_text_keeps_what_xml_allows():
    assert (
        xml_text("Tab\tline\nreturn\r, accents é, emoji 🙂, C1 \x85")
        == "Tab\tline\nreturn\r, accents é, emoji 🙂, C1 \x85"
    )
    assert xml_text("a\x00b\x08c\x0bd\x0ce\x1ff\ud800g\uffffh") == "abcdefgh"
    assert xml_text(None) is None


# --- Finding 13: dates in a sane range wherever they enter -----------------------------------------


def test_dates_out_of_range_in_a_page_are_not_taken_as_its_dates(tmp_path):
    before = timezone.now()
    ingest_page(tmp_path, page("Sommet de Genève", published="9999-12-31T23:00:00+00:00"))
    article = Article.objects.get()
    assert not article.published_from_source
    assert before <= article.published_at <= timezone.now()


def test_a_page_dated_years_ahead_is_dated_when_it_was_ingested(tmp_path):
    ahead = (timezone.now() + timedelta(days=400)).isoformat()
    ingest_page(tmp_path, page("Sommet de Genève", published=ahead))
    assert Article.objects.get().published_at <= timezone.now()


def test_dates_out_of_range_in_the_admin_are_a_form_error_not_a_500(client):
    staff = User.objects.create_superuser("redaction", "r@example.org", "mot-de-passe-solide")
    client.force_login(staff)
    article = make_article("Un article à dater")
    url = reverse("admin:articles_article_change", args=[article.pk])
    form = {
        "title": article.title,
        "slug": article.slug,
        "published_at_0": "31/12/9999",
        "published_at_1": "23:00:00",
        "lead": article.lead,
        "body_html": article.body_html,
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
    }
    response = client.post(url, form)
    assert response.status_code == 200
    assert "Date hors des limites" in response.content.decode()
    article.refresh_from_db()
    assert article.published_at.year < 9999


def test_since_out_of_range_on_the_command_line_is_refused():
    for since in ("0001-01-01", "9999-12-31"):
        with pytest.raises(CommandError, match="--since"):
            call_command("ingest", "https://www.quotidien-demo.example/rss.xml", "--since", since)


def test_feed_entry_dates_out_of_range_are_no_dates():
    from articles.pipeline.listing import _date

    assert _date("9999-12-31T00:00:00Z") is None
    assert _date("0001-01-01") is None
    assert _date("2026-03-02T08:00:00Z") == datetime(2026, 3, 2, 8, tzinfo=UTC)
