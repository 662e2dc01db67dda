"""Issue 15, finding 6: login throttling behind the documented nginx. Failures count per client
(X-Forwarded-For only from a trusted proxy) and per user name; no client can lock out anyone but
itself; a locked login says so plainly."""

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"
ATTACKER, EDITOR = "203.0.113.7", "198.51.100.2"
LOCKED = "Compte temporairement verrouillé"
WRONG = "Veuillez compléter correctement les champs"


@pytest.fixture
def newsroom(settings):
    settings.NEWSROOM_LOGIN_FAILURE_LIMIT = 3
    settings.NEWSROOM_TRUSTED_PROXIES = [PROXY]
    cache.clear()
    for name in ("redaction", "chef", "stagiaire"):
        User.objects.create_superuser(name, f"{name}@example.org", f"mot-de-passe-de-{name}")
    yield settings
    cache.clear()


def login(client, username, password, *, forwarded_for=None, remote=PROXY):
    headers = {"REMOTE_ADDR": remote}
    if forwarded_for:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    client.cookies.clear()
    return client.post("/admin/login/", {"username": username, "password": password}, **headers)


def logged_in(response):
    return response.status_code == 302


def test_login_lockout_behind_the_proxy_locks_the_failing_client_not_every_administrator(client, newsroom):
    for name in ("redaction", "chef", "stagiaire", "redaction", "chef"):
        login(client, name, "devine", forwarded_for=ATTACKER)
    # The attacker is locked out...
    assert LOCKED in login(client, "chef", "mot-de-passe-de-chef", forwarded_for=ATTACKER).content.decode()
    # ...and every administrator, behind the same proxy, still logs in.
    for name in ("redaction", "chef", "stagiaire"):
        assert logged_in(login(client, name, f"mot-de-passe-de-{name}", forwarded_for=EDITOR)), name


def test_login_lockout_one_client_cannot_lock_out_another_users_account(client, newsroom):
    for _ in range(20):  # one request every few minutes would have kept them out for good
        login(client, "redaction", "devine", forwarded_for=ATTACKER)
    assert logged_in(login(client, "redaction", "mot-de-passe-de-redaction", forwarded_for=EDITOR))


def test_login_lockout_a_user_name_failed_from_many_clients_is_locked_for_everyone(client, newsroom):
    for n in range(3):
        login(client, "redaction", "devine", forwarded_for=f"192.0.2.{n + 1}")
    response = login(client, "redaction", "mot-de-passe-de-redaction", forwarded_for=EDITOR)
    assert not logged_in(response)
    assert LOCKED in response.content.decode()
    assert logged_in(login(client, "chef", "mot-de-passe-de-chef", forwarded_for=EDITOR))


def test_login_lockout_says_the_account_is_temporarily_locked_not_wrong_password(client, newsroom):
    for _ in range(3):
        page = login(client, "redaction", "devine", forwarded_for=ATTACKER).content.decode()
        assert WRONG in page and LOCKED not in page
    page = login(client, "redaction", "mot-de-passe-de-redaction", forwarded_for=ATTACKER).content.decode()
    assert LOCKED in page and "15 minutes" in page
    assert WRONG not in page


def test_login_lockout_ignores_x_forwarded_for_without_a_trusted_proxy(client, newsroom):
    newsroom.NEWSROOM_TRUSTED_PROXIES = []
    # A client forging a new address each time is still one client: its REMOTE_ADDR.
    for n in range(3):
        login(client, "chef", "devine", forwarded_for=f"192.0.2.{n}", remote=ATTACKER)
    assert not logged_in(login(client, "chef", "mot-de-passe-de-chef", forwarded_for=EDITOR, remote=ATTACKER))
    assert logged_in(login(client, "chef", "mot-de-passe-de-chef", remote=EDITOR))


def test_login_lockout_trusts_only_the_address_the_proxy_saw(client, newsroom):
    # nginx appends the address it saw to whatever the client sent: the forged part is ignored.
    for n in range(3):
        login(client, "chef", "devine", forwarded_for=f"192.0.2.{n}, {ATTACKER}")
    assert not logged_in(login(client, "chef", "mot-de-passe-de-chef", forwarded_for=f"{EDITOR}, {ATTACKER}"))
    assert logged_in(login(client, "chef", "mot-de-passe-de-chef", forwarded_for=f"{ATTACKER}, {EDITOR}"))
