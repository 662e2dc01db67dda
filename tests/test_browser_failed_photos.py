"""A photo that cannot be loaded collapses: no grey box, no broken-image icon, the layout holds."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser import screenshot
from tests.factories import make_article, make_photo, make_stored_photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every <img> on the page that is shown (not hidden) but holds no picture: a broken image.
BROKEN = """Array.from(document.images).filter(img => img.complete && img.naturalWidth === 0
    && img.getClientRects().length > 0).map(img => img.getAttribute('src'))"""


@pytest.fixture
def dead_photos(live_server):
    # Stored photos whose files have gone from the storage: the browser gets a 404 for each.
    article = make_article("Une photo disparue", published_at=timezone.now() - timedelta(minutes=5))
    make_stored_photo(article, caption="La légende reste.", credit="AFP")
    make_stored_photo(article, position=1, is_main=False)  # no words: it goes
    make_photo(article, position=2, is_main=False, caption="Vue")  # never stored: its words only
    return live_server.url, article


@pytest.mark.parametrize("width", [390, 1280])
def test_failed_photos_collapse_on_the_article_and_the_timeline(open_page, dead_photos, width):
    base, article = dead_photos
    page = open_page(width=width)
    page.goto(base + article.get_absolute_url())
    page.wait_for_load_state("networkidle")
    assert page.evaluate(BROKEN) == []
    main = page.locator("figure.photo--main")
    assert main.locator("figcaption").inner_text().startswith("La légende reste.")
    assert main.bounding_box()["height"] < 100  # a line of caption, not a 3:2 box
    assert page.locator("figure.photo:visible").count() == 2  # the working one and the captioned one
    screenshot(page, f"failed-photo-article-{width}")
    page.goto(base + "/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate(BROKEN) == []
    assert page.locator(".news-item__thumb:visible").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
