"""Content-Security-Policy: the site itself, plus exactly the image hosts a page shows.

Photos are stored by the newsroom (articles.photos) and shown only from its storage: the site
itself ('self', nothing to add) or the storage's host (S3 and the like). Templates print photo
URLs through `{% image_src %}` (articles/templatetags/reader.py), which notes each absolute URL's
host on the request; this middleware, placed after django-csp's in MIDDLEWARE (so its response
hook runs first), adds those hosts to the page's policy. Whatever was ingested, a reader page
names no publisher's host.

A photo URL is scraped, untrusted text: only a well-formed host name (IDNA, `[a-z0-9.-]`, an
optional port) is ever written into the header, and the list is bounded (`image_sources`).
"""

import re
from urllib.parse import urlsplit

ADMIN_PREFIX = "/admin/"
# An ASCII (IDNA) host name: dot-separated labels of letters, digits and inner hyphens.
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.?", re.ASCII)
MAX_HOST_CHARS = 253
# The header must fit every proxy's buffer whatever was ingested: nginx refuses responses whose
# headers pass 4-8 KB (proxy_buffer_size), Chromium refused a 142 KB policy. Past this many hosts,
# or this many characters of them, the page allows images over its schemes instead (`https:`):
# img-src only decides where images may load from, never what runs, and a page naming that many
# sites (a timeline of as many publishers) gains little from listing them one by one.
MAX_IMAGE_HOSTS = 20
MAX_IMAGE_HOSTS_CHARS = 1500


def image_source(url):
    """`scheme://host[:port]` of an image URL, or None unless both are well-formed."""
    try:
        parts = urlsplit((url or "").strip())
        hostname, port = parts.hostname, parts.port  # .port raises ValueError when malformed
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not hostname:
        return None
    # netloc is what the browser connects to: anything between the host and the port (a second
    # host, a space, a quote) makes it something else than `host:port`.
    expected = {hostname, f"{hostname}:{port}"} if port is not None else {hostname}
    if parts.netloc.rsplit("@", 1)[-1].lower() not in expected:
        return None
    try:
        ascii_host = hostname.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    if len(ascii_host) > MAX_HOST_CHARS or not _HOST.fullmatch(ascii_host):
        return None
    return f"{parts.scheme}://{ascii_host}" + (f":{port}" if port is not None else "")


def image_sources(hosts):
    """The img-src sources for a page's image hosts: the hosts, or their schemes past the bounds."""
    hosts = sorted(hosts)
    if len(hosts) <= MAX_IMAGE_HOSTS and sum(len(host) + 1 for host in hosts) <= MAX_IMAGE_HOSTS_CHARS:
        return hosts
    return sorted({host.split("//", 1)[0] for host in hosts}, reverse=True)  # "https:", then "http:"


def note_image_host(request, url):
    """Remember the scheme and host of an image shown on this page; return the URL unchanged."""
    source = image_source(url)
    if request is not None and source:
        hosts = getattr(request, "_image_hosts", None)
        if hosts is None:
            hosts = request._image_hosts = set()
        hosts.add(source)
    return url


def noted_image_hosts(request):
    """The image hosts noted on this request so far, sorted (to store beside a cached page)."""
    return sorted(getattr(request, "_image_hosts", ()))


def note_image_hosts(request, hosts):
    """Note hosts kept with a cached page, as rendering it would have (`noted_image_hosts`)."""
    for host in hosts:
        note_image_host(request, host)


class ImageHostsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        hosts = image_sources(noted_image_hosts(request))
        if request.path.startswith(ADMIN_PREFIX):
            # Editors preview photos of any site they import from; the admin is staff-only.
            hosts = ["https:", "http:"]
        if hosts:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["img-src"] = [*update.get("img-src", []), *hosts]
            response._csp_update = update
        return response
