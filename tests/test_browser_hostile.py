"""Hostile articles in Chromium: no payload runs on any reader page (no dialog, no canary), CSP on each."""

from urllib.parse import urlencode

import pytest

from articles.models import Article, Section
from articles.pipeline.ingestion import ingest
from articles.pipeline.results import CREATED
from tests.hostile import CAPTION_WORD, PAYLOADS, TITLE_WORD, write_pages
from tests.sample_pages import DEMO_SITE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any script of the page: the canary every payload would set, and a log of what
# the Content-Security-Policy blocked (logged for the failure message, not itself a failure).
WATCH = """
window.__xss = 0;
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture
def hostile_site(live_server, tmp_path, settings):
    settings.NEWSROOM_EXTRACTION_TIMEOUT = 20
    write_pages(tmp_path, DEMO_SITE)
    report = ingest([str(tmp_path)])
    assert report.counts[CREATED] >= len(PAYLOADS) - 2, report.summary()
    return live_server.url


def watch(page, site):
    """Record dialogs, console messages and CSP reports on `page`, and load nothing off `site`."""
    seen = {"dialogs": [], "console": []}
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: seen["console"].append(message.text))
    page.add_init_script(WATCH)
    # Hostile photos point at other hosts (and at javascript:); nothing leaves the test machine.
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site) else route.abort())
    return page, seen


@pytest.fixture
def watched(open_page, hostile_site):
    return watch(open_page(), hostile_site)


def visit(page, seen, url):
    response = page.goto(url)
    assert response.status == 200, url
    assert "default-src 'self'" in response.headers.get("content-security-policy", ""), url
    # Give autofocus/onfocus, animations (onbegin), toggles and timers a moment to fire.
    page.wait_for_timeout(50)
    canary = page.evaluate("window.__xss")
    csp = page.evaluate("window.__csp")
    assert seen["dialogs"] == [], (url, seen["dialogs"], csp)
    assert canary == 0, (url, csp, seen["console"])


def test_no_payload_runs_on_any_reader_page(watched, hostile_site):
    page, seen = watched
    # One timeline item per story (articles.stories): the hostile pages share their text.
    urls = [f"{hostile_site}/?page={n}" for n in range(1, Article.objects.one_per_story().count() // 30 + 2)]
    urls += [hostile_site + article.get_absolute_url() for article in Article.objects.order_by("pk")]
    urls += [hostile_site + section.get_absolute_url() for section in Section.objects.order_by("pk")[::10]]
    for q in (TITLE_WORD, CAPTION_WORD, "script", "onerror", *PAYLOADS[::10]):
        urls.append(f"{hostile_site}/recherche/?{urlencode({'q': q})}")
    for url in urls:
        visit(page, seen, url)
    # The hostile text is on screen, as text.
    page.goto(hostile_site + Article.objects.get(title__endswith="0 <script>alert(1)</script>").get_absolute_url())
    assert page.locator("h1").inner_text().endswith("<script>alert(1)</script>")


def test_the_canary_would_catch_a_payload_that_runs(open_page, live_server):
    # The same watch on a page that does run a payload: proves the checks above can fail.
    page, seen = watch(open_page(), live_server.url)
    page.goto(live_server.url + "/")
    page.evaluate("window.__xss = 1; alert(1)")
    assert seen["dialogs"] == ["1"]
    assert page.evaluate("window.__xss") == 1
