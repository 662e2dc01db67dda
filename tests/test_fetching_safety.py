"""fetch() refuses what an editor must not make the server reach: other schemes, non-public addresses.

The suite's settings allow private URLs (the test server is on 127.0.0.1); every test here turns
that off. No test sends a packet anywhere but loopback: the `connections` fixture fails a test
that tries, before the packet leaves, and the refusal tests assert that nothing connected at all.
"""

import gzip
import ipaddress
import re
import socket

import pytest

from articles.pipeline import fetching, netguard
from articles.pipeline.fetching import FetchError, Refused, fetch
from articles.pipeline.ingestion import ingest
from articles.pipeline.results import FAILED
from tests.local_server import LocalServer

PAGE = "<html><body><p>Bonjour à tous</p></body></html>".encode()
PUBLIC = "93.184.216.34"  # a public address, never connected to: every test that uses it is refused


@pytest.fixture
def guarded(settings):
    """The production policy: private URLs refused."""
    settings.NEWSROOM_ALLOW_PRIVATE_URLS = False
    return settings


@pytest.fixture
def connections(monkeypatch):
    """Every socket connect, recorded; one to a non-loopback address fails the test unsent."""
    made = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        made.append(tuple(address[:2]))
        if not ipaddress.ip_address(address[0].split("%")[0]).is_loopback:
            pytest.fail(f"a connection to {address[0]} was attempted")
        return real_connect(sock, address)

    def connect_ex(sock, address):
        pytest.fail(f"connect_ex({address}) is not expected here")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    return made


@pytest.fixture
def allowed_server(http_server, guarded, monkeypatch):
    """The local server, let through the policy at exactly its address and port.

    This stands for a public news site: the test-only exemption in netguard names this one
    (address, port) pair, so any other port on 127.0.0.1 is still refused, which lets a redirect
    from here to `other_server` show the check running again on every hop.
    """
    monkeypatch.setattr(netguard, "EXEMPT", frozenset({("127.0.0.1", http_server.httpd.server_port)}))
    return http_server


@pytest.fixture
def other_server():
    """A second local server that must never be reached: a refusal that leaked would show as a hit."""
    server = LocalServer()
    server.thread.start()
    server.route("/admin", body=b"<p>secret</p>")
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


class ScriptedDNS:
    """getaddrinfo for made-up names: `answers["news.test"] = [[first answer], [second], ...]`."""

    def __init__(self, real_getaddrinfo):
        self.answers, self.calls = {}, []
        self.real_getaddrinfo = real_getaddrinfo

    def getaddrinfo(self, host, port, family=0, type=0, proto=0, flags=0):
        if host not in self.answers:
            return self.real_getaddrinfo(host, port, family, type, proto, flags)
        self.calls.append(host)
        queue = self.answers[host]
        addresses = queue.pop(0) if len(queue) > 1 else queue[0]  # the last answer repeats
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in addresses]


@pytest.fixture
def dns(monkeypatch):
    scripted = ScriptedDNS(socket.getaddrinfo)
    monkeypatch.setattr(socket, "getaddrinfo", scripted.getaddrinfo)
    return scripted


# --- Hosts that are refused before anything is sent ------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1/", "127.0.0.1 is a loopback address"),
        ("http://10.0.0.1/admin", "10.0.0.1 is a private address"),
        ("https://172.16.0.1/", "172.16.0.1 is a private address"),
        ("http://192.168.1.1:8080/", "192.168.1.1 is a private address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("http://[::1]/", "::1 is a loopback address"),
        ("http://[fe80::1]/", "fe80::1 is a link-local address"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1 is a loopback address"),
        ("http://[::ffff:10.0.0.1]/", "::ffff:10.0.0.1 is a private address"),
        ("http://[64:ff9b::a00:1]/", "64:ff9b::a00:1 is a private address"),  # NAT64 to 10.0.0.1
        ("http://[fc00::1]/", "fc00::1 is a private address"),
        ("http://0.0.0.0/", "0.0.0.0 is an unspecified address"),
        ("http://224.0.0.1/", "224.0.0.1 is a multicast address"),
        ("http://240.0.0.1/", "240.0.0.1 is a reserved address"),
        ("http://100.64.0.1/", "100.64.0.1 is a non-global address"),  # carrier-grade NAT
    ],
)
def test_non_public_address_is_refused_unconnected(guarded, connections, url, message):
    with pytest.raises(Refused, match=f"^{re.escape('refused: ' + message)}$"):
        fetch(url)
    assert connections == []


