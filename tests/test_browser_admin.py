"""An editor in Chromium: the import page, from the URL box to the result row."""

import pytest
from django.contrib.auth.models import User

from tests.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_previews_then_imports_an_article(open_page, live_server, http_server):
    http_server.site()
    User.objects.create_superuser("chef", password="mot-de-passe-du-chef")
    page = open_page()
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Nom d’utilisateur").fill("chef")
    page.get_by_label("Mot de passe").fill("mot-de-passe-du-chef")
    page.get_by_role("button", name="Connexion").click()

    page.goto(live_server.url + "/admin/articles/article/")
    page.get_by_role("link", name="Importer des articles").click()
    page.get_by_role("textbox", name="URL :", exact=True).fill(http_server.url("/economie/budget-2026.html"))
    page.get_by_role("button", name="Prévisualiser").click()

    preview = page.locator("tr.import-row--extracted")
    assert "Le budget 2026 adopté en première lecture" in preview.inner_text()
    assert "non : nouvel article" in preview.inner_text()
    screenshot(page, "admin-import-preview")
    page.get_by_role("button", name="Importer").click()

    result = page.locator("tr.import-row--created")
    assert "créé" in result.inner_text()
    screenshot(page, "admin-import-results")
    result.get_by_role("link", name="Le budget 2026 adopté en première lecture").click()
    assert page.locator("input[name=title]").input_value() == "Le budget 2026 adopté en première lecture"
