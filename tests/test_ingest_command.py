"""`manage.py ingest`: every kind of source, the options, idempotency, and one line per failure."""

import gzip
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Author, Photo, RawPage, Section
from articles.search import postgresql as search_postgresql
from articles.search import sqlite as search_sqlite
from tests.sample_pages import DEMO_SITE, render_page

BUDGET, FESTIVAL, MARATHON = (
    "/economie/budget-2026.html",
    "/culture/festival-avignon.html",
    "/sport/marathon-paris.html",
)
JSON_FIELDS = {
    "title",
    "url",
    "canonical_url",
    "section",
    "authors",
    "published",
    "modified",
    "lead",
    "body",
    "body_html",
    "subheadings",
    "language",
    "images",
    "word_count",
}


def ingest(*args, stderr=None):
    """Run the command: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), stderr or io.StringIO()
    try:
        call_command("ingest", *[str(arg) for arg in args], stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        err.write(f"CommandError: {error}\n")
        code = 1
    return code, out.getvalue(), err.getvalue()


def failure_lines(err):
    return [line for line in err.splitlines() if line.startswith("failed ")]


def stored_urls():
    return sorted(Article.objects.values_list("canonical_url", flat=True))


@pytest.fixture
def site(http_server):
    http_server.site()
    return http_server


# --- Each kind of source -------------------------------------------------------------------------


@pytest.mark.django_db
def test_article_url_is_stored_with_everything_it_has(site):
    code, out, err = ingest(site.url(BUDGET))

    assert (code, err) == (0, "")
    assert out.strip() == "created 1, updated 0, unchanged 0, failed 0"
    article = Article.objects.get()
    assert article.title == "Le budget 2026 adopté en première lecture"
    assert article.canonical_url == site.url(BUDGET)
    assert article.slug == "le-budget-2026-adopte-en-premiere-lecture"
    assert article.section == Section.objects.get(name="Économie", slug="economie")
    assert [a.name for a in article.authors.order_by("authorship__position")] == ["Camille Durand", "Louis Martin"]
    assert article.published_at.date().isoformat() == "2026-03-14"
    assert article.published_from_source
    assert "289 voix contre 270" in article.body_text
    assert article.word_count > 100
    assert len(article.fingerprint) == 64
    photo = article.photos.get()
    assert (photo.src, photo.is_main, photo.position) == (site.url("/img/hemicycle.jpg"), True, 0)
    assert "Les collectivités locales inquiètes" in article.raw_page.html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "articles"),
    [
        ("/rss.xml", [BUDGET, FESTIVAL, MARATHON]),
        ("/atom.xml", [BUDGET, FESTIVAL]),
        ("/sitemap.xml", [BUDGET, FESTIVAL]),
        ("/sitemap-news.xml", [MARATHON]),
        ("/sitemap-index.xml", [BUDGET, FESTIVAL, MARATHON]),
    ],
)
def test_feeds_and_sitemaps_bring_in_their_articles(site, source, articles):
    code, out, _ = ingest(site.url(source))
    assert code == 0
    assert stored_urls() == sorted(site.url(path) for path in articles)
    assert f"created {len(articles)}," in out


@pytest.mark.django_db
def test_feed_served_as_rss_content_type_and_gzipped_sitemap(site):
    site.page("/feed", "rss.xml", content_type="application/rss+xml; charset=utf-8")
    site.route(
        "/sitemap.xml.gz", body=gzip.compress(render_page("sitemap.xml", site.base)), content_type="application/x-gzip"
    )
    assert ingest(site.url("/feed"), site.url("/sitemap.xml.gz"))[0] == 0
    assert len(stored_urls()) == 3


@pytest.mark.django_db
def test_file_gzipped_file_and_directory(tmp_path):
    (tmp_path / "archive" / "2026").mkdir(parents=True)
    (tmp_path / "budget.html").write_bytes(render_page("article-economie.html"))
    (tmp_path / "archive" / "festival.htm").write_bytes(render_page("article-culture.html"))
    (tmp_path / "archive" / "2026" / "marathon.html.gz").write_bytes(gzip.compress(render_page("article-sport.html")))

    assert ingest(tmp_path / "archive" / "2026" / "marathon.html.gz")[0] == 0
    assert stored_urls() == [DEMO_SITE + MARATHON]
    code, out, _ = ingest(tmp_path / "budget.html", tmp_path / "archive")
    assert code == 0
    assert stored_urls() == sorted(DEMO_SITE + path for path in (BUDGET, FESTIVAL, MARATHON))
    assert out.strip() == "created 2, updated 0, unchanged 1, failed 0"


@pytest.mark.django_db
def test_url_option_gives_a_saved_page_its_address(tmp_path):
    page = tmp_path / "saved.html"
    page.write_bytes(re.sub(rb'<link rel="canonical"[^>]*>', b"", render_page("article-sport.html")))
    assert ingest(page, "--url", "https://www.exemple.fr/sport/marathon?utm_source=rss")[0] == 0
    article = Article.objects.get()
    assert article.canonical_url == "https://www.exemple.fr/sport/marathon"
    assert article.raw_page.url == "https://www.exemple.fr/sport/marathon?utm_source=rss"


@pytest.mark.django_db
def test_saved_page_without_any_url_is_known_by_its_file(tmp_path):
    page = tmp_path / "saved.html"
    page.write_bytes(re.sub(rb'<link rel="canonical"[^>]*>', b"", render_page("article-sport.html")))
    assert ingest(page)[0] == 0
    assert ingest(page)[1].strip() == "created 0, updated 0, unchanged 1, failed 0"
    assert stored_urls() == [page.resolve().as_uri()]


def test_url_option_with_several_sources_is_refused(tmp_path):
    code, _, err = ingest(tmp_path / "a.html", tmp_path / "b.html", "--url", "https://www.exemple.fr/a")
    assert code == 1
    assert "single file" in err


# --- Options -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_dry_run_json_prints_one_object_per_article_and_writes_nothing(site):
    code, out, err = ingest(site.url("/rss.xml"), "--dry-run", "--json")

    assert code == 0
    objects = [json.loads(line) for line in out.splitlines()]
    assert [obj["canonical_url"] for obj in objects] == [site.url(p) for p in (BUDGET, MARATHON, FESTIVAL)]
    assert set(objects[0]) >= JSON_FIELDS
    budget = objects[0]
    assert budget["authors"] == ["Camille Durand", "Louis Martin"]
    assert budget["published"].startswith("2026-03-14")
    assert budget["images"][0]["src"] == site.url("/img/hemicycle.jpg")
    assert set(budget["images"][0]) >= {"src", "alt", "caption", "credit"}
    assert budget["word_count"] > 100
    assert "extracted 3, failed 0" in err
    assert (Article.objects.count(), Section.objects.count(), Author.objects.count()) == (0, 0, 0)


@pytest.mark.django_db
def test_dry_run_json_of_one_file_is_exactly_one_json_line(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(render_page("article-culture.html"))
    code, out, _ = ingest(page, "--url", DEMO_SITE + FESTIVAL, "--dry-run", "--json")
    assert code == 0
    (line,) = out.splitlines()
    assert json.loads(line)["title"] == "À Avignon, un festival qui mise sur la jeunesse"


@pytest.mark.django_db
def test_section_option_forces_the_section(site):
    ingest(site.url("/rss.xml"), "--section", "Archives 2026")
    assert set(Article.objects.values_list("section__name", "section__slug")) == {("Archives 2026", "archives-2026")}
    assert Section.objects.count() == 1


@pytest.mark.django_db
def test_limit_stops_after_n_articles(site):
    code, _, _ = ingest(site.url("/rss.xml"), "--limit", "2")
    assert code == 0
    assert stored_urls() == sorted([site.url(BUDGET), site.url(MARATHON)])
    assert site.hits(FESTIVAL) == 0


@pytest.mark.django_db
def test_since_skips_older_entries_without_fetching_them(site):
    code, _, _ = ingest(site.url("/rss.xml"), site.url("/sitemap-index.xml"), "--since", "2026-03-05")
    assert code == 0
    assert stored_urls() == sorted([site.url(BUDGET), site.url(MARATHON)])
    assert site.hits(FESTIVAL) == 0


@pytest.mark.django_db(transaction=True)
def test_two_workers_ingest_everything_once(site):
    code, out, _ = ingest(site.url("/rss.xml"), site.url("/sitemap-index.xml"), "--workers", "2")
    assert code == 0
    assert out.strip() == "created 3, updated 0, unchanged 0, failed 0"
    assert (
        Photo.objects.filter(is_main=True).count()
        == Article.objects.filter(photos__isnull=False).distinct().count()
        == 2
    )


@pytest.mark.django_db
def test_json_summary_without_dry_run(site):
    code, out, err = ingest(site.url(BUDGET), site.url("/missing.html"), "--json")
    assert code == 1
    summary = json.loads(out)
    assert {k: summary[k] for k in ("created", "updated", "unchanged", "failed")} == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "failed": 1,
    }
    assert [(r["source"], r["status"]) for r in summary["results"]] == [
        (site.url(BUDGET), "created"),
        (site.url("/missing.html"), "failed"),
    ]
    assert summary["results"][0]["article"] == Article.objects.get().pk
    assert "created 1, updated 0, unchanged 0, failed 1" in err


@pytest.mark.django_db
def test_progress_bar_only_on_a_terminal(site):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    _, _, on_terminal = ingest(site.url(BUDGET), stderr=Terminal())
    _, _, in_a_pipe = ingest(site.url(BUDGET))
    assert "] 1/1" in on_terminal
    assert in_a_pipe == ""


# --- Running again ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_second_run_changes_nothing(site):
    ingest(site.url("/rss.xml"))
    before = list(Article.objects.values_list("pk", "updated_at", "fingerprint").order_by("pk"))

    code, out, _ = ingest(site.url("/rss.xml"), site.url("/sitemap-index.xml"))

    assert code == 0
    assert out.strip() == "created 0, updated 0, unchanged 3, failed 0"
    assert list(Article.objects.values_list("pk", "updated_at", "fingerprint").order_by("pk")) == before


@pytest.mark.django_db
def test_changed_page_is_updated_with_its_photos_replaced(site):
    ingest(site.url(BUDGET), site.url(FESTIVAL))
    festival = Article.objects.get(canonical_url=site.url(FESTIVAL))
    first_ingest = festival.published_at
    assert not festival.published_from_source

    new_photo = site.url("/img/festival-2.jpg")
    changed = (
        render_page("article-culture.html", site.base)
        .replace(b"palais-des-papes.jpg", b"festival-2.jpg")
        .replace(b"une proportion in\xc3\xa9dite", b"une proportion jamais vue")
    )
    site.route(FESTIVAL, body=changed)

    code, out, _ = ingest(site.url(BUDGET), site.url(FESTIVAL))

    assert code == 0
    assert out.strip() == "created 0, updated 1, unchanged 1, failed 0"
    festival.refresh_from_db()
    assert "une proportion jamais vue" in festival.lead + festival.body_text
    assert list(festival.photos.values_list("src", "is_main")) == [(new_photo, True)]
    assert "jamais vue" in festival.raw_page.html
    # No date in the source: the first ingest's time stands, not the update's.
    assert festival.published_at == first_ingest
    assert not festival.published_from_source
    assert Article.objects.count() == 2


# --- Bad input -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_bad_source_gets_one_line_and_the_good_ones_still_go_in(site, fast_fetch, tmp_path, monkeypatch):
    monkeypatch.setattr("articles.pipeline.fetching.sleep", lambda seconds: None)
    site.route("/photo.png", body=b"\x89PNG\r\n\x1a\n\x00\x00\x00", content_type="image/png")
    site.route("/report.pdf", body=b"%PDF-1.7\n", content_type="application/pdf")
    site.route("/empty.html", body=b"")
    site.route("/slow.html", body=b"<p>trop tard</p>", delay=1.5)
    site.route("/error.html", status=500, body=b"boom")
    site.page("/broken.xml", "malformed-feed.xml")
    site.page("/loading.html", "no-article.html")
    binary = tmp_path / "binary.html"
    binary.write_bytes(bytes(range(256)) * 4)
    missing = tmp_path / "nowhere.html"
    expected = {
        site.url("/missing.html"): "HTTP 404 Not Found",
        site.url("/error.html"): "HTTP 500 Internal Server Error",
        site.url("/photo.png"): "not an HTML page, feed or sitemap (content type image/png)",
        site.url("/report.pdf"): "not an HTML page, feed or sitemap (content type application/pdf)",
        site.url("/empty.html"): "empty response",
        site.url("/slow.html"): "timed out after 0.5 s",
        site.url("/broken.xml"): "malformed feed: ",
        site.url("/loading.html"): "no article text found",
        str(binary): "binary content, not an HTML page",
        str(missing): "no such file or directory",
    }

    code, out, err = ingest(site.url(BUDGET), *expected, site.url(MARATHON))

    assert code == 1
    lines = failure_lines(err)
    assert len(lines) == len(expected)
    for line, (source, reason) in zip(lines, expected.items(), strict=True):
        assert line.startswith(f"failed {source}: {reason}")
    assert "\n" not in "".join(lines)
    assert stored_urls() == sorted([site.url(BUDGET), site.url(MARATHON)])
    assert out.strip() == f"created 2, updated 0, unchanged 0, failed {len(expected)}"


@pytest.mark.django_db
def test_bad_entry_of_a_feed_names_the_entry(site):
    site.route(MARATHON, status=404, body=b"")
    code, _, err = ingest(site.url("/rss.xml"))
    assert code == 1
    assert failure_lines(err) == [f"failed {site.url(MARATHON)}: HTTP 404 Not Found"]
    assert Article.objects.count() == 2


def _fails_after(write):
    def write_then_fail(*args, **kwargs):
        write(*args, **kwargs)
        raise ValueError("disk full")

    return write_then_fail


@pytest.mark.django_db
def test_failure_while_writing_leaves_nothing_half_written(site, monkeypatch):
    # The search entry is the last write of an article, batched or alone: its rows are all in by then.
    for backend in (search_sqlite, search_postgresql):
        monkeypatch.setattr(backend, "index_many", _fails_after(backend.index_many))
    code, _, err = ingest(site.url(BUDGET))

    assert code == 1
    assert failure_lines(err) == [f"failed {site.url(BUDGET)}: could not save: disk full"]
    assert (Article.objects.count(), Photo.objects.count(), RawPage.objects.count()) == (0, 0, 0)
    assert not Author.objects.exists()
