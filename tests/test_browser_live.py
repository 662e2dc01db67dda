"""The live feed in Chromium: relative times kept fresh, the "N nouvelles infos" notice."""

from datetime import datetime, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from tests.browser import screenshot
from tests.factories import make_article, make_photo, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOON = timezone.make_aware(datetime(2026, 12, 5, 12, 0))


@pytest.fixture
def at_noon(monkeypatch):
    """The server's clock and the page's both at noon, so 'today' never straddles midnight."""
    monkeypatch.setattr(timezone, "now", lambda: NOON)
    return NOON


def test_relative_times_stay_true_while_the_page_is_open(open_page, live_server, at_noon):
    make_article("Tout frais", section=make_section("Monde"), published_at=at_noon - timedelta(minutes=12))
    page = open_page()
    page.clock.install(time=at_noon)
    page.goto(live_server.url + "/")
    label = page.locator(".news-item__ago")
    assert label.inner_text() == "il y a 12 min"
    page.clock.fast_forward("05:00")
    assert label.inner_text() == "il y a 17 min"
    page.clock.fast_forward("01:00:00")
    assert label.inner_text() == "il y a 1 h"


def test_newer_articles_are_announced_at_the_top_and_a_click_shows_them(open_page, live_server, at_noon):
    monde = make_section("Monde")
    for minute in (10, 20, 30):
        make_article(f"Plus ancien {minute}", section=monde, published_at=at_noon - timedelta(minutes=minute))
    page = open_page(width=390)
    page.clock.install(time=at_noon)
    page.goto(live_server.url + "/")
    notice = page.get_by_role("status")
    page.clock.fast_forward("01:00")  # a first poll: nothing new, nothing said
    page.wait_for_load_state("networkidle")
    assert notice.inner_text() == ""
    make_article("Tombée à l'instant", section=monde, published_at=at_noon - timedelta(minutes=1))
    make_article("Tombée aussi", section=monde, published_at=at_noon - timedelta(minutes=2))
    page.clock.fast_forward("01:00")
    link = notice.get_by_role("link", name="2 nouvelles infos")
    link.wait_for()
    assert page.locator(".news-item").count() == 3  # nothing moved under the reader's eyes
    results = Axe().run(page)
    assert not [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    screenshot(page, "fresh-news-390-light")
    link.click()
    page.wait_for_url("**/?depuis=*")
    marked = page.locator(".news-item--fresh .news-item__title")
    assert marked.all_inner_texts() == ["Tombée à l'instant", "Tombée aussi"]


def test_without_javascript_the_timeline_says_nothing_and_works(open_page, live_server, at_noon):
    make_article("Seule", section=make_section("Monde"), published_at=at_noon - timedelta(minutes=3))
    page = open_page(javascript=False)
    page.goto(live_server.url + "/")
    assert page.get_by_role("status").inner_text() == ""
    assert page.locator(".news-item__ago").inner_text() == "il y a 3 min"


@pytest.mark.parametrize("width", [390, 1280])
def test_the_live_feed_stands_beside_the_article_on_wide_screens_and_below_on_phones(
    open_page, live_server, at_noon, width
):
    monde = make_section("Monde")
    article = make_article(
        "L'article lu", section=monde, published_at=at_noon - timedelta(hours=3), body_html="<p>Texte.</p>" * 20
    )
    for minute in range(10):
        make_article(f"Dépêche numéro {minute}", section=monde, published_at=at_noon - timedelta(minutes=minute + 1))
    page = open_page(width=width)
    page.clock.install(time=at_noon)
    page.goto(live_server.url + article.get_absolute_url())
    screenshot(page, f"live-feed-{width}-light")
    story = page.locator("article.article").bounding_box()
    feed = page.get_by_role("complementary", name="Dernières Infos")
    box = feed.bounding_box()
    if width == 1280:
        assert box["x"] >= story["x"] + story["width"] and box["y"] < story["y"] + story["height"]
    else:
        assert box["y"] >= story["y"] + story["height"]
    assert feed.get_by_role("listitem").count() == 10
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_an_article_with_photos_in_place_and_the_live_feed(open_page, live_server, at_noon, width, dark):
    monde = make_section("Monde")
    for minute in range(8):
        make_article(
            f"Dépêche de {minute + 1} min : le point",
            section=monde,
            published_at=at_noon - timedelta(minutes=minute + 1),
        )
    paragraphs = [
        "Les délégations sont arrivées tôt au palais des Nations, où la séance plénière s'est ouverte à 9 heures.",
        "Le texte final, négocié toute la nuit, prévoit un calendrier de désarmement en trois étapes.",
        "Les observateurs saluent un accord « a minima », mais le premier depuis dix ans.",
        "La prochaine réunion est prévue au printemps, à Vienne.",
    ]
    article = make_article(
        "Sommet de Genève : un accord a minima après une nuit de négociations",
        section=monde,
        published_at=at_noon - timedelta(minutes=40),
        body_html="".join(f"<p>{p}</p>" for p in paragraphs),
        word_count=640,
    )
    static = live_server.url + "/static/demo/"
    make_photo(
        article, src=static + "conference.svg", caption="La salle de conférence, mardi.", credit="AFP/JEAN DUPONT"
    )
    inside = [("seafront.svg", 1, "Le bord du lac pendant la pause."), ("ship.svg", 3, "Un navire au port de Genève.")]
    for position, (name, place, caption) in enumerate(inside, start=1):
        make_photo(article, position=position, is_main=False, src=static + name, body_position=place, caption=caption)
    page = open_page(width=width, dark=dark)
    page.clock.install(time=at_noon)
    page.goto(live_server.url + article.get_absolute_url())
    screenshot(page, f"article-photos-live-{width}-{'dark' if dark else 'light'}")
    body = page.locator(".article__body")
    captions = body.locator("figure figcaption .photo__caption").all_inner_texts()
    assert captions == ["Le bord du lac pendant la pause.", "Un navire au port de Genève."]
    second_paragraph = body.locator("p").nth(1).bounding_box()
    lake = body.locator("figure").first.bounding_box()
    assert body.locator("p").first.bounding_box()["y"] < lake["y"] < second_paragraph["y"]
    assert page.get_by_text("4 min de lecture").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    results = Axe().run(page)
    assert not [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
