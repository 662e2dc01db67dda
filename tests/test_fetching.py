"""fetch(): what a page's download gives, and the one-line reason when it gives nothing."""

import gzip
import socket

import pytest

from articles.pipeline import fetching
from articles.pipeline.fetching import ANY_SOURCE_TYPES, FetchError, fetch
from tests.local_server import Reply

PAGE = "<html><body><p>Bonjour à tous</p></body></html>".encode()


@pytest.fixture
def slept(monkeypatch):
    """The waits between retries, recorded instead of slept."""
    waits = []
    monkeypatch.setattr(fetching, "sleep", waits.append)
    return waits


def test_page_is_fetched_with_a_newsroom_user_agent(http_server, settings):
    url = http_server.route("/a.html", body=PAGE)
    response = fetch(url)
    assert (response.status, response.url, response.content) == (200, url, PAGE)
    assert response.media_type == "text/html"
    _, headers = http_server.requests[0]
    assert headers["User-Agent"] == settings.NEWSROOM_USER_AGENT
    assert "Newsroom" in headers["User-Agent"]


def test_redirects_are_followed_to_the_final_url(http_server):
    http_server.route("/old", status=301, headers={"Location": "/older"})
    http_server.route("/older", status=302, headers={"Location": http_server.url("/new.html")})
    final = http_server.route("/new.html", body=PAGE)
    response = fetch(http_server.url("/old"))
    assert response.url == final
    assert response.content == PAGE


def test_five_redirects_are_followed_but_not_six(http_server):
    for hop in range(6):
        http_server.route(f"/hop{hop}", status=302, headers={"Location": f"/hop{hop + 1}"})
    http_server.route("/hop6", body=PAGE)
    assert fetch(http_server.url("/hop1")).content == PAGE  # 5 redirects
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(http_server.url("/hop0"))  # 6 redirects


def test_every_redirect_target_is_checked(http_server):
    http_server.route("/to-ftp", status=302, headers={"Location": "ftp://127.0.0.1/secret"})
    with pytest.raises(FetchError, match="unsupported URL scheme"):
        fetch(http_server.url("/to-ftp"))


def test_404_names_the_status(http_server):
    with pytest.raises(FetchError, match=r"^HTTP 404 Not Found$"):
        fetch(http_server.url("/missing.html"))


def test_server_error_is_retried_then_succeeds(http_server, fast_fetch, slept):
    url = http_server.route("/flaky.html", Reply(b"oops", status=500), Reply(PAGE))
    assert fetch(url).content == PAGE
    assert http_server.hits("/flaky.html") == 2
    assert slept == [fetching.BACKOFF_BASE]


def test_server_error_fails_after_the_retries(http_server, fast_fetch, slept):
    url = http_server.route("/down.html", status=503, body=b"down")
    with pytest.raises(FetchError, match="HTTP 503 Service Unavailable"):
        fetch(url)
    assert http_server.hits("/down.html") == fast_fetch.NEWSROOM_FETCH_RETRIES + 1


def test_429_waits_as_long_as_retry_after_says(http_server, fast_fetch, slept):
    fast_fetch.NEWSROOM_FETCH_TIMEOUT = 5  # the fetch's deadline (4 × 5 s) leaves time for the wait
    url = http_server.route("/busy.html", Reply(b"", status=429, headers={"Retry-After": "2"}), Reply(PAGE))
    assert fetch(url).content == PAGE
    assert slept == [2.0]


def test_retry_after_is_capped(http_server, fast_fetch, slept):
    fast_fetch.NEWSROOM_FETCH_TIMEOUT = 5
    url = http_server.route("/busy.html", Reply(b"", status=429, headers={"Retry-After": "86400"}), Reply(PAGE))
    fetch(url)
    assert slept == [fetching.RETRY_AFTER_CAP]


def test_no_retry_when_the_wait_would_pass_the_deadline(http_server, fast_fetch, slept):
    url = http_server.route("/busy.html", Reply(b"", status=503, headers={"Retry-After": "5"}), Reply(PAGE))
    with pytest.raises(FetchError, match="HTTP 503"):
        fetch(url)  # 0.5 s × 4 = 2 s: no time for a 5 s wait
    assert slept == []


def test_client_errors_are_not_retried(http_server, fast_fetch, slept):
    url = http_server.route("/gone.html", status=410, body=b"gone")
    with pytest.raises(FetchError, match="HTTP 410 Gone"):
        fetch(url)
    assert http_server.hits("/gone.html") == 1
    assert slept == []


def test_slow_server_times_out(http_server, fast_fetch):
    url = http_server.route("/slow.html", body=PAGE, delay=1.5)
    with pytest.raises(FetchError, match=r"timed out after 0\.5 s"):
        fetch(url)


@pytest.mark.parametrize("content_type", ["image/png", "application/pdf"])
def test_non_html_response_is_refused(http_server, content_type):
    url = http_server.route("/file", body=b"\x89PNG\r\n\x1a\n\x00\x00", content_type=content_type)
    with pytest.raises(FetchError, match=f"not an HTML page \\(content type {content_type}\\)"):
        fetch(url)


def test_feeds_are_accepted_only_when_asked_for(http_server):
    url = http_server.route("/rss", body=b"<rss><channel/></rss>", content_type="application/rss+xml")
    assert fetch(url, accept=ANY_SOURCE_TYPES).media_type == "application/rss+xml"
    with pytest.raises(FetchError, match="not an HTML page"):
        fetch(url)


def test_empty_response_is_refused(http_server):
    url = http_server.route("/empty.html", body=b"  \n")
    with pytest.raises(FetchError, match="empty response"):
        fetch(url)


def test_oversized_body_is_refused(http_server, settings):
    settings.NEWSROOM_MAX_RESPONSE_BYTES = 1000
    url = http_server.route("/big.html", body=b"<p>" + b"x" * 5000 + b"</p>")
    with pytest.raises(FetchError, match="larger than 1000 bytes"):
        fetch(url)


def test_gzip_encoded_body_is_decoded(http_server):
    url = http_server.route("/gz.html", body=gzip.compress(PAGE), headers={"Content-Encoding": "gzip"})
    assert fetch(url).content == PAGE


def test_gzip_bomb_is_stopped_at_the_decompressed_cap(http_server, settings):
    settings.NEWSROOM_MAX_RESPONSE_BYTES = 100_000
    bomb = gzip.compress(b"<p>" + b" " * 5_000_000)  # a few kB on the wire, 5 MB inflated
    assert len(bomb) < settings.NEWSROOM_MAX_RESPONSE_BYTES
    url = http_server.route("/bomb.html", body=bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="larger than 100000 bytes"):
        fetch(url)


def test_refused_connection_is_a_fetch_error(fast_fetch):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    with pytest.raises(FetchError, match="connection failed"):
        fetch(f"http://127.0.0.1:{port}/")
