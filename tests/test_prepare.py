"""The extraction workers' step (articles.pipeline.prepare): what they hand the writer is what it would make itself."""

import pytest

from articles.models import Article, RawPage, StoryBand, StoryFingerprint
from articles.pipeline.ingestion import ingest
from articles.pipeline.results import CREATED
from articles.stories.grouping import story_print
from tests.sample_pages import PARAGRAPHS, article_page

pytestmark = pytest.mark.django_db

LATIN1 = article_page(
    title="Élection à Genève : les électeurs déçus",
    head='<link rel="canonical" href="https://gazette.test/geneve">',
).replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')


def test_a_page_read_decoded_and_compressed_in_a_worker_is_stored_as_published(tmp_path):
    (tmp_path / "geneve.html").write_bytes(LATIN1.encode("latin-1"))
    report = ingest([str(tmp_path)], workers=1)
    assert report.counts[CREATED] == 1
    article = Article.objects.get()
    assert article.title == "Élection à Genève : les électeurs déçus"
    # The raw page, decoded in the worker (compressed there or by the writer), reads back as the page decoded.
    raw = RawPage.objects.get(article=article)
    assert "Élection à Genève" in raw.html and 'charset="iso-8859-1"' in raw.html


def test_the_story_fingerprint_made_in_a_worker_is_the_one_of_the_stored_article(tmp_path):
    for n in (1, 2):
        canonical = f'<link rel="canonical" href="https://gazette.test/ecoles/{n}">'
        (tmp_path / f"{n}.html").write_text(article_page(head=canonical, title=f"Le budget des écoles, version {n}"))
    report = ingest([str(tmp_path)], workers=2)
    assert report.counts[CREATED] == 2
    for article in Article.objects.all():
        stored = StoryFingerprint.objects.get(article=article)
        expected = story_print(article.lead, article.body_text, article.language)
        assert (bytes(stored.signature), stored.size) == (expected.packed(), expected.size)
        assert sorted(StoryBand.objects.filter(article=article).values_list("key", flat=True)) == sorted(expected.keys)
    # The same text twice: one story, its first version listed.
    first, second = Article.objects.order_by("pk")
    assert first.story_id is not None and first.story_id == second.story_id
    assert [a.listed for a in (first, second)].count(True) == 1


def test_a_file_the_worker_cannot_take_for_a_page_fails_with_its_own_reason_and_the_others_go_on(tmp_path):
    (tmp_path / "a-feed.html").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Flux</title></channel></rss>'
    )
    (tmp_path / "b-empty.html").write_text("  \n")
    (tmp_path / "c-page.html").write_text(article_page(head='<link rel="canonical" href="https://gazette.test/c">'))
    report = ingest([str(tmp_path)], workers=1)
    failed = {result.label.rsplit("/", 1)[-1]: result.error.code for result in report.failures}
    assert failed == {"a-feed.html": "not_a_page", "b-empty.html": "empty_file"}
    assert report.counts[CREATED] == 1
    assert Article.objects.get().body_text.startswith(PARAGRAPHS[0][:40])