def test_host_name_is_refused_by_the_address_it_resolves_to(guarded, connections):
    with pytest.raises(Refused, match=r"^refused: localhost resolves to (127\.0\.0\.1|::1) \(loopback\)$"):
        fetch("http://localhost/")
    # A loopback address written as one number is still a name getaddrinfo turns into 127.0.0.1.
    with pytest.raises(Refused, match=r"^refused: 2130706433 resolves to 127\.0\.0\.1 \(loopback\)$"):
        fetch("http://2130706433/")
    assert connections == []


def test_a_name_with_one_private_answer_among_public_ones_is_refused(guarded, connections, dns):
    dns.answers["mixed.test"] = [[PUBLIC, "10.1.2.3"]]
    with pytest.raises(Refused, match=r"^refused: mixed\.test resolves to 10\.1\.2\.3 \(private\)$"):
        fetch("http://mixed.test/")
    assert connections == []


@pytest.mark.parametrize("url", ["ftp://example.com/file", "file:///etc/passwd", "javascript:alert(1)", "gopher://x/"])
def test_other_schemes_are_refused(guarded, connections, url):
    with pytest.raises(Refused, match=r"^refused: only http and https URLs are fetched \(unsupported URL scheme"):
        fetch(url)
    assert connections == []


@pytest.mark.django_db
def test_refusals_are_fetch_errors_reported_per_source(allowed_server, connections, other_server):
    """A feed on a public site listing an intranet page: that page fails, the feed's others do not."""
    base = allowed_server.base
    allowed_server.page("/sport/marathon-paris.html", "article-sport.html")
    feed = (
        f"<rss><channel><item><link>{other_server.url('/admin')}</link></item>"
        f"<item><link>{base}/sport/marathon-paris.html</link></item></channel></rss>"
    ).encode()
    url = allowed_server.route("/rss.xml", body=feed, content_type="application/rss+xml")

    report = ingest([url], dry_run=True)

    assert [(r.label, r.status, r.reason) for r in report.failures] == [
        (other_server.url("/admin"), FAILED, "refused: 127.0.0.1 is a loopback address"),
    ]
    assert report.counts == {"extracted": 1, "failed": 1}
    assert other_server.requests == []
    assert issubclass(Refused, FetchError)


# --- Redirects: checked again on every hop ---------------------------------------------------


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("{other}/admin", "loopback address"),
        ("http://localhost:{port}/admin", r"localhost resolves to (127\.0\.0\.1|::1), a loopback address"),
        ("http://169.254.169.254/latest/meta-data/", "link-local address"),
        ("http://[::ffff:127.0.0.1]:{port}/admin", "loopback address"),
        ("file:///etc/passwd", "unsupported URL scheme file"),
    ],
)
def test_redirect_from_an_allowed_server_to_a_refused_one(allowed_server, other_server, connections, target, reason):
    target = target.format(other=other_server.base, port=other_server.httpd.server_port)
    url = allowed_server.route("/go", status=302, headers={"Location": target})

    with pytest.raises(Refused) as refused:
        fetch(url)

    assert refused.match(f"^refused: redirect to {re.escape(target)} \\({reason}\\)$")
    assert allowed_server.hits("/go") == 1
    assert other_server.requests == []
    assert connections == [("127.0.0.1", allowed_server.httpd.server_port)]


def test_redirect_within_the_allowed_server_is_followed(allowed_server, connections):
    allowed_server.route("/old", status=301, headers={"Location": "/new.html"})
    allowed_server.route("/new.html", body=PAGE)
    assert fetch(allowed_server.url("/old")).url == allowed_server.url("/new.html")


