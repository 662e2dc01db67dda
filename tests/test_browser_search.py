"""A reader types words in the header box and gets highlighted, accent-blind results."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.search import index_article
from tests.browser import screenshot
from tests.factories import make_article, make_photo, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def newsroom(live_server):
    diplomatie, liban = make_section("Diplomatie"), make_section("Liban")
    munich = make_article("Conférence de Munich sur la sécurité", section=diplomatie, lead="Blinken rencontre Wang Yi.")
    make_photo(munich, caption="Blinken et Wang Yi à Pékin.", credit="AFP/WOLFGANG RATTAY", agency="AFP")
    budget = make_article("Le Parlement vote le budget", section=liban, lead="La sécurité des fonds publics.")
    for article in (munich, budget):
        index_article(article)
    return live_server.url


def test_typing_in_the_header_box_finds_and_highlights(open_page, newsroom):
    page = open_page()
    page.goto(newsroom + "/")
    page.get_by_role("searchbox", name="Rechercher").fill("securite")
    page.get_by_role("button", name="Rechercher").first.click()
    page.wait_for_url("**/recherche/?q=securite*")
    hits = page.locator(".search-hit__title")
    assert hits.count() == 2
    assert hits.first.inner_text() == "Conférence de Munich sur la sécurité"
    assert page.locator(".search-hit mark").first.inner_text() == "sécurité"
    # A facet link narrows the search to one section.
    page.locator(".facet").get_by_role("link", name="Liban").click()
    page.wait_for_url("**section=liban*")
    assert page.locator(".search-hit__title").all_inner_texts() == ["Le Parlement vote le budget"]
    screenshot(page, "search-1280-light")


def test_search_box_of_a_section_page_searches_that_section(open_page, newsroom):
    page = open_page(width=390)
    page.goto(newsroom + "/rubrique/liban/")
    page.get_by_role("searchbox").fill("sécurité")
    page.keyboard.press("Enter")
    page.wait_for_url("**/recherche/**")
    assert page.locator(".search-hit__title").all_inner_texts() == ["Le Parlement vote le budget"]
    screenshot(page, "search-390-light")


def test_search_page_has_no_serious_accessibility_violation(open_page, newsroom):
    axe = Axe()
    for dark in (False, True):
        page = open_page(dark=dark)
        for path in ("/recherche/?q=pekin", "/recherche/?q=introuvable&section=liban"):
            page.goto(newsroom + path)
            violations = axe.run(page).response["violations"]
            serious = [(v["id"], v["help"]) for v in violations if v["impact"] in ("serious", "critical")]
            assert serious == [], f"{path}: {serious}"
