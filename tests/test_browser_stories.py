"""A story from several outlets in Chromium: once in the timeline with "Aussi chez …", its versions on its page."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from tests.browser import screenshot
from tests.factories import make_article, make_section
from tests.stories_helpers import ingest_story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stories(live_server):
    section = make_section("Monde", position=1)
    # A version is published 8 + n hours after its `day` (tests.stories_helpers): every version in
    # the past whatever the time of day (a future article is not listed), the floods the newer story.
    now = timezone.now()
    floods = ingest_story("gard-crue", count=4, day=now - timedelta(hours=13))
    ingest_story("bce-taux", count=2, day=now - timedelta(hours=14))
    make_article("Un article d'un seul média", section=section, published_at=now - timedelta(minutes=5))
    return live_server.url, floods


@pytest.mark.parametrize("width", [390, 1280])
def test_a_story_shows_once_and_its_page_lists_the_other_versions(open_page, stories, width):
    base, floods = stories
    page = open_page(width=width)
    page.goto(base + "/")
    items = page.locator(".news-item__title")
    titles = items.all_inner_texts()
    assert sum("Crues dans le Gard" in t or "Gard" in t for t in titles) == 1
    also = page.locator(".news-item__also").first
    assert also.inner_text().startswith("Aussi chez Le Quotidien, La Dépêche du Sud (+2)")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"stories-timeline-{width}")
    also.get_by_role("link").click()
    page.wait_for_url(f"**{floods[0].get_absolute_url()}#versions")
    versions = page.locator(".versions__item")
    assert versions.count() == 4
    assert "mot" in versions.first.locator(".versions__length").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert Axe().run(page).violations_count == 0
    screenshot(page, f"stories-article-{width}")
