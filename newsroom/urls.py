"""Root URLs: the reader, the admin."""

import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from articles.photos.serving import media
from newsroom.health import healthz
from newsroom.throttling import LockoutAwareLoginForm

admin.site.site_header = "Newsroom — administration"
admin.site.site_title = "Newsroom"
admin.site.index_title = "Rédaction"
admin.site.login_form = LockoutAwareLoginForm

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
if settings.NEWSROOM_SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    # Stored photos, by the app (make run); production may hand MEDIA_URL to nginx (README, « Photos »).
    urlpatterns.append(re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", media, name="media"))
urlpatterns.append(path("", include("articles.urls")))
