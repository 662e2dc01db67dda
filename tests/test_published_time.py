"""A page that gives only the day is shown with the day only: no invented "à 01:00" anywhere."""

from datetime import UTC, datetime

import pytest
from django.apps import apps

from articles.extraction import extract
from articles.extraction.dates import gives_time, parse_when
from articles.models import Article
from articles.pipeline.ingestion import ingest
from articles.pipeline.inputs import Page
from tests.factories import make_article
from tests.sample_pages import article_page

URL = "https://gazette.test/2024/03/05/budget-ecoles"


def _meta(published):
    return f'<meta property="article:published_time" content="{published}">'


@pytest.mark.parametrize(
    ("value", "known"),
    [
        ("2024-03-05", False),
        ("2024-03-05T00:00:00+01:00", False),  # a bare day padded with zeros by the publishing system
        ("2024-03-05T00:00:00.000Z", False),
        ("Tue, 05 Mar 2024 00:00:00 GMT", False),
        ("2024-03-05T21:10:00+01:00", True),
        ("2024-03-05T00:05:00+01:00", True),
        ("Tue, 05 Mar 2024 21:10:00 GMT", True),
        ("5 mars 2024", False),
    ],
)
def test_a_date_string_says_whether_it_gives_a_time(value, known):
    assert gives_time(value) is known


def test_a_bare_day_is_that_day_at_midnight_utc_whatever_its_offset():
    assert parse_when("2024-03-05") == (datetime(2024, 3, 5, tzinfo=UTC), False)
    # Midnight at +01:00 is 23:00 UTC the day before: the day the source wrote is kept.
    assert parse_when("2024-03-05T00:00:00+01:00") == (datetime(2024, 3, 5, tzinfo=UTC), False)
    when, known = parse_when("2024-03-05T21:10:00+01:00")
    assert (when.isoformat(), known) == ("2024-03-05T21:10:00+01:00", True)


def test_extraction_tells_a_date_only_page_from_a_dated_and_timed_one():
    day_only = extract(article_page(head=_meta("2024-03-05")), URL)
    assert (day_only.published, day_only.published_time_known) == (datetime(2024, 3, 5, tzinfo=UTC), False)
    timed = extract(article_page(head=_meta("2024-03-05T21:10:00+01:00")), URL)
    assert timed.published_time_known


@pytest.mark.django_db
def test_a_date_only_page_shows_its_day_and_no_time(client):
    ingest([Page("page.html", url=URL, content=article_page(head=_meta("2024-03-05")).encode())])
    article = Article.objects.get()
    assert not article.published_time_known
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'Publié le <time datetime="2024-03-05">mardi 5 mars 2024</time>' in page
    timeline = client.get("/").content.decode()
    assert '<time class="news-item__time" datetime="2024-03-05">5 mars</time>' in timeline
    assert "01:00" not in page + timeline


def test_a_time_in_a_zone_named_only_by_its_abbreviation_keeps_its_day_and_no_time(recwarn):
    # "EST" is New York's (UTC-5) and Sydney's (UTC+10): 19:47 read as UTC would be hours off.
    assert parse_when("November 19, 2019, 07:47 PM EST") == (datetime(2019, 11, 19, tzinfo=UTC), False)
    assert parse_when("Fri Mar 13 21:30:09 EST 2015") == (datetime(2015, 3, 13, tzinfo=UTC), False)
    assert not recwarn.list  # dateutil's UnknownTimezoneWarning no longer reaches the import's output
    # A zone dateutil places is kept: an offset, or GMT / UTC.
    when, known = parse_when("Tue, 05 Mar 2024 21:10:00 -0500")
    assert (when.isoformat(), known) == ("2024-03-05T21:10:00-05:00", True)
    when, known = parse_when("19 Nov 2019 07:09 GMT")
    assert (when.isoformat(), known) == ("2019-11-19T07:09:00+00:00", True)


@pytest.mark.django_db
def test_a_page_timed_in_an_unplaced_zone_shows_its_day_and_no_time(client):
    ingest([Page("page.html", url=URL, content=article_page(head=_meta("November 19, 2019, 07:47 PM EST")).encode())])
    article = Article.objects.get()
    assert (article.published_at, article.published_time_known) == (datetime(2019, 11, 19, tzinfo=UTC), False)
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'Publié le <time datetime="2019-11-19">mardi 19 novembre 2019</time>' in page
    assert "20:47" not in page  # 07:47 PM read as UTC, shown in Paris


@pytest.mark.django_db
def test_a_dated_and_timed_page_shows_its_time(client):
    ingest([Page("page.html", url=URL, content=article_page(head=_meta("2024-03-05T21:10:00+01:00")).encode())])
    article = Article.objects.get()
    assert article.published_time_known
    assert "mardi 5 mars 2024 à 21:10" in client.get(article.get_absolute_url()).content.decode()
    assert ">21:10</time>" in client.get("/").content.decode()


@pytest.mark.django_db
def test_existing_rows_at_midnight_utc_from_a_source_become_day_only():
    from importlib import import_module

    backfill = import_module("articles.migrations.0012_article_published_time_known").mark_bare_days
    bare = make_article("Jour seul", published_at=datetime(2024, 3, 5, tzinfo=UTC))
    timed = make_article("Avec l'heure", published_at=datetime(2024, 3, 5, 0, 0, 7, tzinfo=UTC))
    ours = make_article("Sans date", published_at=datetime(2024, 3, 6, tzinfo=UTC), published_from_source=False)
    backfill(apps, None)
    known = dict(Article.objects.values_list("title", "published_time_known"))
    assert known == {bare.title: False, timed.title: True, ours.title: True}


@pytest.mark.django_db
def test_an_update_given_as_a_day_shows_the_day_only(client):
    head = _meta("2024-03-05T21:10:00+01:00") + '<meta property="article:modified_time" content="2024-03-07">'
    ingest([Page("page.html", url=URL, content=article_page(head=head).encode())])
    article = Article.objects.get()
    assert article.modified_at == datetime(2024, 3, 7, tzinfo=UTC)
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'Mis à jour le <time datetime="2024-03-07">7 mars 2024</time>' in page
    assert "à 01:00" not in page
    Article.objects.filter(pk=article.pk).update(modified_at=datetime(2024, 3, 7, 8, 30, tzinfo=UTC))
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Mis à jour le <time" in page and "7 mars 2024 à 09:30" in page
