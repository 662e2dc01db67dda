"""The ingestion service itself: writing an extracted article, races, and the report."""

import gzip
import re
import time
from datetime import UTC, datetime
from functools import partial

import pytest

from articles.extraction import ExtractedImage
from articles.models import Article, RawPage, Section
from articles.pipeline import ingestion, writing
from articles.pipeline.ingestion import ingest
from articles.pipeline.inputs import Page
from articles.pipeline.results import CREATED, FAILED, UNCHANGED, UPDATED
from articles.search import search_articles
from tests.factories import URL, extracted, save
from tests.sample_pages import DEMO_SITE, article_page, render_page


@pytest.mark.django_db(transaction=True)
def test_canonical_url_race_is_an_update_not_a_crash(monkeypatch):
    _, pk = save(extracted())
    # Simulate another import that wrote the same canonical URL just after this one looked it up.
    real_existing, lookups = writing._existing, []

    def stale_first_lookup(canonical_url):
        lookups.append(canonical_url)
        return None if len(lookups) % 2 == 1 else real_existing(canonical_url)

    monkeypatch.setattr(writing, "_existing", stale_first_lookup)

    assert save(extracted()) == (UNCHANGED, pk)
    assert save(extracted(title="Sommet de Genève : un accord signé")) == (UPDATED, pk)
    assert Article.objects.get().title == "Sommet de Genève : un accord signé"


@pytest.mark.django_db
def test_any_change_a_reader_sees_makes_an_update():
    _, pk = save(extracted())
    changes = [
        {"lead": "Un autre chapô."},
        {"authors": ["Claire Moreau", "Paul Girard"]},
        {"section": "International"},
        {"images": [ExtractedImage(src=DEMO_SITE + "/img/geneve.jpg", caption="Le palais", credit="AFP")]},
    ]
    for change in changes:
        assert save(extracted(**change)) == (UPDATED, pk), change
    assert save(extracted(**changes[-1])) == (UNCHANGED, pk)


@pytest.mark.django_db
def test_exactly_one_main_photo_and_only_web_images():
    images = [
        ExtractedImage(src="data:image/png;base64,AAAA"),
        ExtractedImage(src="/img/a.jpg", credit="Photo A"),
        ExtractedImage(src=DEMO_SITE + "/img/b.jpg", is_main=True),
        ExtractedImage(src=DEMO_SITE + "/img/c.jpg"),
    ]
    _, pk = save(extracted(images=images))
    photos = list(Article.objects.get(pk=pk).photos.values_list("position", "src", "is_main", "credit"))
    assert photos == [
        (0, DEMO_SITE + "/img/a.jpg", False, "Photo A"),
        (1, DEMO_SITE + "/img/b.jpg", True, ""),
        (2, DEMO_SITE + "/img/c.jpg", False, ""),
    ]


@pytest.mark.django_db
def test_without_a_main_mark_the_first_photo_is_main():
    images = [ExtractedImage(src=DEMO_SITE + "/img/a.jpg"), ExtractedImage(src=DEMO_SITE + "/img/b.jpg")]
    _, pk = save(extracted(images=images))
    assert list(Article.objects.get(pk=pk).photos.values_list("is_main", flat=True)) == [True, False]


@pytest.mark.django_db
def test_a_date_found_later_replaces_the_first_ingest_time():
    _, pk = save(extracted())
    article = Article.objects.get(pk=pk)
    assert not article.published_from_source
    published = datetime(2026, 3, 2, 16, 45, tzinfo=UTC)
    save(extracted(published=published, lead="Mis à jour avec sa date."))
    article.refresh_from_db()
    assert (article.published_at, article.published_from_source) == (published, True)


@pytest.mark.django_db
def test_section_with_the_same_slug_is_reused():
    existing = Section.objects.create(name="Economie", slug="economie")
    _, pk = save(extracted(section="Économie"))
    assert Article.objects.get(pk=pk).section == existing
    assert Section.objects.count() == 1


@pytest.mark.django_db
def test_report_counts_results_and_calls_progress_in_order(http_server, tmp_path):
    http_server.page("/article.html", "article-sport.html")
    page = tmp_path / "culture.html"
    page.write_bytes(render_page("article-culture.html"))
    calls = []

    report = ingest(
        [http_server.url("/article.html"), str(tmp_path / "missing.html"), str(page)],
        progress=lambda result, done, total: calls.append((result.status, done, total)),
    )

    assert calls == [(CREATED, 1, 3), (FAILED, 2, 3), (CREATED, 3, 3)]
    assert report.counts == {"created": 2, "updated": 0, "unchanged": 0, "failed": 1}
    assert report.summary() == "created 2, updated 0, unchanged 0, failed 1"
    assert [r.reason for r in report.failures] == ["no such file or directory"]
    created = report.results[0]
    assert created.article == Article.objects.get(canonical_url=http_server.url("/sport/marathon-paris.html")).pk
    assert created.title == "Marathon de Paris : un record de participation"
    assert created.extracted is None  # not held to the end of a long import


@pytest.mark.django_db
def test_a_long_import_does_not_hold_every_extracted_page(tmp_path):
    for i in range(3):
        (tmp_path / f"p{i}.html").write_bytes(
            render_page("article-culture.html").replace(b"festival", f"f{i}".encode())
        )
    seen = []
    report = ingest([str(tmp_path)], progress=lambda result, done, total: seen.append(result.extracted is not None))
    assert seen == [True, True, True]  # the progress callback still gets the whole extraction
    assert all(result.extracted is None for result in report.results)


