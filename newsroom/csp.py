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


class ImageHostsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        hosts = sorted(getattr(request, "_image_hosts", ()))
        if request.path.startswith(ADMIN_PREFIX):
            # Editors preview photos of any site they import from; the admin is staff-only.
            hosts = ["https:", "http:"]
        if hosts:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["img-src"] = [*update.get("img-src", []), *hosts]
            response._csp_update = update
        return response
