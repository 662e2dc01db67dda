"""WSGI entry point for gunicorn."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()

try:
    settings.SECRET_KEY  # noqa: B018 (Django validates the key when it is read)
except ImproperlyConfigured:
    # Fail at start-up, loudly, rather than on the first request that signs something.
    raise ImproperlyConfigured(settings.MISSING_KEY_HELP) from None
