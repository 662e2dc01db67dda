"""The import page follows its job without reloading itself, and counts the import's own items."""

import json
from types import SimpleNamespace

import pytest

from articles import tasks
from articles.models import ImportJob
from tests.admin_helpers import editor_fixture, job_url  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def previewed_job(**fields):
    """A previewed job; pass created_by=editor: an editor sees only their own jobs."""
    preview = [{"source": f"https://example.org/{i}", "status": "extracted", "title": f"Titre {i}"} for i in (1, 2)]
    return ImportJob.objects.create(
        status=ImportJob.Status.PREVIEWED,
        urls=[p["source"] for p in preview],
        preview=preview,
        items_total=2,
        items_done=2,
        **fields,
    )


def progress_url(job):
    return job_url(job) + "progress/"


def test_a_queued_import_shows_no_full_bar_from_its_preview(client, editor, monkeypatch):
    job = previewed_job(created_by=editor)
    # The worker has not started it yet.
    monkeypatch.setattr("articles.tasks.run_import", SimpleNamespace(enqueue=lambda pk: None))
    assert tasks.enqueue_import(job)
    job.refresh_from_db()
    assert (job.status, job.items_total, job.items_done) == (ImportJob.Status.QUEUED, 0, 0)
    html = client.get(job_url(job)).content.decode()
    assert "en file d&#x27;attente" in html or "en file d'attente" in html
    assert "<progress" not in html and "2 / 2" not in html


def test_the_page_never_reloads_itself_and_has_a_live_region_a_script_and_a_link(client, editor):
    job = previewed_job(created_by=editor)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, items_done=1, items_failed=0)
    job.refresh_from_db()
    job.started_at = job.created_at
    job.save()
    html = client.get(job_url(job)).content.decode()
    assert 'http-equiv="refresh"' not in html
    assert 'id="import-live" class="import-live" aria-live="polite"' in html
    assert f'data-progress-url="{progress_url(job)}"' in html
    assert 'src="/static/articles/import_progress.js"' in html
    assert f'<a class="import-refresh" href="{job_url(job)}">Mettre à jour</a>' in html
    assert '<progress class="import-progress" value="1" max="2">' in html and "1 / 2 traité" in html


def test_the_progress_endpoint_gives_the_fragment_then_says_when_done(client, editor):
    job = previewed_job(created_by=editor)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, started_at=job.created_at, items_done=1)
    progress = json.loads(client.get(progress_url(job)).content)
    assert progress["active"] is True and "1 / 2 traité" in progress["html"] and "Mettre à jour" in progress["html"]
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.DONE, items_done=2)
    progress = json.loads(client.get(progress_url(job)).content)
    assert progress["active"] is False
    assert (
        "2 / 2 traités" in progress["html"] and f'<a href="{job_url(job)}">Voir les résultats</a>' in progress["html"]
    )


def test_the_progress_endpoint_needs_the_import_permission(client, django_user_model):
    job = previewed_job()
    client.force_login(django_user_model.objects.create_user("lecteur", password="x", is_staff=True))
    assert client.get(progress_url(job)).status_code == 403


def test_a_preview_in_progress_counts_pages_previewed(client, editor):
    job = ImportJob.objects.create(
        status=ImportJob.Status.PREVIEWING,
        urls=["https://example.org/1"],
        items_total=3,
        items_done=1,
        created_by=editor,
    )
    html = client.get(job_url(job)).content.decode()
    assert "1 / 3 prévisualisé" in html and "traité" not in html


def test_the_progress_endpoint_is_cheap(client, editor, django_assert_num_queries):
    job = previewed_job(created_by=editor)
    client.get(job_url(job))  # the session and the editor's permissions, read once per request anyway
    with django_assert_num_queries(5):  # session, user, its and its groups' permissions, the job and its section
        assert client.get(progress_url(job)).status_code == 200
