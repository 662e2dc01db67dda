"""`manage.py bench_photos`: what keeping photos costs ingestion, and what it saves readers.

Synthetic pages (bench.pages) name their photos on a local HTTP server this command starts (distinct
1600 × 1067 JPEGs, as publishers serve them). Each `manage.py ingest` runs in its own process with
production settings on a fresh SQLite copy: without downloads (the baseline, measured in the same
run), with them, and the downloads alone (`manage.py photos` after an ingest without). Then gunicorn
serves the result and the bytes a browser fetches for a timeline and an article page are counted:
the stored WebP renditions it is sent now, against the publishers' originals it was sent before
(hot-linked). See docs/BENCHMARKS.md, "Photos".
"""

import hashlib
import io
import re
import shutil
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from PIL import Image, ImageDraw

from bench.databases import create_database, sqlite_url
from bench.pages import PAGES_SITE, write_pages
from bench.processes import Gunicorn, get, manage, measure

ARTICLE_LINK = r'href="(/article/\d+-[^"/]+/)"'
ARTICLE_VIEWPORT = 704  # px: the article column at 1280 px (44rem); the srcset candidate a browser takes


def originals(count, width=1600, height=1067):
    """`count` distinct JPEGs with a photo's detail: a gradient scene, noise, a number that makes each unique."""
    base = Image.merge(
        "RGB",
        [
            Image.linear_gradient("L").resize((width, height)),
            Image.radial_gradient("L").resize((width, height)),
            Image.effect_noise((width, height), 40),
        ],
    )
    files = []
    for n in range(count):
        image = base.copy()
        ImageDraw.Draw(image).rectangle([40 + n % 500, 40, 240 + n % 500, 240], fill=(n % 256, 80, 160))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=85)
        files.append(buffer.getvalue())
    return files


