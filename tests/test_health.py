"""Issue 15, finding 11: /healthz tells a load balancer whether the database answers, and nothing more."""

import json

import pytest

from tests.subprocesses import run_python

ASK_HEALTHZ = (
    "import django, json; django.setup();"
    "from django.test import Client;"
    "r = Client().get('/healthz', HTTP_HOST='localhost');"
    "print(json.dumps({'status': r.status_code, 'body': r.content.decode()}))"
)


@pytest.mark.parametrize(
    ("database_url", "secrets"),
    [
        ("postgres://newsroom_reader:hunter2@127.0.0.1:9/newsroom_prod", ["127.0.0.1", "newsroom_reader", ":9", "9"]),
        ("sqlite:////nonexistent-directory/private/newsroom.sqlite3", ["nonexistent", "private", "sqlite"]),
    ],
)
def test_healthz_says_only_down_when_the_database_fails(database_url, secrets):
    result = run_python(
        ASK_HEALTHZ, DJANGO_SETTINGS_MODULE="newsroom.settings", DJANGO_SECRET_KEY="x" * 50, DATABASE_URL=database_url
    )
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503
    assert json.loads(answer["body"]) == {"status": "down"}
    for secret in secrets:
        assert secret not in answer["body"]
    # The operator still finds the reason, in the server's log.
    assert "does not answer" in result.stderr
