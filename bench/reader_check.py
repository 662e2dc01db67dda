"""The reader's checks in Chromium, shared by tests/test_browser_nasty.py and `manage.py check_reader`:
every reader page at 320, 390 and 1280 px, light and dark, must not scroll sideways, must show no
broken image, and must have no serious or critical axe violation."""

import os
from dataclasses import dataclass, field

CHROMIUM = os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

WIDTHS = (320, 390, 1280)
SCHEMES = ("light", "dark")
SERIOUS = ("serious", "critical")
# The pages every reader meets besides the articles and the sections: lists, search, the site's own.
FIXED_PATHS = (
    "/",
    "/rubriques/",
    "/s-abonner/",
    "/recherche/?q=introuvablexyz",  # no result
    "/recherche/?q=c%2B%2B&du=2026-13-45",  # refused filters, said at the top
    "/page-qui-n-existe-pas/",  # 404
)
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
SEARCH_BUTTON_CUT = """(() => { const b = document.querySelector('.search-box button');
  return !!b && b.getBoundingClientRect().right > innerWidth; })()"""
# A timeline's clock time broken over two lines ("15:1" / "6").
CUT_TIMES = """Array.from(document.querySelectorAll('.news-item__time'))
    .filter(t => t.getClientRects().length > 1).map(t => t.textContent)"""
# Shown images holding no picture (the broken-image icon); hidden ones have collapsed.
BROKEN_IMAGES = """Array.from(document.images).filter(img => img.complete && img.naturalWidth === 0
    && img.getClientRects().length > 0).map(img => img.getAttribute('src'))"""


def load_every_image(page):
    """Load the lazy images below the fold now (as scrolling would), and wait until each has loaded
    or failed: a failure far down the page must collapse like one at the top."""
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(img => { img.loading = 'eager'; })")
    # Polled from here: wait_for_function evaluates a string, which the page's CSP (no eval) refuses.
    # An image still loading after 10 s is left to the broken-image check.
    for _ in range(100):
        if page.evaluate("Array.from(document.images).every(img => img.complete)"):
            return
        page.wait_for_timeout(100)


@dataclass
class Problem:
    path: str
    width: int
    scheme: str
    kind: str  # "overflow" (the page, or the search button cut), "cut-time", "broken-image", "axe:<rule>", "status"
    detail: str

    def __str__(self):
        return f"{self.path} @{self.width} {self.scheme}: {self.kind} {self.detail}"


@dataclass
class Checked:
    pages: int = 0
    problems: list = field(default_factory=list)


def only_from(page, site):
    """Load nothing off `site` (the publishers' photos fail, as dead images do)."""
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site) else route.abort())


def check_page(page, base, path, width, scheme, axe=None, checked=None):
    """Open `path` and list what is wrong with it; `axe` (an axe_playwright_python Axe) when it should run."""
    checked = checked if checked is not None else Checked()
    problems = []
    response = page.goto(base + path, wait_until="load")
    status = response.status if response else 0
    if status not in (200, 404):
        problems.append(Problem(path, width, scheme, "status", str(status)))
    load_every_image(page)
    overflow = page.evaluate(OVERFLOW)
    if overflow > 0:
        widest = page.evaluate(WIDEST)
        problems.append(Problem(path, width, scheme, "overflow", f"{overflow}px ({widest})"))
    if page.evaluate(SEARCH_BUTTON_CUT):
        problems.append(Problem(path, width, scheme, "overflow", "the header's search button is cut"))
    cut = page.evaluate(CUT_TIMES)
    if cut:
        problems.append(Problem(path, width, scheme, "cut-time", ", ".join(cut[:3])))
    broken = page.evaluate(BROKEN_IMAGES)
    if broken:
        problems.append(Problem(path, width, scheme, "broken-image", ", ".join(broken[:3])))
    if axe is not None:
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in SERIOUS:
                targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:2]]
                problems.append(Problem(path, width, scheme, f"axe:{violation['id']}", "; ".join(targets)))
    checked.pages += 1
    checked.problems.extend(problems)
    return problems


# The element sticking out furthest to the right, to say what overflows.
WIDEST = """(() => { let worst = null, right = innerWidth;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect().right;
    if (r > right) { right = r; worst = el; }
  }
  return worst ? worst.tagName.toLowerCase() + '.' + worst.className + ' ' + Math.round(right) : ''; })()"""
