"""`manage.py check_reader`: the demo plus the whole dev corpus in a scratch database, served by
gunicorn, and every reader page checked in Chromium at 320, 390 and 1280 px, light and dark: no
sideways scroll, no broken image, no serious or critical axe violation (bench/reader_check.py,
the checks tests/test_browser_nasty.py runs on its own small set of nasty pages).

Development only. Photos on the publishers' servers are not fetched (nothing leaves 127.0.0.1):
they fail as dead images do, and must collapse. Prints a table and every problem found.
"""

import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench.databases import create_database, database_exists, is_postgresql, query, sqlite_url
from bench.processes import Gunicorn, manage
from bench.reader_check import (
    CHROMIUM,
    FIXED_PATHS,
    LAUNCH_ARGS,
    SCHEMES,
    WIDTHS,
    Checked,
    check_page,
    load_every_image,
    only_from,
)

# The demo's sections are the house sections, as `make demo` makes them.
HOUSE_SECTIONS = ["Diplomatie", "Liban", "Moyen-Orient", "Économie", "Monde", "Culture", "Sport"]
SEARCHES = ["Liban", "économie", "Trump", "Berlin", "police", "Ukraine", "football"]
PAGE_SIZE = 30
# Screenshots a person looks at: timeline, an article with photos, a section, the sections list, search.
SHOTS = ("timeline", "article-photos", "section", "rubriques", "search")


def combos(value):
    """'390-light,1280-dark' -> {(390, 'light'), (1280, 'dark')}; 'all' -> every width and scheme."""
    if value == "all":
        return {(w, s) for w in WIDTHS for s in SCHEMES}
    return {(int(w), s) for w, s in (part.split("-") for part in value.split(",") if part)}


