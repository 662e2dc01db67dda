"""Model constraints and the domain vocabulary of the QuerySets."""

import zlib
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, RawPage
from tests.factories import make_article, make_photo, make_section

pytestmark = pytest.mark.django_db


def test_one_article_per_canonical_url_is_enforced_by_the_database():
    make_article(canonical_url="https://www.quotidien-demo.example/a")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(canonical_url="https://www.quotidien-demo.example/a")
    assert Article.objects.count() == 1


def test_an_article_has_at_most_one_main_photo():
    article = make_article()
    make_photo(article, position=0, is_main=True)
    make_photo(article, position=1, is_main=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_photo(article, position=2, is_main=True)
    assert article.photos.count() == 2


def test_two_photos_cannot_share_a_position():
    article = make_article()
    make_photo(article, position=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_photo(article, position=0, is_main=False)


def test_published_hides_future_articles_and_lists_newest_first():
    now = timezone.now()
    old = make_article("Ancien", published_at=now - timedelta(days=2))
    new = make_article("Récent", published_at=now - timedelta(minutes=5))
    make_article("Programmé", published_at=now + timedelta(days=1))
    assert list(Article.objects.published()) == [new, old]


def test_in_section_keeps_only_that_section():
    diplomatie, liban = make_section("Diplomatie"), make_section("Liban")
    a = make_article(section=diplomatie)
    make_article(section=liban)
    assert list(Article.objects.in_section(diplomatie)) == [a]


def test_for_listing_gives_the_main_photo_of_each_article():
    with_photo, without_photo = make_article(), make_article()
    make_photo(with_photo, position=0, is_main=False, caption="secondaire")
    main = make_photo(with_photo, position=1, is_main=True, caption="principale")
    articles = {a.pk: a for a in Article.objects.for_listing()}
    assert articles[with_photo.pk].main_photo == main
    assert articles[without_photo.pk].main_photo is None


def test_urls_and_names_people_see():
    section = make_section("Économie")
    article = make_article("Le budget est voté", section=section)
    assert str(section) == "Économie"
    assert section.get_absolute_url() == "/rubrique/economie/"
    assert str(article) == "Le budget est voté"
    assert article.get_absolute_url() == f"/article/{article.pk}-le-budget-est-vote/"


def test_raw_page_keeps_the_html_compressed_and_gives_it_back():
    article = make_article()
    html = "<html><body><p>Élysée, « guillemets » et accents.</p></body></html>" * 50
    raw = RawPage(article=article, url=article.source_url)
    raw.html = html
    raw.save()
    stored = RawPage.objects.get(pk=raw.pk)
    assert stored.html == html
    assert len(bytes(stored.compressed_html)) < len(html.encode()) / 5


def test_raw_page_stored_at_the_former_compression_level_reads_back_the_same():
    # Pages were compressed at zlib's level 6 until the level changed (docs/BENCHMARKS.md, issue 18).
    article = make_article()
    html = "<html><body><p>Élysée, « guillemets » et accents.</p></body></html>" * 50
    RawPage.objects.create(article=article, url=article.source_url, compressed_html=zlib.compress(html.encode(), 6))
    stored = RawPage.objects.get(article=article)
    assert stored.html == html
    assert RawPage.compress(html) != bytes(stored.compressed_html)  # what ingestion stores now differs
    assert zlib.decompress(RawPage.compress(html)) == html.encode()
