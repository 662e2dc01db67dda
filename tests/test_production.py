"""What a deployment relies on: Django's deploy checks, security headers, login throttling, health."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from tests.factories import make_article, make_section, make_stored_photo
from tests.subprocesses import ROOT, clean_environ, run

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "k7#Qm2!vX9pL4@rT8wZ1nB6yH3cF0jD5sG-aE+uR7iO2pK9qW4",
    "DJANGO_ALLOWED_HOSTS": "news.example.org",
    "DJANGO_HTTPS": "1",
    "NEWSROOM_TRUSTED_PROXIES": "127.0.0.1",  # the README's nginx
}


def test_deploy_checks_pass_with_the_documented_production_environment(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION_ENV,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_commands_are_operations_only_and_benchmarks_need_their_settings(tmp_path):
    database = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    production = run(["manage.py", "help", "--commands"], **PRODUCTION_ENV, **database)
    assert production.returncode == 0, production.stderr
    commands = set(production.stdout.split())
    assert {"ingest", "poll", "reindex", "photos", "migrate", "db_worker"} <= commands
    benchmarks = {
        "bench_extraction",
        "bench_ingest",
        "bench_pages",
        "bench_search",
        "bench_relevance",
        "loadtest",
        "generate_articles",
        "extract_corpus",
    }
    assert not commands & benchmarks
    bench = run(["manage.py", "help", "--commands", "--settings=newsroom.settings_bench"], **PRODUCTION_ENV, **database)
    assert benchmarks <= set(bench.stdout.split()), bench.stderr


def test_gunicorn_configuration_loads():
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(
        [str(gunicorn), "--check-config", "-c", "newsroom/gunicorn_conf.py", "newsroom.wsgi"],
        cwd=ROOT,
        env=clean_environ(**PRODUCTION_ENV),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_pages_send_security_headers_and_a_csp_naming_the_image_hosts(client, settings):
    settings.MEDIA_URL = "https://images.example.net/media/"  # the storage's host, as with S3
    article = make_article("Avec photo", section=make_section("Liban"))
    make_stored_photo(article, src="https://publisher.example.org/photo.jpg")
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp
    assert directives["img-src"].split() == ["'self'", "https://images.example.net"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_admin_login_is_throttled_after_repeated_failures(client, settings):
    settings.NEWSROOM_LOGIN_FAILURE_LIMIT = 3
    cache.clear()
    get_user_model().objects.create_superuser("redaction", "r@example.org", "le-bon-mot-de-passe")
    for _ in range(3):
        client.post("/admin/login/", {"username": "redaction", "password": "faux"})
    response = client.post("/admin/login/", {"username": "redaction", "password": "le-bon-mot-de-passe"})
    assert response.status_code == 200  # the login form again, not a redirect into the admin
    assert "_auth_user_id" not in client.session
    cache.clear()
    response = client.post("/admin/login/", {"username": "redaction", "password": "le-bon-mot-de-passe"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
