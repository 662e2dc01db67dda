"""Shared by the admin tests: editors with and without rights, the import pages' URLs, the article form."""

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import ImportJob
from articles.pipeline.progress import result_rows

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


def article_form(client, article, **changes):
    """The article's change form as the admin fills it, with `changes`: the data to POST to its page."""
    url = reverse("admin:articles_article_change", args=[article.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "authors"}
    data.pop("published_at", None)
    data.pop("modified_at", None)
    data.update(published_at_0="2026-03-01", published_at_1="10:00:00", section="")
    data.update({"photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0"}, **changes)
    return url, data


def submit(client, urls="", files=(), **fields):
    """POST the import form; (response, job). `files` are (name, bytes, original URL)."""
    data = {
        "urls": urls,
        "fichiers-TOTAL_FORMS": str(max(len(files), 1)),
        "fichiers-INITIAL_FORMS": "0",
        "fichiers-MIN_NUM_FORMS": "0",
        "fichiers-MAX_NUM_FORMS": "50",
        **fields,
    }
    for i, (name, content, url) in enumerate(files):
        data[f"fichiers-{i}-file"] = SimpleUploadedFile(name, content, content_type="text/html")
        data[f"fichiers-{i}-url"] = url
    response = client.post(IMPORT_URL, data)
    return response, ImportJob.objects.order_by("-pk").first()


def rows(job, field="preview"):
    """A job's preview (or results) items by their label."""
    return {item["source"]: item for item in (result_rows(job) if field == "results" else getattr(job, field))}
