"""Pathological pages: deep nesting, huge files, floods of paragraphs, gzip bombs, broken bytes.

Each must end as one clear failure line (or a stored article) within the extraction deadline,
in bounded memory, without stopping the good pages of the same run.
"""

import functools
import os
import random
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from articles.models import Article
from articles.pipeline.ingestion import ingest
from articles.pipeline.results import CREATED, FAILED
from tests.sample_pages import DEMO_SITE, render_page

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
DEADLINE = 3  # seconds: NEWSROOM_EXTRACTION_TIMEOUT for these tests
MAX_RSS_MB = 600
GOOD = ("article-culture.html", "article-economie.html", "article-sport.html")
# file name -> the words its one failure line must hold (one of them, for a tuple).
EXPECTED_FAILURES = {
    "huge-50mb.html": "file larger than",
    # Past the deadline, by the worker's own timer or, when the timer falls inside one of
    # trafilatura's XPath queries over the 100,000 paragraphs (a single call into libxml2 of 8 s
    # on a quiet machine, which no Python signal interrupts), by the parent killing the worker
    # after the grace: which one depends only on the machine's speed and load.
    "paragraphs-100k.html": (f"extraction took longer than {DEADLINE} s", "extraction stuck for more than"),
    "nested-100k.html": "no article text found",
    "nul-bytes.html": "binary content",
    "garbage.html": "binary content",
    "bomb.html.gz": "file larger than",
}


def _alternatives(words):
    return words if isinstance(words, tuple) else (words,)


def _article(body):
    head = "<!DOCTYPE html><html lang='fr'><head><title>Page pathologique</title></head>"
    return f"{head}<body><article><h1>Page pathologique</h1>{body}</article></body></html>"


@functools.cache
def gzip_bomb(inflated_mb=200):
    """An HTML page's start and then `inflated_mb` MB of spaces, gzipped (~200 KB), built in pieces."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b" " * (1024 * 1024)
    parts = [packer.compress(b"<!DOCTYPE html><html><body><p>")]
    parts += [packer.compress(chunk) for _ in range(inflated_mb)]
    parts.append(packer.flush())
    return b"".join(parts)


def write_pathological_pages(directory):
    """The bad pages and three good ones in `directory`; the good pages' file names."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "nested-100k.html").write_text(
        _article("<div>" * 100_000 + "<p>" + "Un texte enfoui très profond. " * 20 + "</p>" + "</div>" * 100_000)
    )
    paragraphs = "".join(f"<p>Paragraphe {i}, une phrase de remplissage pour le test.</p>" for i in range(100_000))
    (directory / "paragraphs-100k.html").write_text(_article(paragraphs))
    with open(directory / "huge-50mb.html", "wb") as file:
        file.write(_article("").encode()[: -len("</article></body></html>")])
        paragraph = ("<p>" + "Du texte pour remplir une page immense. " * 25 + "</p>\n").encode()
        for _ in range(50 * 1024 * 1024 // len(paragraph) + 1):
            file.write(paragraph)
    culture = render_page("article-culture.html", DEMO_SITE)
    # Bytes that are UTF-8 nowhere, in the middle of a real article: decoded, not fatal.
    broken = culture.replace(b"<p>La billetterie", b"<p>\xff\xfe\xc3\x28\xa0\xe2\x82 La billetterie")
    (directory / "invalid-utf8.html").write_bytes(broken.replace(b"festival-avignon", b"festival-avignon-octets"))
    (directory / "nul-bytes.html").write_bytes(culture.replace(b"<p>", b"<p>\x00\x00", 2))
    (directory / "garbage.html").write_bytes(random.Random(0).randbytes(300_000))
    (directory / "bomb.html.gz").write_bytes(gzip_bomb())
    good = []
    for name in GOOD:
        (directory / f"good-{name}").write_bytes(render_page(name, DEMO_SITE))
        good.append(f"good-{name}")
    return good


@pytest.fixture(scope="module")
def pages_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("pathological")
    write_pathological_pages(directory)
    return directory


def test_bad_pages_fail_one_line_each_and_good_pages_go_in(settings, pages_dir, http_server):
    settings.NEWSROOM_EXTRACTION_TIMEOUT = DEADLINE
    bomb = http_server.route("/bomb.html", body=gzip_bomb(), headers={"Content-Encoding": "gzip"})
    http_server.page("/good.html", "article-culture.html")
    started = time.monotonic()
    report = ingest([str(pages_dir), bomb, http_server.url("/good.html")], workers=2)
    elapsed = time.monotonic() - started

    failures = {Path(r.label).name if not r.label.startswith("http") else r.label: r.reason for r in report.failures}
    expected = {**EXPECTED_FAILURES, bomb: "response larger than 10 MB"}
    assert set(failures) == set(expected), failures
    for source, words in expected.items():
        assert any(one in failures[source] for one in _alternatives(words)), (source, failures[source])
        assert "\n" not in failures[source]
    assert report.counts[CREATED] == 4 + 1  # three good files, the invalid UTF-8 one, the good URL
    assert sorted(r.status for r in report.results).count(FAILED) == len(expected)
    assert Article.objects.filter(canonical_url__endswith="/festival-avignon-octets.html").exists()
    # Only one page reaches the deadline; the others are refused or extracted at once.
    assert elapsed < DEADLINE + 20, f"ingest took {elapsed:.1f} s"


def test_invalid_utf8_is_decoded_not_fatal(settings, pages_dir):
    settings.NEWSROOM_EXTRACTION_TIMEOUT = DEADLINE
    report = ingest([str(pages_dir / "invalid-utf8.html")])
    assert report.counts[CREATED] == 1
    article = Article.objects.get()
    assert "billetterie" in article.body_text
    assert "\x00" not in article.body_text


def test_ingest_command_stays_within_memory_and_time(pages_dir, tmp_path):
    """`manage.py ingest DIR` in a child process: its peak RSS (and its extraction children's)."""
    # The child process reads its deadline from a settings module of its own.
    (tmp_path / "pathological_settings.py").write_text(
        f"from newsroom.settings_test import *  # noqa: F403\nNEWSROOM_EXTRACTION_TIMEOUT = {DEADLINE}\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pathological_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",  # a dry run writes nothing
    }
    # A wrapper process, so that RUSAGE_CHILDREN counts only the command and what it forks.
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "started = time.monotonic()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "sys.stderr.write(done.stderr)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(done.returncode, round(peak), round(time.monotonic() - started, 1))\n"
    )
    command = [sys.executable, str(ROOT / "manage.py"), "ingest", "--dry-run", str(pages_dir)]
    run = subprocess.run(
        [sys.executable, "-c", wrapper, *command], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )
    code, peak_mb, seconds = run.stdout.split()
    failed = [line for line in run.stderr.splitlines() if line.startswith("failed ")]
    assert int(code) == 1, run.stderr  # some sources failed
    assert len(failed) == len(EXPECTED_FAILURES), run.stderr
    for name, words in EXPECTED_FAILURES.items():
        held = [line for line in failed if name in line and any(one in line for one in _alternatives(words))]
        assert len(held) == 1, (name, failed)
    assert float(peak_mb) < MAX_RSS_MB, f"peak RSS {peak_mb} MB"
    assert float(seconds) < DEADLINE + 30, f"took {seconds} s"
    print(f"manage.py ingest: peak RSS {peak_mb} MB, {seconds} s")
