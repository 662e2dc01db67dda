"""Chromium driven by Playwright for the browser tests; they skip, saying why, without it."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


def chromium_or_skip():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed (make test installs requirements-dev.txt)")
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run installs it)")
    return sync_playwright


@pytest.fixture(scope="session")
def browser():
    sync_playwright = chromium_or_skip()
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # synchronous and safe, so Django's guard against ORM use inside a loop is lifted here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server):
    """open_page(width=1280, dark=False, javascript=True) -> a new page in its own context.

    Contexts are closed before the live server stops, so no request of the browser is still
    being served (on a thread sharing the test database connection) once the test is over.
    """
    contexts = []

    def open_page(*, width=1280, dark=False, javascript=True):
        context = browser.new_context(
            viewport={"width": width, "height": 900},
            color_scheme="dark" if dark else "light",
            locale="fr-FR",
            java_script_enabled=javascript,
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