class Command(BaseCommand):
    help = "Check every reader page of the demo + dev corpus in Chromium (overflow, broken images, axe)."

    def add_arguments(self, parser):
        parser.add_argument("--corpus", default=str(Path(settings.BASE_DIR).parent / "shared" / "corpus" / "dev"))
        parser.add_argument("--database-url", help="default: a SQLite file under /tmp, kept (--reuse)")
        parser.add_argument("--reuse", action="store_true", help="reuse the database of the last run")
        parser.add_argument("--sizes", default="all", help="which sizes: 'all' or e.g. '390-light,390-dark'")
        parser.add_argument("--axe", default="all", help="where axe runs: 'all' or e.g. '390-light,1280-dark'")
        parser.add_argument("--screenshots", help="a directory for screenshots of a few pages at each size")

    def handle(self, *args, corpus, database_url, reuse, sizes, axe, screenshots, **options):
        try:
            from axe_playwright_python.sync_playwright import Axe
            from playwright.sync_api import sync_playwright
        except ImportError as error:
            raise CommandError("Playwright and axe-playwright-python are needed (requirements-dev.txt)") from error
        if not Path(CHROMIUM).is_file():
            raise CommandError(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
        url = database_url or sqlite_url(Path(tempfile.gettempdir()) / "newsroom_reader_check.sqlite3")
        log = self.stderr.write
        if reuse and database_exists(url):
            manage("migrate", "--noinput", "-v0", url=url)  # the schema of the code checked
        else:
            self.fill(url, corpus, log)
        manage("collectstatic", "--noinput", "-v0", url=url)
        paths, shots = self.paths(url)
        log(f"{len(paths)} reader pages × {len(WIDTHS) * len(SCHEMES)} sizes and schemes")
        with_axe, sizes = combos(axe), combos(sizes)
        results = {}
        logdir = Path(tempfile.mkdtemp(prefix="newsroom-check-reader-"))
        started = time.monotonic()
        try:
            with Gunicorn(url, logdir) as server, sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
                for width in sorted(WIDTHS, key=lambda w: w != 390):  # the phone first: partial runs say most
                    for scheme in SCHEMES:
                        if (width, scheme) not in sizes:
                            continue
                        results[width, scheme] = self.check_size(
                            browser, server.base, paths, width, scheme, Axe() if (width, scheme) in with_axe else None
                        )
                        log(f"  {width} {scheme}: {len(results[width, scheme].problems)} problem(s)")
                        if screenshots:
                            self.screenshots(browser, server.base, shots, width, scheme, Path(screenshots))
                browser.close()
        finally:
            shutil.rmtree(logdir, ignore_errors=True)
        self.report(url, paths, results, with_axe, time.monotonic() - started)

    def fill(self, url, corpus, log):
        log(f"creating {url}: the demo, then {corpus}…")
        create_database(url)
        manage("ingest", str(Path(settings.BASE_DIR) / "articles" / "demo"), url=url)
        manage("sections", "house", *HOUSE_SECTIONS, url=url)
        done = manage("ingest_corpus", corpus, url=url, timeout=3 * 3600)
        log(done.stdout.strip())
        for line in done.stderr.strip().splitlines():
            log(f"  {line}")

    def paths(self, url):
        published = "published_at <= CURRENT_TIMESTAMP" if is_postgresql(url) else "published_at <= datetime('now')"
        count = query(url, f"SELECT COUNT(*) FROM articles_article WHERE {published}")[0][0]  # noqa: S608 (constant)
        timeline = [f"/?page={n}" for n in range(2, (count + PAGE_SIZE - 1) // PAGE_SIZE + 1)]
        sections = query(
            url,
            "SELECT DISTINCT s.slug FROM articles_section s "
            "JOIN articles_article a ON a.section_id = s.id ORDER BY s.slug",
        )
        articles = query(
            url,
            "SELECT a.id, a.slug, COUNT(p.id) FROM articles_article a LEFT JOIN articles_photo p "
            "ON p.article_id = a.id GROUP BY a.id, a.slug ORDER BY a.id",
        )
        article_paths = [f"/article/{pk}-{slug or 'article'}/" for pk, slug, _ in articles]
        section_paths = [f"/rubrique/{quote(slug)}/" for (slug,) in sections]
        searches = [f"/recherche/?q={quote(word)}" for word in SEARCHES]
        most_photos = max(articles, key=lambda row: row[2]) if articles else None
        shots = {
            "timeline": "/",
            "article-photos": f"/article/{most_photos[0]}-{most_photos[1] or 'article'}/" if most_photos else "/",
            "section": section_paths[0] if section_paths else "/",
            "rubriques": "/rubriques/",
            "search": searches[0],
        }
        return [*FIXED_PATHS, *timeline, *section_paths, *article_paths, *searches], shots

    def check_size(self, browser, base, paths, width, scheme, axe):
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, locale="fr-FR")
        page = context.new_page()
        only_from(page, base)
        checked = Checked()
        try:
            for path in paths:
                for problem in check_page(page, base, path, width, scheme, axe=axe, checked=checked):
                    self.stderr.write(f"  {problem}")
        finally:
            context.close()
        return checked

    def screenshots(self, browser, base, shots, width, scheme, directory):
        directory.mkdir(parents=True, exist_ok=True)
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, locale="fr-FR")
        page = context.new_page()
        only_from(page, base)
        for name in SHOTS:
            page.goto(base + shots[name], wait_until="load")
            load_every_image(page)
            page.screenshot(path=str(directory / f"{name}-{width}-{scheme}.png"), full_page=width != 1280)
        context.close()

    def report(self, url, paths, results, with_axe, seconds):
        articles = query(url, "SELECT COUNT(*) FROM articles_article")[0][0]
        self.stdout.write(
            f"\n{articles} articles (demo + corpus), {len(paths)} reader pages per size and scheme, "
            f"{seconds / 60:.0f} min\n"
        )
        self.stdout.write("| width | scheme | pages | overflow | broken images | axe serious/critical | axe ran |")
        self.stdout.write("|---:|---|---:|---:|---:|---:|---|")
        everything = []
        for (width, scheme), checked in results.items():
            kinds = Counter(p.kind.split(":")[0] for p in checked.problems)
            ran = "yes" if (width, scheme) in with_axe else "no"
            self.stdout.write(
                f"| {width} | {scheme} | {checked.pages} | {kinds['overflow']} | {kinds['broken-image']} "
                f"| {kinds['axe']} | {ran} |"
            )
            everything += checked.problems
        rules = Counter(p.kind for p in everything if p.kind.startswith("axe:"))
        if rules:
            self.stdout.write("\naxe rules: " + ", ".join(f"{rule} ×{n}" for rule, n in rules.most_common()))
        for problem in everything:
            self.stdout.write(f"- {problem}")
        if not everything:
            self.stdout.write("\nno problem on any page")