# --- The address connected to: DNS rebinding, and the pool on its own ------------------------


def test_dns_answer_changing_between_check_and_connect_is_refused_at_connect(guarded, other_server, connections, dns):
    """The first answer (public) passes check_url(); the second (loopback) is what the connection would use.

    The second answer points at a real server, so a refusal that came too late would show as a hit.
    """
    port = other_server.httpd.server_port
    dns.answers["news.test"] = [[PUBLIC], ["127.0.0.1"]]

    with pytest.raises(Refused, match=r"^refused: news\.test resolves to 127\.0\.0\.1 \(loopback\)$") as refused:
        fetch(f"http://news.test:{port}/admin")

    assert dns.calls == ["news.test", "news.test"]  # check_url(), then the connection
    # The connection's own refusal, passed on by fetch(); check_url() raises without a cause.
    assert isinstance(refused.value.__cause__, netguard.Refused)
    assert connections == []
    assert other_server.requests == []


def test_the_pool_refuses_by_itself_without_check_url(guarded, other_server, connections):
    with pytest.raises(netguard.Refused, match=r"^127\.0\.0\.1 is a loopback address$"):
        fetching._pool.request("GET", other_server.url("/admin"), retries=False)
    assert connections == []
    assert other_server.requests == []


def test_proxy_variables_do_not_route_around_the_check(allowed_server, connections, monkeypatch):
    proxy = LocalServer()
    proxy.thread.start()
    try:
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
            monkeypatch.setenv(name, proxy.base)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        with pytest.raises(Refused, match=r"10\.0\.0\.1 is a private address"):
            fetch("http://10.0.0.1/")
        url = allowed_server.route("/a.html", body=PAGE)
        assert fetch(url).content == PAGE  # straight to the server, not through the "proxy"
        assert proxy.requests == []
    finally:
        proxy.httpd.shutdown()
        proxy.httpd.server_close()


# --- The setting, and the limits on the same guarded path -------------------------------------


def test_local_server_is_refused_by_default_and_reached_with_the_setting(http_server, settings, connections):
    url = http_server.route("/a.html", body=PAGE)
    settings.NEWSROOM_ALLOW_PRIVATE_URLS = False
    with pytest.raises(Refused, match=r"^refused: 127\.0\.0\.1 is a loopback address$"):
        fetch(url)
    assert http_server.requests == []

    settings.NEWSROOM_ALLOW_PRIVATE_URLS = True
    assert fetch(url).content == PAGE
    assert http_server.hits("/a.html") == 1


def test_size_cap_applies_through_the_guard(allowed_server, settings):
    settings.NEWSROOM_MAX_RESPONSE_BYTES = 1000
    url = allowed_server.route("/big.html", body=b"<p>" + b"x" * 5000 + b"</p>")
    with pytest.raises(FetchError, match="larger than 1000 bytes"):
        fetch(url)


def test_gzip_bomb_is_stopped_through_the_guard(allowed_server, settings):
    settings.NEWSROOM_MAX_RESPONSE_BYTES = 100_000
    bomb = gzip.compress(b"<p>" + b" " * 5_000_000)
    url = allowed_server.route("/bomb.html", body=bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="larger than 100000 bytes"):
        fetch(url)


def test_timeout_applies_through_the_guard(allowed_server, fast_fetch):
    url = allowed_server.route("/slow.html", body=PAGE, delay=1.5)
    with pytest.raises(FetchError, match=r"timed out after 0\.5 s"):
        fetch(url)


def test_redirect_limit_applies_through_the_guard(allowed_server):
    for hop in range(6):
        allowed_server.route(f"/hop{hop}", status=302, headers={"Location": f"/hop{hop + 1}"})
    allowed_server.route("/hop6", body=PAGE)
    assert fetch(allowed_server.url("/hop1")).content == PAGE
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(allowed_server.url("/hop0"))


def test_unknown_host_is_still_host_not_found(guarded, connections, monkeypatch):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(FetchError, match=r"^host not found$"):
        fetch("http://nowhere.test/")
    assert connections == []