class ImageServer:
    """Serves /images/<anything>.jpg on 127.0.0.1, each path its own file; remembers each file's size by sha256."""

    def __init__(self, files):
        self.files, self.routes = files, {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                body = server.body(self.path)
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "image/jpeg")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def body(self, path):
        if path not in self.routes:
            self.routes[path] = self.files[len(self.routes) % len(self.files)]
        return self.routes[path]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class Command(BaseCommand):
    help = "Benchmark photos: ingest pages/s and peak memory with photo downloads against without; bytes per page."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=150, help="pages ingested (150)")
        parser.add_argument("--memory", type=int, default=450, help="a larger run, for peak memory (450; 0: none)")
        parser.add_argument("--workers", type=int, default=2, help="ingest --workers (2)")
        parser.add_argument("--keep", help="write pages, databases and media in this directory and keep them")

    def handle(self, *args, pages, memory, workers, keep, **options):
        root = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="newsroom-bench-photos-"))
        server = ImageServer(originals(max(pages, memory) * 2))
        try:
            self.run(root, server, pages, memory, workers)
        finally:
            server.close()
            if not keep:
                shutil.rmtree(root, ignore_errors=True)

    def run(self, root, server, pages, memory, workers):
        count = max(pages, memory)
        directory = root / "pages"
        for path in write_pages(directory, count):
            # The pages' photos on the local server (each URL its own file), not the synthetic site.
            text = path.read_text(encoding="utf-8").replace(f"{PAGES_SITE}/images/", f"{server.base}/images/")
            path.write_text(text, encoding="utf-8")
        template = root / "template.sqlite3"
        create_database(sqlite_url(template))

        def ingest(name, n, photos, then=None):
            database, media = root / f"{name}.sqlite3", root / f"media-{name}"
            shutil.copyfile(template, database)
            env = {
                "NEWSROOM_PHOTOS_DOWNLOAD": int(photos),
                "NEWSROOM_ALLOW_PRIVATE_URLS": 1,  # the image server is on 127.0.0.1
                "NEWSROOM_MEDIA_ROOT": media,
            }
            args = ["ingest", str(directory), "--limit", str(n), "--workers", str(workers)]
            runs = [measure(args, url=sqlite_url(database), env=env)]
            if then:
                runs.append(measure(then, url=sqlite_url(database), env=env))
            for run in runs:
                if run.returncode != 0:
                    raise CommandError(f"{name} failed ({run.returncode}): {run.stderr[-2000:]}")
            return runs, database, media

        (plain,), _, _ = ingest("without", pages, photos=False)
        (kept,), database, media = ingest("with", pages, photos=True)
        (first, later), _, _ = ingest("after", pages, photos=False, then=["photos"])
        stored = re.search(r"photos: stored (\d+), failed (\d+)", kept.stdout)
        self.stdout.write(f"\nIngest of {pages} pages, `--workers {workers}`, photos from a local server:\n")
        self.stdout.write("| run | seconds | pages/s | × without photos | peak RSS MB |")
        self.stdout.write("|---|---:|---:|---:|---:|")
        rows = [
            ("`ingest`, photos not downloaded (baseline)", plain),
            (f"`ingest`, photos downloaded in the same run ({stored.group(1)} stored)", kept),
            ("`ingest` without, then `manage.py photos`: the ingest", first),
            ("… then `manage.py photos`", later),
        ]
        for label, run in rows:
            self.stdout.write(
                f"| {label} | {run.seconds:.1f} | {pages / run.seconds:.1f} | "
                f"{plain.seconds / run.seconds:.2f} | {run.max_rss_mb:.0f} |"
            )
        if memory:
            (big,), _, _ = ingest("memory", memory, photos=True)
            self.stdout.write(f"\nPeak RSS with photos: {pages} pages {kept.max_rss_mb:.0f} MB, ")
            self.stdout.write(f"{memory} pages {big.max_rss_mb:.0f} MB ({big.seconds:.0f} s).")
        self.page_weights(root, database, media, server)

    def page_weights(self, root, database, media, server):
        original_sizes = {hashlib.sha256(body).hexdigest(): len(body) for body in server.routes.values()}
        manage("collectstatic", "--noinput", "-v0", url=sqlite_url(database))  # production serves them hashed
        gunicorn = Gunicorn(sqlite_url(database), root)
        gunicorn.env.update(NEWSROOM_MEDIA_ROOT=str(media))
        with gunicorn:
            home = get(gunicorn.base + "/")[1]
            pages = [("timeline `/`", home)]
            for link in list(dict.fromkeys(re.findall(ARTICLE_LINK, home.decode())))[:20]:
                html = get(gunicorn.base + link)[1]
                if html.count(b"<picture") >= 2:  # an article with photos in its body, as most have
                    pages.append(("an article page", html))
                    break
            self.stdout.write("\nBytes a browser fetches (HTML + photos; WebP, the source Chromium takes):\n")
            self.stdout.write("| page | HTML | photos before (originals) | photos now | before | now | now/before |")
            self.stdout.write("|---|---:|---:|---:|---:|---:|---:|")
            for label, html in pages:
                chosen = self.chosen(html.decode())
                now = sum(len(get(gunicorn.base + url)[1]) for url in chosen)
                before = sum(original_sizes.get(re.search(r"/([0-9a-f]{64})/", url).group(1), 0) for url in chosen)
                total_before, total_now = len(html) + before, len(html) + now
                self.stdout.write(
                    f"| {label} ({len(chosen)} photos) | {len(html):,} | {before:,} | {now:,} | "
                    f"{total_before:,} | {total_now:,} | {total_now / total_before:.2f} |"
                )

    @staticmethod
    def chosen(html):
        """The WebP file a browser takes from each <picture>: the thumbnail, or the srcset width for the column."""
        urls = []
        for srcset in re.findall(r'<source type="image/webp" srcset="([^"]+)"', html):
            candidates = [
                (int(w.rstrip("w")) if w else 0, url)
                for url, _, w in (c.strip().partition(" ") for c in srcset.split(","))
            ]
            if len(candidates) == 1:
                urls.append(candidates[0][1])
                continue
            fitting = [c for c in sorted(candidates) if c[0] >= ARTICLE_VIEWPORT] or [max(candidates)]
            urls.append(fitting[0][1])
        return urls
