"""Root URLs: the reader, the admin."""

from django.contrib import admin
from django.urls import include, path

from newsroom.health import healthz
from newsroom.throttling import LockoutAwareLoginForm

admin.site.site_header = "Newsroom — administration"
admin.site.site_title = "Newsroom"
admin.site.index_title = "Rédaction"
admin.site.login_form = LockoutAwareLoginForm

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]
