"""Content-Security-Policy: the site itself, plus exactly the image hosts a page shows.

Photos are hot-linked from the publishers' servers, so `img-src` cannot be fixed in advance.
Templates print photo URLs through `{% image_src %}` (articles/templatetags/reader.py), which
notes each host on the request; this middleware, placed after django-csp's in MIDDLEWARE (so
its response hook runs first), adds those hosts to the page's policy.
"""

from urllib.parse import urlsplit

ADMIN_PREFIX = "/admin/"


def note_image_host(request, url):
    """Remember the scheme and host of an image shown on this page; return the URL unchanged."""
    parts = urlsplit(url or "")
    if request is not None and parts.scheme in ("http", "https") and parts.netloc:
        hosts = getattr(request, "_image_hosts", None)
        if hosts is None:
            hosts = request._image_hosts = set()
        hosts.add(f"{parts.scheme}://{parts.netloc}")
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
        hosts = noted_image_hosts(request)
        if request.path.startswith(ADMIN_PREFIX):
            # Editors preview photos of any site they import from; the admin is staff-only.
            hosts = ["https:", "http:"]
        if hosts:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["img-src"] = [*update.get("img-src", []), *hosts]
            response._csp_update = update
        return response
