"""Admin login throttling: too many failures lock a client, or a user name that many clients fail on.

Failures are counted in the cache (the database cache, shared by every app server) for
NEWSROOM_LOGIN_LOCKOUT_SECONDS after the last one:
- per client: its LIMIT-th failure, whatever the user names, locks that client only;
- per user name: failures from LIMIT different clients lock the name for everyone (a
  distributed guess). One client's failures count once, so no client can lock out anyone
  but itself, let alone every administrator.
A locked attempt is refused before the password is checked and counts nothing. The client is
REMOTE_ADDR, or, when REMOTE_ADDR is one of NEWSROOM_TRUSTED_PROXIES (the nginx in front), the
nearest address of X-Forwarded-For that is not a trusted proxy: behind a proxy, every request
comes from the proxy's address.
"""

import hashlib
import ipaddress
import math

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

LOCKED_MESSAGE = (
    "Compte temporairement verrouillé après trop de tentatives de connexion : réessayez dans %(minutes)s minutes."
)


def client_address(request):
    """The address of the client that sent `request` (see the module's docstring)."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not _is_trusted_proxy(remote):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):  # the last hop was added by the nearest proxy
        if _ip(hop) is None:
            break  # a forged or broken header: trust nothing further left
        if not _is_trusted_proxy(hop):
            return hop
    return remote


def is_locked(request, username):
    limit = settings.NEWSROOM_LOGIN_FAILURE_LIMIT
    client_failures = cache.get(_client_key(request)) or 0
    return client_failures >= limit or len(cache.get(_user_key(username)) or ()) >= limit


@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    username = credentials.get("username")
    if request is None or is_locked(request, username):
        return
    seconds = settings.NEWSROOM_LOGIN_LOCKOUT_SECONDS
    client_key = _client_key(request)
    cache.set(client_key, (cache.get(client_key) or 0) + 1, seconds)
    user_key, client = _user_key(username), client_address(request)
    clients = cache.get(user_key) or []
    if client not in clients:
        clients = [*clients, client][-settings.NEWSROOM_LOGIN_FAILURE_LIMIT :]
    cache.set(user_key, clients, seconds)


class ThrottledModelBackend(ModelBackend):
    """ModelBackend that refuses, without checking the password, once the failures pile up."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and is_locked(request, username):
            # PermissionDenied stops authentication here and is reported as a failed login.
            raise PermissionDenied(LOCKED_MESSAGE % {"minutes": _minutes()})
        return super().authenticate(request, username=username, password=password, **kwargs)


class LockoutAwareLoginForm(AdminAuthenticationForm):
    """The admin's login form, saying so when the account or the client is locked (not "wrong password")."""

    def clean(self):
        if self.request is not None and is_locked(self.request, self.cleaned_data.get("username")):
            raise forms.ValidationError(LOCKED_MESSAGE, code="locked", params={"minutes": _minutes()})
        return super().clean()


def _client_key(request):
    return f"login-failures:client:{client_address(request)}"


def _user_key(username):
    # Hashed: any text a visitor types becomes a key of fixed length and alphabet.
    digest = hashlib.sha256((username or "").strip().casefold().encode("utf-8", "replace")).hexdigest()
    return f"login-failures:user:{digest}"


def _minutes():
    return max(1, math.ceil(settings.NEWSROOM_LOGIN_LOCKOUT_SECONDS / 60))


def _is_trusted_proxy(address):
    ip = _ip(address)
    return ip is not None and any(ip in network for network in _trusted_networks())


def _trusted_networks():
    return [ipaddress.ip_network(item, strict=False) for item in settings.NEWSROOM_TRUSTED_PROXIES]


def _ip(text):
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None
