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


def test_on_a_phone_refining_is_folded_above_the_results_and_open_beside_them_on_a_wide_screen(open_page, newsroom):
    phone = open_page(width=390)
    phone.goto(newsroom + "/recherche/?q=securite")
    refine = phone.locator("details#affiner")
    assert refine.get_attribute("open") is None
    # Folded, it sits between the count line and the results, within the first screen.
    assert refine.bounding_box()["y"] < phone.locator(".search-list").bounding_box()["y"] < 900
    refine.locator("summary").click()
    assert phone.locator(".facet").first.is_visible()
    wide = open_page(width=1280)
    wide.goto(newsroom + "/recherche/?q=securite")
    assert wide.locator("details#affiner").get_attribute("open") is not None
    assert wide.locator(".facet").first.bounding_box()["x"] > wide.locator(".search-list").bounding_box()["x"] + 400
    no_js = open_page(width=1280, javascript=False)
    no_js.goto(newsroom + "/recherche/?q=securite")
    no_js.locator("details#affiner summary").click()
    assert no_js.locator(".facet").first.is_visible()


def test_invalid_filters_are_announced_and_the_page_stays_accessible(open_page, newsroom):
    page = open_page(width=390)
    page.goto(newsroom + "/recherche/?q=c%2B%2B&du=2024-03-01&au=2024-02-01")
    assert "aucun mot à chercher" in page.get_by_role("alert").inner_text()
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], v["help"]) for v in violations if v["impact"] in ("serious", "critical")] == []
