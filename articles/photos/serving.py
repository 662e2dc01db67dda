"""Stored photos served by the app itself (`make run`, a single machine); nginx or the storage's own URL in production.

Every stored name is content-addressed (articles.photos.storage): the bytes behind it never change,
so browsers and proxies may keep it for a year without asking again.
"""

from django.conf import settings
from django.views.static import serve

from articles.photos.storage import ROOT

IMMUTABLE = "public, max-age=31536000, immutable"


def media(request, path):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if path.startswith(f"{ROOT}/"):
        response["Cache-Control"] = IMMUTABLE
    # The reader's page cache keeps pages, not files: a year's max-age would pin them in its memory.
    request._cache_update_cache = False
    return response
