"""The sections bar as a reader sees it on a phone and on a wide screen."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser import screenshot
from tests.factories import make_article, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ["Culture", "Diplomatie", "Économie", "Liban", "Monde", "Moyen-Orient", "Politique", "Santé", "Sport"]


@pytest.fixture
def newsroom(live_server):
    for name in NAMES:
        make_article(section=make_section(name))
    make_article(section=make_section("Wohnen", house=False))
    return live_server.url


def test_on_a_phone_the_current_section_is_scrolled_into_view_and_marked(open_page, newsroom):
    page = open_page(width=390)
    page.goto(newsroom + "/rubrique/sport/")
    current = page.locator('.sections-nav a[aria-current="page"]')
    assert current.inner_text() == "Sport"
    box = current.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    # Visibly current: its own colour and an underline, not only an attribute.
    assert current.evaluate("a => getComputedStyle(a).borderBottomStyle") == "solid"
    assert current.evaluate("a => getComputedStyle(a).color") != page.locator(
        ".sections-nav a:not([aria-current])"
    ).first.evaluate("a => getComputedStyle(a).color")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    screenshot(page, "sections-bar-390")


def test_the_bar_shows_the_house_sections_whole_on_a_wide_screen_and_all_sections_are_listed(open_page, newsroom):
    page = open_page(width=1280)
    page.goto(newsroom + "/")
    bar = page.locator(".sections-nav")
    assert bar.get_by_role("link", name="Wohnen").count() == 0
    for link in bar.get_by_role("link").all():
        box = link.bounding_box()
        assert box["x"] + box["width"] <= 1280
    bar.get_by_role("link", name="Toutes les rubriques").click()
    page.wait_for_url("**/rubriques/")
    assert page.get_by_role("link", name="Wohnen").count() == 1
    for dark in (False, True):
        page = open_page(width=390, dark=dark)
        page.goto(newsroom + "/rubriques/")
        violations = Axe().run(page).response["violations"]
        assert [(v["id"], v["help"]) for v in violations if v["impact"] in ("serious", "critical")] == []
    screenshot(page, "sections-all-390-dark")
