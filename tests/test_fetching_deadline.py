"""Issue 15, finding 3: a server that drips one byte at a time is cut at the fetch's hard deadline
(NEWSROOM_FETCH_TIMEOUT × DEADLINE_FACTOR, connect to last byte), wherever it drips."""

import socket
import threading
import time

import pytest

from articles.pipeline.fetching import DEADLINE_FACTOR, FetchError, fetch
from articles.pipeline.ingestion import ingest
from articles.pipeline.results import FAILED

TIMEOUT = 1.0  # seconds per wait: each drip comes well within it, so only the deadline can stop them
DRIP = 0.4  # seconds between two bytes
HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 100000\r\n\r\n"
PAGE = b"<html><body><article>" + b"<p>Un paragraphe.</p>" * 4000 + b"</article></body></html>"


class DripServer:
    """A TCP server on 127.0.0.1 answering every request with `prefix` at once, then `drip` byte by byte."""

    def __init__(self, prefix, drip):
        self.prefix, self.drip = prefix, drip
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/article.html"
        self.stopped = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while not self.stopped.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(client,), daemon=True).start()

    def _answer(self, client):
        with client:
            client.recv(65536)
            try:
                client.sendall(self.prefix)
                # Hangs up after a while, so that a fetcher without a deadline fails the test
                # in seconds rather than hanging it for hours.
                give_up = time.monotonic() + DEADLINE + MARGIN + 2
                for byte in self.drip:
                    if self.stopped.wait(DRIP) or time.monotonic() > give_up:
                        return
                    client.sendall(bytes([byte]))
            except OSError:
                return  # the fetcher hung up: what the test wants

    def close(self):
        self.stopped.set()
        self.listener.close()


@pytest.fixture
def drip_settings(settings):
    settings.NEWSROOM_FETCH_TIMEOUT = TIMEOUT
    settings.NEWSROOM_FETCH_RETRIES = 0
    return settings


@pytest.fixture
def drip_server():
    servers = []

    def start(prefix, drip):
        servers.append(DripServer(prefix, drip))
        return servers[-1].url

    yield start
    for server in servers:
        server.close()


def timed_fetch(url):
    started = time.monotonic()
    with pytest.raises(FetchError) as refused:
        fetch(url)
    return time.monotonic() - started, str(refused.value)


DEADLINE = DEADLINE_FACTOR * TIMEOUT
# The deadline, plus what a loaded machine adds before the watchdog's cut is seen; the drips
# themselves would take minutes.
MARGIN = 3.0


def test_slow_drip_body_is_cut_at_the_hard_deadline(drip_settings, drip_server):
    elapsed, reason = timed_fetch(drip_server(HEADERS, PAGE))
    assert DEADLINE - 0.5 <= elapsed <= DEADLINE + MARGIN, elapsed
    assert reason == f"timed out after {DEADLINE:g} s"


def test_slow_drip_status_line_is_cut_at_the_hard_deadline(drip_settings, drip_server):
    elapsed, reason = timed_fetch(drip_server(b"", HEADERS + PAGE))
    assert DEADLINE - 0.5 <= elapsed <= DEADLINE + MARGIN, elapsed
    assert reason == f"timed out after {DEADLINE:g} s"


def test_slow_drip_headers_are_cut_at_the_hard_deadline(drip_settings, drip_server):
    elapsed, _ = timed_fetch(drip_server(b"HTTP/1.1 200 OK\r\n", b"X-Padding: " + b"x" * 1000))
    assert elapsed <= DEADLINE + MARGIN, elapsed


@pytest.mark.django_db
def test_slow_drip_fails_one_item_and_the_rest_of_the_import_goes_on(drip_settings, drip_server, http_server):
    slow = drip_server(HEADERS, PAGE)
    good = http_server.page("/culture/festival-avignon.html", "article-culture.html")
    started = time.monotonic()
    report = ingest([slow, good])
    assert time.monotonic() - started <= DEADLINE + MARGIN + 5
    slow_result, good_result = report.results
    assert (slow_result.status, slow_result.reason) == (FAILED, f"timed out after {DEADLINE:g} s")
    assert good_result.status == "created"
