"""Stored photos in Chromium: the timeline's thumbnail in its column, the article's photo loaded from the site."""

import pytest

from articles.photos import store_photos
from tests import photo_files
from tests.browser import screenshot
from tests.factories import make_article, make_photo, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stored(live_server, http_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    article = make_article("Le port de Beyrouth rouvre son terminal", section=make_section("Liban"))
    make_photo(article, src=http_server.route("/port.jpg", body=photo_files.jpeg(1600, 1067)), caption="Le terminal.")
    missing = http_server.url("/absente.jpg")
    make_photo(article, src=missing, caption="Une grue.", credit="AFP", position=1, is_main=False)
    assert store_photos().stored == 1
    return live_server.url, article


@pytest.mark.parametrize("width", [390, 1280])
def test_stored_photos_show_from_the_site_and_the_missing_one_as_words(open_page, stored, width):
    base, article = stored
    page = open_page(width=width)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base + "/")
    thumb = page.locator(".news-item__thumb")
    thumb.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('.news-item__thumb').naturalWidth > 0")
    title = page.locator(".news-item__title").bounding_box()
    box = thumb.bounding_box()
    if width == 1280:
        assert box["x"] > title["x"] + title["width"] - 1  # beside the text, in its own column
    else:
        assert box["y"] > title["y"] and box["width"] > 200  # under the text, as wide as the column
    screenshot(page, f"photos-home-{width}")
    page.goto(base + article.get_absolute_url())
    page.wait_for_function("document.querySelector('figure.photo--main img').naturalWidth > 0")
    assert page.locator("figure.photo--missing").inner_text().startswith("PHOTO NON DISPONIBLE")
    screenshot(page, f"photos-article-{width}")
    assert requested and all(url.startswith(base) for url in requested), requested
