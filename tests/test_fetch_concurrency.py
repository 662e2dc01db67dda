"""Fetching many pages at once, bounded per site, while extraction runs in its own workers."""

import time

import pytest

from articles.models import Article
from articles.pipeline.ingestion import ingest
from articles.pipeline.results import CREATED
from tests.sample_pages import article_page

pytestmark = pytest.mark.django_db
DELAY = 0.6  # seconds each page of the slow site takes to answer


def _serve(http_server, host, n, **reply):
    path = f"/{host.split(':')[0]}/article-{n}.html"
    canonical = f'<link rel="canonical" href="https://{host.split(":")[0]}.test/a/{n}">'
    http_server.route(path, body=article_page(head=canonical, title=f"Dépêche {n} de {host}").encode(), **reply)
    return http_server.url(path).replace("127.0.0.1", host.split(":")[0])


def test_pages_are_fetched_many_at_once_but_at_most_n_on_one_site(http_server, settings):
    settings.NEWSROOM_FETCH_CONCURRENCY, settings.NEWSROOM_FETCH_PER_HOST = 8, 2
    # Two sites on this machine: 127.0.0.1 (slow) and localhost (quick).
    slow = [_serve(http_server, "127.0.0.1", n, delay=DELAY) for n in range(6)]
    quick = [_serve(http_server, "localhost", n) for n in range(6, 12)]
    started = time.monotonic()
    report = ingest([*slow, *quick], workers=1)
    elapsed = time.monotonic() - started

    assert report.counts[CREATED] == 12, report.failures
    assert Article.objects.count() == 12
    port = http_server.httpd.server_port
    # The slow site never had more than 2 requests at once, and had 2: three waves of DELAY at least.
    assert http_server.most_in_flight[f"127.0.0.1:{port}"] == 2
    assert elapsed >= 3 * DELAY
    # The quick site was fetched beside it, not after it: more than one site's bound in flight overall.
    assert http_server.most_in_flight[f"localhost:{port}"] >= 1
    assert elapsed < 6 * DELAY + 20  # and not one page after the other plus the rest