@pytest.mark.django_db
def test_the_writer_finishes_each_page_as_it_comes_in_while_the_worker_extracts_the_next(
    tmp_path, monkeypatch, settings
):
    # One worker beside a free core leaves the compression, story print and search analysis to the
    # writer (workers_finish_pages): it does them as a page comes in, not once the batch is written,
    # so the last batch does not wait for all of them after the last page (docs/BENCHMARKS.md, issue 18).
    settings.NEWSROOM_INGEST_BATCH_SECONDS = 60  # no batch written before the last page
    settings.NEWSROOM_FETCH_CONCURRENCY = 1  # with a worker holding one page at a time: the pages in order
    monkeypatch.setattr(ingestion, "workers_finish_pages", lambda processes: False)
    started = tmp_path / "writer-started"  # the writer at work on the first page, told to the worker
    compress = RawPage.compress

    def compressing(html):
        started.touch()
        return compress(html)

    def prepare(content, content_type, url, path=None, **options):
        if path.name.startswith("2"):  # the last page waits for the writer to start on the first
            deadline = time.monotonic() + 10
            while not started.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
            (tmp_path / "last-page.txt").write_text("after the writer" if started.exists() else "writer idle")
        return ingestion.prepare(content, content_type, url, path, **options)

    monkeypatch.setattr(RawPage, "compress", staticmethod(compressing))
    monkeypatch.setattr(ingestion, "extraction_pool", _pool_running(prepare))
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in (1, 2):
        head = f'<link rel="canonical" href="https://gazette.test/{n}">'
        page = article_page(body=f"<p>{'Le port de Tyr rouvre ses quais aux pêcheurs. ' * 20}</p>", head=head)
        (pages / f"{n}.html").write_text(page, encoding="utf-8")
    report = ingest([str(pages)], workers=1)
    assert report.counts[CREATED] == 2
    assert (tmp_path / "last-page.txt").read_text() == "after the writer"


def _pool_running(function):
    """ingestion.extraction_pool, its workers running `function` in place of prepare(), a page at a
    time (depth 1: the pages reach a worker in their order)."""
    real = ingestion.extraction_pool

    def pool(processes):
        made = real(processes)
        made.function = partial(function, finish=ingestion.workers_finish_pages(processes))
        made.depth = 1
        return made

    return pool


@pytest.mark.django_db
def test_dry_run_report_keeps_the_extraction_for_a_preview(tmp_path):
    page = tmp_path / "culture.html"
    page.write_bytes(render_page("article-culture.html"))
    report = ingest([str(page)], dry_run=True, section="Festivals")
    (result,) = report.results
    assert (result.status, result.article) == ("extracted", None)
    assert result.extracted.section == "Festivals"
    assert report.counts == {"extracted": 1, "failed": 0}
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_pages_in_hand_are_ingested_with_their_original_url_and_without_one_nothing_is_written():
    page = re.sub(rb'<link rel="canonical"[^>]*>', b"", render_page("article-sport.html"))
    given = [
        Page("fichier marathon.html.gz", url=URL, content=gzip.compress(page)),
        Page("fichier sans-adresse.html", content=page),
        Page("fichier vide.html", url=URL, content=b"  \n"),
    ]
    report = ingest(given)
    assert [(r.label, r.status) for r in report.results] == [
        ("fichier marathon.html.gz", "created"),
        ("fichier sans-adresse.html", "failed"),
        ("fichier vide.html", "failed"),
    ]
    assert Article.objects.get().canonical_url == URL
    assert report.results[1].reason == "the page does not give its address: give its original URL"
    assert report.results[2].reason == "empty file"
    preview = ingest(given[1:2], dry_run=True).results[0]
    assert (preview.status, preview.extracted.title) == ("failed", "Marathon de Paris : un record de participation")


@pytest.mark.django_db
def test_source_modified_date_is_kept_when_a_later_page_omits_it():
    modified = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    _, pk = save(extracted(modified=modified))
    save(extracted(lead="Un chapô corrigé."))
    assert Article.objects.get(pk=pk).modified_at == modified


@pytest.mark.django_db
def test_impossible_photo_sizes_are_dropped():
    images = [ExtractedImage(src=DEMO_SITE + "/img/a.jpg", width=-1, height=480)]
    _, pk = save(extracted(images=images))
    assert list(Article.objects.get(pk=pk).photos.values_list("width", "height")) == [(None, 480)]


@pytest.mark.django_db
def test_an_ingested_article_is_searchable_at_once_and_gone_once_deleted(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html lang='fr'><head><title>Sécurité à Pékin</title></head><body><article>"
        "<h1>Sécurité à Pékin</h1><figure><img src='https://img.example.com/p.jpg'>"
        "<figcaption>Une rue de Pékin. Photo AFP/JEAN DUPONT</figcaption></figure>"
        + "".join(f"<p>Les élections de {2027 + i} inquiètent les diplomates en poste à Pékin.</p>" for i in range(8))
        + "</article></body></html>",
        encoding="utf-8",
    )
    report = ingest([Page(str(page), url="https://news.example.com/securite-pekin", path=page)])
    assert report.counts["created"] == 1
    article = Article.objects.get()
    assert list(search_articles(Article.objects.all(), "securites pekin")) == [article]
    assert article.photos.get().agency == "AFP"
    article.delete()
    assert list(search_articles(Article.objects.all(), "pekin")) == []
