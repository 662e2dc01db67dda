"""Rendered article pages, shared by an app server's workers and keyed by the article's version.

The reader's page-cache middleware keeps pages in each worker's memory, keyed by URL, so an
edited article would show its old text for up to CACHE_MIDDLEWARE_SECONDS, once per worker.
An article page instead names the article's `updated_at` in its key: every save (the admin,
a re-extraction, a change of section) bumps it, so the next reader gets the new page from any
worker of any app server, and the old entry is never read again. What else the page shows
(neighbours, related articles, the sections bar) may lag by CACHE_MIDDLEWARE_SECONDS, as on
every other reader page.
"""

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_response_headers

from newsroom.csp import note_image_hosts, noted_image_hosts

CACHE_ALIAS = "articles"


def article_page(request, article, render):
    """The article's page: from the cache when this version is there, else `render()`'s, then stored."""
    seconds = settings.CACHE_MIDDLEWARE_SECONDS
    # The page prints its own absolute URL (canonical, og:url), so the host is part of the key.
    key = f"article:{article.pk}:{article.updated_at.timestamp()}:{request.scheme}://{request.get_host()}"
    cache = caches[CACHE_ALIAS]
    stored = cache.get(key) if seconds else None
    if stored is not None:
        content, image_hosts = stored
        response = HttpResponse(content)
        note_image_hosts(request, image_hosts)  # the Content-Security-Policy of the rendered page
    else:
        response = render()
        if seconds and response.status_code == 200:
            cache.set(key, (response.content, noted_image_hosts(request)), seconds)
    # The middleware must not keep its own copy, keyed by URL only: it would outlive an edit.
    request._cache_update_cache = False
    patch_response_headers(response, seconds)  # Expires and max-age, as the middleware sends
    return response
