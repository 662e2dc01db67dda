"""Settings read from the environment: a missing secret is loud, SQLite is set up for a server."""

import os
import subprocess
import sys

from tests.subprocesses import ROOT, run_python


def test_production_without_a_secret_key_refuses_to_serve(tmp_path):
    result = run_python("import newsroom.wsgi", DJANGO_SECRET_KEY_FILE=str(tmp_path / "absent"))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_the_secret_key_comes_from_the_environment_or_the_key_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("k" * 50 + "\n")
    code = "import newsroom.settings as s; print(s.SECRET_KEY)"
    assert run_python(code, DJANGO_SECRET_KEY_FILE=str(key_file)).stdout.strip() == "k" * 50
    from_env = run_python(code, DJANGO_SECRET_KEY="e" * 50, DJANGO_SECRET_KEY_FILE=str(key_file))
    assert from_env.stdout.strip() == "e" * 50


def test_the_scorers_dry_run_needs_no_environment(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html lang=fr><head><title>Un titre</title></head><body><article><h1>Un titre</h1>"
        + "".join(
            f"<p>Le paragraphe numéro {i} est assez long pour faire un article, avec des mots.</p>" for i in range(10)
        )
        + "</article></body></html>"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "ingest", str(page), "--url", "https://e.com/a", "--dry-run", "--json"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DJANGO_SECRET_KEY_FILE": str(tmp_path / "absent")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert '"title": "Un titre"' in result.stdout


def test_debug_runs_without_a_secret_key():
    result = run_python("import newsroom.settings as s; print(s.DEBUG, s.LANGUAGE_CODE, s.USE_TZ)", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "fr", "True"]


def test_sqlite_file_database_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    code = (
        "import django; django.setup();"
        "from django.db import connection;"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]);"
        "c.execute('PRAGMA busy_timeout'); print(c.fetchone()[0]);"
        "print(connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    result = run_python(
        code,
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    journal, busy, mode = result.stdout.split()
    assert journal == "wal"
    assert int(busy) >= 5000
    assert mode == "IMMEDIATE"


def test_database_url_selects_postgresql():
    code = "import newsroom.settings as s; print(s.DATABASES['default']['ENGINE'])"
    result = run_python(code, DJANGO_DEBUG="1", DATABASE_URL="postgres://postgres@127.0.0.1:5432/newsroom")
    assert result.stdout.strip() == "django.db.backends.postgresql"
