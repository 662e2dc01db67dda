"""French error pages in the site's design, and static files as production serves them."""

import pytest
from django.test import Client

from articles.views import TimelineView
from tests.subprocesses import run_python


@pytest.mark.django_db
def test_a_server_error_shows_the_french_500_page(monkeypatch, settings):
    settings.DEBUG = False

    def broken(self):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(TimelineView, "get_queryset", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="fr">' in html and "Erreur du serveur" in html
    assert "database on fire" not in html


def test_collectstatic_gives_hashed_compressed_files(tmp_path):
    script = (
        "import django; from django.conf import settings;"
        f"settings.STATIC_ROOT = {str(tmp_path)!r};"
        "django.setup();"
        "from django.core.management import call_command; call_command('collectstatic', '--noinput', verbosity=0);"
        "from django.templatetags.static import static; print(static('css/newsroom.css'))"
    )
    result = run_python(script, DJANGO_SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="newsroom.settings")
    assert result.returncode == 0, result.stderr
    url = result.stdout.strip()
    assert url.startswith("/static/css/newsroom.") and url.endswith(".css") and url != "/static/css/newsroom.css"
    hashed = tmp_path / url.removeprefix("/static/")
    assert hashed.is_file()
    assert hashed.with_name(hashed.name + ".gz").is_file()
