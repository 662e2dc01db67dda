"""A reader in Chromium: home → article → section, on a phone and a desktop, light and dark."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from articles.models import Article
from tests.browser import screenshot
from tests.factories import make_article, make_photo, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAPTION = "Antony Blinken et Wang Yi se serrent la main à Munich, le 16 février 2024."


@pytest.fixture
def newsroom(live_server):
    diplomatie = make_section("Diplomatie", position=1)
    liban = make_section("Liban", position=2)
    now = timezone.now()
    article = make_article(
        "Blinken rencontre son homologue chinois Wang Yi à Munich",
        section=diplomatie,
        published_at=now - timedelta(minutes=30),
        lead="Le secrétaire d'État américain a fait part de ses inquiétudes à son homologue chinois.",
        body_html="<p>Premier paragraphe de l'article.</p><h2>Inquiétudes concernant Moscou</h2><p>Suite.</p>",
    )
    make_photo(article, src=live_server.url + "/static/img/favicon.svg", caption=CAPTION, credit="AFP/WOLFGANG RATTAY")
    for i in range(6):
        make_article(f"Le Parlement débat du budget, séance {i}", section=liban, published_at=now - timedelta(days=i))
    # Words no column is wide enough for, in every place a reader meets them.
    make_article(
        "Anticonstitutionnellement : la Donaudampfschifffahrtsgesellschaftskapitänsmütze confisquée",
        section=liban,
        published_at=now - timedelta(minutes=45),
        lead="Lire https://www.example.com/une/adresse/tres/longue/sans/aucune/espace/ni/coupure/possible.html",
        body_html="<p>Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz</p>",
    )
    return live_server.url, article


def test_a_reader_opens_an_article_and_goes_to_its_section(open_page, newsroom):
    base, article = newsroom
    page = open_page()
    page.goto(base + "/")
    page.get_by_role("link", name=article.title).click()
    page.wait_for_url(f"**{article.get_absolute_url()}")
    figure = page.locator("figure.photo--main")
    assert figure.locator(".photo__caption").inner_text() == CAPTION
    assert figure.locator(".photo__credit").inner_text().upper() == "PHOTO AFP/WOLFGANG RATTAY"
    page.get_by_role("navigation", name="Fil d’Ariane").get_by_role("link", name="Diplomatie").click()
    page.wait_for_url("**/rubrique/diplomatie/")
    assert page.locator("h1").inner_text() == "Diplomatie"


@pytest.mark.parametrize("width", [320, 390, 1280])
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_pages_fit_the_screen_in_light_and_dark(open_page, newsroom, width, dark):
    base, article = newsroom
    long_words = Article.objects.get(title__startswith="Anticonstitutionnellement")
    page = open_page(width=width, dark=dark)
    pages = (
        ("home", "/"),
        ("section", "/rubrique/liban/"),
        ("article", article.get_absolute_url()),
        ("long-words", long_words.get_absolute_url()),
        ("search", "/recherche/?q=Donaudampfschifffahrtsgesellschaftskapitänsmütze"),
    )
    for name, path in pages:
        page.goto(base + path)
        screenshot(page, f"{name}-{width}-{'dark' if dark else 'light'}")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        button = page.get_by_role("search").get_by_role("button", name="Rechercher").bounding_box()
        assert button["x"] + button["width"] <= width, f"{path}: the search button is cut at {width}px"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (background == "rgb(18, 18, 18)") is dark


def test_pages_read_without_javascript(open_page, newsroom):
    base, article = newsroom
    page = open_page(javascript=False)
    page.goto(base + article.get_absolute_url())
    assert page.locator("h1").inner_text() == article.title
    assert "Inquiétudes concernant Moscou" in page.locator(".article__body").inner_text()


def test_no_serious_accessibility_violation(open_page, newsroom):
    base, article = newsroom
    axe = Axe()
    for dark in (False, True):
        page = open_page(dark=dark)
        for path in ("/", "/rubrique/liban/", article.get_absolute_url()):
            page.goto(base + path)
            violations = axe.run(page).response["violations"]
            serious = [(v["id"], v["help"]) for v in violations if v["impact"] in ("serious", "critical")]
            assert serious == [], f"{path} ({'dark' if dark else 'light'}): {serious}"


def test_keyboard_users_get_a_skip_link(open_page, newsroom):
    base, _ = newsroom
    page = open_page()
    page.goto(base + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.bounding_box()["y"] >= 0  # visible once focused
