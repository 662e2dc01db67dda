"""A local HTTP server for the tests (127.0.0.1 only): routes registered per test, requests recorded."""

import contextlib
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.sample_pages import render_page


@dataclass
class Reply:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering, for timeouts


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True  # a slow reply must not hold up the teardown

    def handle_error(self, request, client_address):
        # A client that hangs up (size cap, timeout, pooled connection at teardown) is expected.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LocalServer:
    """A ThreadingHTTPServer on 127.0.0.1: routes are registered per test, requests recorded."""

    def __init__(self):
        self.routes = {}
        self.requests = []  # (path, headers) in arrival order
        self.in_flight, self.most_in_flight = {}, {}  # by Host header: requests being answered, the most at once
        self._counting = threading.Lock()
        self.httpd = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self.base = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path):
        return self.base + path

    def route(self, path, *replies, **reply):
        """Serve `path`: a sequence of Replies in turn (the last one repeats), or one from keywords."""
        self.routes[path] = list(replies) or [Reply(**reply)]
        return self.url(path)

    def page(self, path, name, **reply):
        """Serve a test page from tests/pages/, its links pointing at this server."""
        reply.setdefault("content_type", "application/xml" if name.endswith(".xml") else "text/html; charset=utf-8")
        return self.route(path, body=render_page(name, self.base), **reply)

    def site(self):
        """The demo site: three articles, their images' pages, feeds and sitemaps."""
        self.page("/economie/budget-2026.html", "article-economie.html")
        self.page("/culture/festival-avignon.html", "article-culture.html")
        self.page("/sport/marathon-paris.html", "article-sport.html")
        for name in ("rss.xml", "atom.xml", "sitemap.xml", "sitemap-news.xml", "sitemap-index.xml"):
            self.page(f"/{name}", name)

    def hits(self, path):
        return sum(1 for requested, _ in self.requests if requested == path)

    @contextlib.contextmanager
    def answering(self, host):
        with self._counting:
            self.in_flight[host] = self.in_flight.get(host, 0) + 1
            self.most_in_flight[host] = max(self.most_in_flight.get(host, 0), self.in_flight[host])
        try:
            yield
        finally:
            with self._counting:
                self.in_flight[host] -= 1

    def _reply_for(self, path):
        replies = self.routes.get(path)
        if not replies:
            return Reply(b"not found", status=404, content_type="text/plain")
        return replies.pop(0) if len(replies) > 1 else replies[0]


def _handler_for(server):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            server.requests.append((self.path, dict(self.headers)))
            reply = server._reply_for(self.path)
            with server.answering(self.headers.get("Host", "")):
                if reply.delay:
                    time.sleep(reply.delay)
            self.send_response(reply.status)
            if reply.content_type:
                self.send_header("Content-Type", reply.content_type)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if "Content-Length" not in reply.headers:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            # The client may hang up (size cap, timeout): that is the point of such a test.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(reply.body)

        def log_message(self, format, *args):
            pass

    return Handler
