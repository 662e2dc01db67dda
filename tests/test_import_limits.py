"""Issue 15, finding 15: an import job is its creator's (superusers see all), and feeds, sitemaps
and polls have a default cap on their entries, which settings and `poll --max-articles` override."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, ImportJob, Source
from articles.pipeline.inputs import FEED, SITEMAP
from articles.pipeline.listing import list_entries
from tests.admin_helpers import IMPORT_URL, job_url, make_editor
from tests.local_server import Reply
from tests.sample_pages import render_page

pytestmark = pytest.mark.django_db

JOBS = reverse("admin:articles_importjob_changelist")


@pytest.fixture
def two_editors(client):
    alice = make_editor("alice", "add_article", "change_article", "view_article")
    bruno = make_editor("bruno", "add_article", "change_article", "view_article")
    return alice, bruno


def test_import_jobs_belong_to_their_creator(client, two_editors):
    alice, bruno = two_editors
    job = ImportJob.objects.create(created_by=alice, urls=["https://www.example.com/a.html"], status="previewed")
    client.force_login(bruno)
    assert client.get(job_url(job)).status_code == 404
    assert client.post(job_url(job), {"import": "1"}).status_code == 404
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED  # bruno could not confirm it
    assert job_url(job) not in client.get(IMPORT_URL).content.decode()
    assert job_url(job) not in client.get(JOBS).content.decode()

    client.force_login(alice)
    assert client.get(job_url(job)).status_code == 200
    assert job_url(job) in client.get(IMPORT_URL).content.decode()
    assert job_url(job) in client.get(JOBS).content.decode()


def test_import_jobs_are_all_visible_to_superusers(client, two_editors):
    alice, _ = two_editors
    job = ImportJob.objects.create(created_by=alice, status="previewed")
    client.force_login(User.objects.create_superuser("chef", password="x"))
    assert client.get(job_url(job)).status_code == 200
    assert job_url(job) in client.get(JOBS).content.decode()


def sitemap(count):
    start = datetime(2026, 1, 1, tzinfo=UTC)
    urls = "".join(
        f"<url><loc>https://www.example.com/{n}.html</loc><lastmod>{start + timedelta(hours=n):%Y-%m-%dT%H:%M:%S%z}"
        "</lastmod></url>"
        for n in range(count)
    )
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


def test_feed_and_sitemap_entries_have_a_default_cap(settings):
    assert settings.NEWSROOM_MAX_FEED_ENTRIES == 500
    entries = list_entries(sitemap(2000), SITEMAP, "https://www.example.com/sitemap.xml")
    assert len(entries) == 500
    # The newest ones, in the sitemap's order.
    assert [entry.url for entry in entries[:2]] == [
        "https://www.example.com/1500.html",
        "https://www.example.com/1501.html",
    ]


def test_feed_entry_cap_is_overridable(settings):
    settings.NEWSROOM_MAX_FEED_ENTRIES = 2
    feed = render_page("rss.xml", "https://www.quotidien-demo.example")
    assert len(list_entries(feed, FEED, "https://www.quotidien-demo.example/rss.xml")) == 2
    settings.NEWSROOM_MAX_FEED_ENTRIES = 5000
    assert len(list_entries(sitemap(2000), SITEMAP, "https://www.example.com/sitemap.xml")) == 2000


def test_poll_has_a_default_cap_and_the_rest_comes_at_the_next_poll(settings, http_server):
    assert settings.NEWSROOM_POLL_MAX_ARTICLES == 100
    http_server.site()
    feed = http_server.route(
        "/rss.xml",
        Reply(render_page("rss.xml", http_server.base), content_type="application/rss+xml", headers={"ETag": '"v1"'}),
    )
    source = Source.objects.create(url=feed)
    out = io.StringIO()
    call_command("poll", "--all", "--max-articles", "2", stdout=out)
    assert Article.objects.count() == 2
    assert "1 autres au prochain passage" in out.getvalue()
    source.refresh_from_db()
    assert source.etag == ""  # the next poll must get the whole list again, not a 304

    call_command("poll", "--all", "--max-articles", "2", stdout=io.StringIO())
    assert Article.objects.count() == 3
    source.refresh_from_db()
    assert source.etag == '"v1"'
