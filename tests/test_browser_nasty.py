"""The reader on the worst pages we could write (tests/nasty_pages.py), ingested as real pages are:
every reader page at 320, 390 and 1280 px, light and dark, has no sideways scroll, no broken
image and no serious or critical axe violation (bench/reader_check.py, as `check_reader` runs
over the demo and the whole dev corpus)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.models import Article, Section
from articles.pipeline.ingestion import ingest
from articles.pipeline.results import CREATED
from bench.reader_check import FIXED_PATHS, SCHEMES, WIDTHS, check_page, only_from
from tests.nasty_pages import COMPOUND, nasty_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def nasty_site(live_server, settings):
    settings.NEWSROOM_EXTRACTION_TIMEOUT = 20
    pages = nasty_pages(live_server.url)
    report = ingest(pages)
    assert report.counts[CREATED] == len(pages), report.summary()
    return live_server.url


def reader_paths():
    articles = [article.get_absolute_url() for article in Article.objects.order_by("pk")]
    sections = [section.get_absolute_url() for section in Section.objects.order_by("pk")]
    searches = [f"/recherche/?q={COMPOUND}", "/recherche/?q=réforme", "/recherche/?q=tram"]
    return [*FIXED_PATHS, *sections, *articles, *searches]


def test_what_was_ingested_is_what_the_pages_test(nasty_site):
    # The pages really are nasty once stored: the checks below are about them.
    languages = set(Article.objects.values_list("language", flat=True))
    assert {"fr", "de", "ar", "ja", "en"} <= languages
    day_only = Article.objects.get(title__startswith="Anticonstitutionnellement")
    assert not day_only.published_time_known
    assert Article.objects.get(title__startswith="Inondations").photos.count() >= 6


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_every_reader_page_fits_and_passes_axe(open_page, nasty_site, width, scheme):
    page = open_page(width=width, dark=scheme == "dark")
    only_from(page, nasty_site)
    axe = Axe()
    problems = []
    for path in reader_paths():
        problems += check_page(page, nasty_site, path, width, scheme, axe=axe)
    assert problems == [], "\n".join(map(str, problems))
