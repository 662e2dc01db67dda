"""Admin login throttling: after too many failures, a user name or an address waits.

Failures are counted in the cache (the database cache, shared by every app server), per user
name and per client address; each failure restarts the window, so a lock ends after
NEWSROOM_LOGIN_LOCKOUT_SECONDS without failures.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver


def _keys(request, username):
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    return [f"login-failures:user:{(username or '').casefold()}", f"login-failures:ip:{address}"]


def too_many_failures(request, username):
    limit = settings.NEWSROOM_LOGIN_FAILURE_LIMIT
    return any((cache.get(key) or 0) >= limit for key in _keys(request, username))


@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    for key in _keys(request, credentials.get("username")):
        cache.set(key, (cache.get(key) or 0) + 1, settings.NEWSROOM_LOGIN_LOCKOUT_SECONDS)


class ThrottledModelBackend(ModelBackend):
    """ModelBackend that refuses, without checking the password, once the failures pile up."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if too_many_failures(request, username):
            # PermissionDenied stops authentication here and is reported as a failed login.
            raise PermissionDenied("Trop de tentatives de connexion ; réessayez plus tard.")
        return super().authenticate(request, username=username, password=password, **kwargs)
