"""HTTP for ingestion: public addresses only, size caps, timeouts, redirects hop by hop, retries."""

import socket
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from time import sleep
from urllib.parse import urljoin

import urllib3
from django.conf import settings

from articles.messages import CodedError
from articles.pipeline import netguard
from articles.pipeline.deadline import current as current_deadline
from articles.pipeline.deadline import deadline

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
XML_TYPES = frozenset(
    {
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/x-rss+xml",
        # Sitemaps are often served as a gzip file (sitemap.xml.gz), not gzip-encoded.
        "application/gzip",
        "application/x-gzip",
    }
)
ANY_SOURCE_TYPES = HTML_TYPES | XML_TYPES
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_AFTER_CAP = 10.0  # seconds: a server asking for longer is treated as a failure after the retries
BACKOFF_BASE = 0.5  # seconds, doubled on each retry
CHUNK = 64 * 1024
# A whole fetch, connect to last byte, every redirect and retry included, ends at most this many
# times NEWSROOM_FETCH_TIMEOUT after it starts (60 s by default), however slowly a server drips.
DEADLINE_FACTOR = 4

# One pool for the whole process: thread-safe, and keeps connections alive across a feed's entries.
# TLS certificates are always verified (CERT_REQUIRED); nothing here may switch that off.
# Its connections check the address they connect to (netguard): check_url() below refuses early
# with a clear message, the connection refuses whatever resolves differently by the time it connects.
# Never a ProxyManager: a proxy would connect on our behalf, out of the check's sight.
_pool = netguard.pool_manager(cert_reqs="CERT_REQUIRED", retries=False, maxsize=8)


class FetchError(CodedError):
    """A URL that gave no usable body; its code names the reason people read (articles.messages)."""


class Refused(FetchError):
    """A URL the server will not fetch: not http(s), or a host that is not a public address."""


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    headers: dict = field(repr=False)
    content: bytes = field(repr=False)
    content_type: str = ""  # the full header value, charset included

    @property
    def media_type(self):
        return self.content_type.split(";")[0].strip().lower()


def fetch(url, *, accept=HTML_TYPES, headers=None):
    """GET `url`; a Response, or FetchError with a one-line reason.

    `accept` lists the media types wanted (None: any, as for photos, told by their content); a
    response without a Content-Type is let through so the caller can tell what it is by its content.
    `headers` are added to each request: with If-None-Match or If-Modified-Since
    (articles/pipeline/polling.py), a 304 is returned, without a body.
    """
    total = DEADLINE_FACTOR * settings.NEWSROOM_FETCH_TIMEOUT
    with deadline(total) as clock:
        try:
            response = _with_retries(url, headers, clock)
        except FetchError:
            if clock.expired:  # the cut connection fails in its own words: say why it was cut
                raise FetchError("timeout", seconds=total) from None
            raise
    if response.status == HTTPStatus.NOT_MODIFIED and headers:
        return response
    if response.status >= 400:
        raise FetchError("http_status", status=response.status, phrase=_reason(response.status))
    if accept is not None and response.media_type and response.media_type not in accept:
        if accept == HTML_TYPES:
            raise FetchError("not_a_page_type", type=response.media_type)
        raise FetchError("not_an_input_type", type=response.media_type)
    if not response.content.strip():
        raise FetchError("empty_response")
    return response


def _with_retries(url, headers, clock):
    retries = settings.NEWSROOM_FETCH_RETRIES
    for attempt in range(retries + 1):
        response = _follow_redirects(url, headers)
        if not _is_retryable(response.status) or attempt == retries:
            break
        delay = _retry_delay(response, attempt)
        if delay >= clock.remaining():
            break  # no time left for another try: the last answer stands
        sleep(delay)
    return response


def check_url(url, *, redirect=False):
    """Every URL about to be requested, the first and each redirect target, passes here.

    Refuses schemes other than http(s) and, unless NEWSROOM_ALLOW_PRIVATE_URLS, hosts with a
    non-public address, before anything is sent. The connection checks again what it connects
    to, so this check is for the message, not the guarantee.
    """
    try:
        # urllib3's parser, so the host checked is the host the pool will connect to.
        parts = urllib3.util.parse_url(url)
    except urllib3.exceptions.LocationParseError:
        raise Refused("invalid_url", url=url) from None
    if parts.scheme not in ("http", "https"):
        raise _scheme_refused(url, parts.scheme, redirect)
    if not parts.host:
        raise Refused("no_host", url=url)
    if settings.NEWSROOM_ALLOW_PRIVATE_URLS:
        return
    try:
        netguard.resolve(parts.host.strip("[]"), parts.port or (443 if parts.scheme == "https" else 80))
    except socket.gaierror:
        raise FetchError("host_not_found") from None
    except netguard.Refused as refusal:
        raise _refused(url, refusal, redirect) from None


