"""Synthetic articles: the vocabulary, the generator (deterministic), the command, searchable results."""

from collections import Counter
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.extraction.credits import agency_from_credit
from articles.models import Article, Authorship, Photo, Section
from articles.pipeline.writing import save_article
from articles.search import search_articles, text
from bench.synthetic import (
    BASE_URL,
    BODY_WORDS,
    DAYS,
    Vocabulary,
    as_extracted,
    create_articles,
    delete_articles,
    generate,
    stream_now,
)

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def vocabulary():
    return Vocabulary.load()


@pytest.fixture(scope="module")
def drafts(vocabulary):
    return list(generate(300, seed=7, now=NOW, vocabulary=vocabulary))


def test_vocabulary_is_french_news_with_inflected_forms(vocabulary):
    assert len(vocabulary.words) > 3000
    for word in ("sécurité", "élection", "élections", "Pékin", "diplomatie", "Beyrouth", "libanaise", "annoncé"):
        assert word in vocabulary.words
    assert len(vocabulary["rubriques"]) == 8
    # Forms of one word share a stem, so stemming is exercised: élection / élections, syrien / syriennes.
    assert ("élection", "élections") in vocabulary["noms féminins"]
    assert ("syrien", "syrienne", "syriens", "syriennes") in vocabulary["adjectifs"]
    assert text.stem("élections", "fr") == text.stem("élection", "fr")
    assert text.stem("syriennes", "fr") == text.stem("syrien", "fr")


def test_same_seed_same_articles_other_seed_other_articles(drafts, vocabulary):
    again = list(generate(300, seed=7, now=NOW, vocabulary=vocabulary))
    assert again == drafts
    other = list(generate(300, seed=8, now=NOW, vocabulary=vocabulary))
    assert [d.title for d in other] != [d.title for d in drafts]


def test_drafts_look_like_articles(drafts):
    for draft in drafts:
        assert draft.title and draft.lead and draft.authors
        assert BODY_WORDS[0] <= draft.word_count <= BODY_WORDS[1] + 120  # the last paragraph may overshoot
        assert NOW - timedelta(days=DAYS) <= draft.published_at <= NOW
        assert draft.body_html.startswith("<p>")
    assert len({draft.section for draft in drafts}) == 8
    assert any("<h2>" in draft.body_html for draft in drafts), "some bodies have subheadings"
    photos = [photo for draft in drafts for photo in draft.photos]
    assert 0 < sum(1 for draft in drafts if draft.photos) < len(drafts)
    assert all(photo.caption and photo.credit for photo in photos)
    agencies = Counter(agency_from_credit(photo.credit) for photo in photos)
    assert {"AFP", "Reuters", "AP"} <= set(agencies)
    assert agencies["AFP"] > agencies["Reuters"] > agencies["Xinhua"]
    assert agencies[""] > 0, "some credits name no agency"


def test_word_frequencies_span_very_common_to_rare(drafts):
    def share(word):
        key = text.fold(word)
        found = [d for d in drafts if key in map(text.fold, text.tokens(f"{d.title} {d.lead} {d.body_text}"))]
        return len(found) / len(drafts)

    assert share("sécurité") > 0.5  # first feminine noun of the list
    assert share("gouvernement") > 0.5
    assert share("palimpseste") < 0.05  # far down the list of niche words


@pytest.mark.django_db
def test_created_articles_have_sections_authors_photos_and_are_searchable():
    report = create_articles(40, seed=3, now=NOW, batch_size=15)
    assert report.created == report.indexed == 40
    articles = Article.objects.filter(canonical_url__startswith=f"{BASE_URL}/3/")
    assert articles.count() == 40
    assert Section.objects.count() == 8
    assert Authorship.objects.filter(article__in=articles).count() >= 40
    photos = Photo.objects.filter(article__in=articles)
    assert photos.filter(is_main=True).count() == articles.filter(photos__isnull=False).distinct().count()
    assert photos.exclude(agency="").exists()

    article = articles.order_by("pk")[5]
    title_word = max(text.tokens(article.title), key=len)  # long enough not to be a stopword
    assert article in search_articles(Article.objects.all(), title_word)
    found = search_articles(Article.objects.all(), f'"{article.title}"')
    assert list(found.values_list("pk", flat=True)) == [article.pk]

    assert delete_articles() >= 40
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_command_generates_and_refuses_the_same_seed_twice():
    out = StringIO()
    call_command("generate_articles", "12", "--seed", "5", stdout=out, stderr=StringIO())
    assert "Generated 12 articles" in out.getvalue()
    assert Article.objects.count() == 12
    with pytest.raises(CommandError, match="--clear"):
        call_command("generate_articles", "3", "--seed", "5", stdout=StringIO(), stderr=StringIO())
    call_command("generate_articles", "3", "--seed", "5", "--clear", stdout=StringIO(), stderr=StringIO())
    assert Article.objects.count() == 3


@pytest.mark.django_db
def test_articles_added_after_an_earlier_run_are_those_of_one_run():
    def stored():
        rows = Article.objects.order_by("canonical_url")
        rows = rows.values_list("canonical_url", "title", "published_at", "body_text")
        photos = Photo.objects.order_by("src").values_list("article__canonical_url", "src", "caption", "agency")
        return list(rows), list(photos)

    now = NOW + timedelta(microseconds=123_456)
    create_articles(7, seed=4, now=now, index=False)
    whole = stored()
    delete_articles()
    create_articles(3, seed=4, now=now, index=False)
    assert stream_now(4) == now and stream_now(5) is None
    call_command("generate_articles", "7", "--seed", "4", "--start", "3", stdout=StringIO(), stderr=StringIO())
    assert stored() == whole
    url, title = whole[0][-1][:2]  # the 7th, one of those added: indexed
    assert list(search_articles(Article.objects.all(), f'"{title}"').values_list("canonical_url", flat=True)) == [url]
    with pytest.raises(CommandError, match="START < N"):
        call_command("generate_articles", "7", "--seed", "5", "--start", "3", stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db
def test_synthetic_articles_are_stored_as_ingestion_stores_the_same_extraction():
    drafts = list(generate(6, seed=9, now=NOW))
    n = next(i for i, draft in enumerate(drafts) if len(draft.photos) >= 2)
    draft = drafts[n]
    create_articles(6, seed=9, now=NOW)
    synthetic = Article.objects.order_by("pk")[n]
    image_base = synthetic.photos.first().src.rsplit("-", 1)[0]
    extracted = as_extracted(draft, "https://ailleurs.example/meme-article", image_base=image_base)
    _, pk = save_article(extracted, html="<p>page</p>", fetched_url=extracted.url)
    ingested = Article.objects.get(pk=pk)

    def stored(article):
        photos = [(p.src, p.caption, p.credit, p.agency, p.is_main) for p in article.photos.all()]
        authors = [a.name for a in article.authors.order_by("authorship__position")]
        columns = ("title", "slug", "section_id", "published_at", "lead", "body_html", "body_text", "language")
        more = ("site_name", "word_count", "fingerprint")
        return [getattr(article, name) for name in columns + more], photos, authors

    assert stored(synthetic) == stored(ingested)
    assert (synthetic.source_domain, ingested.source_domain) == ("synthetique.newsroom.example", "ailleurs.example")
    assert synthetic.word_count > len(draft.body_text.split())  # the lead counts, as ingestion counts it
