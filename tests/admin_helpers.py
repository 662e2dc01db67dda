"""Shared by the admin tests: editors with and without rights, the import pages' URLs."""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

IMPORT_URL = reverse("admin:articles_article_import")


def job_url(job):
    return reverse("admin:articles_article_import_job", args=[job.pk])


def make_editor(username="redaction", *perms):
    user = User.objects.create_user(username, password="motdepasse", is_staff=True)
    for codename in perms:
        user.user_permissions.add(Permission.objects.get(content_type__app_label="articles", codename=codename))
    return user


@pytest.fixture(name="editor")
def editor_fixture(client, db):
    """A logged-in editor who may import and edit articles (use it as the `editor` argument)."""
    user = make_editor("redaction", "add_article", "change_article", "view_article")
    client.force_login(user)
    return user