def _scheme_refused(url, scheme, redirect):
    if redirect and scheme:
        return Refused("redirect_scheme_refused", url=url, scheme=scheme)
    if redirect:
        return Refused("redirect_no_scheme", url=url)
    return Refused("scheme_refused", scheme=scheme) if scheme else Refused("no_scheme")


def _refused(url, refusal, redirect):
    """netguard's refusal in the words of a first URL or of a redirect target."""
    host, address, kind = refusal.host, refusal.address, refusal.kind
    if redirect and refusal.literal:
        return Refused("redirect_address_refused", url=url, kind=kind)
    if redirect:
        return Refused("redirect_resolution_refused", url=url, host=host, address=address, kind=kind)
    if refusal.literal:
        return Refused("address_refused", host=host, kind=kind)
    return Refused("resolution_refused", host=host, address=address, kind=kind)


def _follow_redirects(url, headers=None):
    # Redirects are followed here rather than by urllib3 so each hop passes check_url().
    for hop in range(settings.NEWSROOM_MAX_REDIRECTS + 1):
        check_url(url, redirect=hop > 0)
        try:
            response = _request(url, headers)
        except netguard.Refused as refusal:
            # The name resolved to a public address for check_url() and to this one at connect time.
            raise _refused(url, refusal, hop > 0) from refusal
        if response.status not in REDIRECT_STATUSES:
            return response
        location = response.headers.get("location")
        if not location:
            raise FetchError("redirect_without_location", status=response.status)
        url = urljoin(url, location)
    raise FetchError("too_many_redirects", count=settings.NEWSROOM_MAX_REDIRECTS)


def _request(url, headers=None):
    timeout = settings.NEWSROOM_FETCH_TIMEOUT
    try:
        raw = _pool.request(
            "GET",
            url,
            headers={
                "User-Agent": settings.NEWSROOM_USER_AGENT,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5",
                "Accept-Encoding": "gzip, deflate",
                **(headers or {}),
            },
            # A connection still being opened has no socket to cut: its own timeout stops it in time.
            timeout=urllib3.Timeout(connect=min(timeout, _time_left()), read=timeout),
            redirect=False,
            retries=False,
            preload_content=False,
        )
    except urllib3.exceptions.MaxRetryError as error:
        raise _network_error(error.reason, timeout) from None
    except urllib3.exceptions.HTTPError as error:
        raise _network_error(error, timeout) from None
    try:
        body = b"" if raw.status in REDIRECT_STATUSES else _read_capped(raw, timeout)
    finally:
        raw.release_conn()
    headers = {k.lower(): v for k, v in raw.headers.items()}
    return Response(url, raw.status, headers, body, headers.get("content-type", ""))


def _read_capped(raw, timeout):
    """The decoded body, refused past the size cap; the cap counts decompressed bytes."""
    cap = settings.NEWSROOM_MAX_RESPONSE_BYTES
    if _int(raw.headers.get("content-length")) > cap:
        raise FetchError("response_too_large", limit=cap)
    # A read timeout bounds each wait, not a server dripping one byte at a time: fetch()'s
    # deadline (articles.pipeline.deadline) cuts the connection when the whole fetch is out of time.
    chunks, size = [], 0
    try:
        # read(amt) with decode_content returns at most amt decoded bytes, so a gzip bomb
        # never inflates more than one chunk past the cap.
        while chunk := raw.read(CHUNK, decode_content=True):
            size += len(chunk)
            if size > cap:
                raise FetchError("response_too_large", limit=cap)
            chunks.append(chunk)
    except urllib3.exceptions.HTTPError as error:
        raise _network_error(error, timeout) from None
    return b"".join(chunks)


def _time_left():
    clock = current_deadline()
    return max(clock.remaining(), 0.001) if clock else settings.NEWSROOM_FETCH_TIMEOUT


def _network_error(error, timeout):
    # Most specific first: urllib3 makes NewConnectionError a kind of ConnectTimeoutError.
    if isinstance(error, urllib3.exceptions.NameResolutionError):
        return FetchError("host_not_found")
    if isinstance(error, urllib3.exceptions.NewConnectionError):
        return FetchError("connection_failed")
    if isinstance(error, urllib3.exceptions.TimeoutError):
        return FetchError("timeout", seconds=timeout)
    if isinstance(error, urllib3.exceptions.SSLError):
        return FetchError("tls_error", error=str(error))
    if isinstance(error, urllib3.exceptions.DecodeError):
        return FetchError("invalid_compressed_response")
    return FetchError("network_error", error=type(error).__name__)


def _is_retryable(status):
    return status == 429 or status >= 500


def _retry_delay(response, attempt):
    """Retry-After when the server gives one (capped), else exponential backoff."""
    value = response.headers.get("retry-after", "").strip()
    delay = None
    if value.isdigit():
        delay = float(value)
    elif value:
        try:
            delay = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            delay = None
    if delay is None:
        delay = BACKOFF_BASE * 2**attempt
    return max(0.0, min(delay, RETRY_AFTER_CAP))


def _reason(status):
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _int(value):
    try:
        return int(value or 0)
    except ValueError:
        return 0
