"""Followed sources: `manage.py poll` honours intervals, sends conditional GETs, imports only new entries."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Source
from tests.factories import make_section
from tests.local_server import Reply
from tests.sample_pages import render_page

pytestmark = pytest.mark.django_db

ETAG = '"v1"'
LAST_MODIFIED = "Sat, 14 Mar 2026 08:30:00 GMT"


def poll(*args):
    out = io.StringIO()
    try:
        call_command("poll", *args, stdout=out)
    except CommandError as error:
        out.write(f"CommandError: {error}")
    return out.getvalue()


def conditional_feed(server, path="/rss.xml"):
    """The feed, answering 304 to a request that carries its validators."""
    feed = render_page("rss.xml", server.base)
    server.route(
        path,
        body=feed,
        content_type="application/rss+xml",
        headers={"ETag": ETAG, "Last-Modified": LAST_MODIFIED},
    )
    return server.url(path)


@pytest.fixture
def site(http_server):
    http_server.site()
    return http_server


def feed_requests(server, path="/rss.xml"):
    return [headers for requested, headers in server.requests if requested == path]


def test_a_new_source_is_polled_and_its_entries_imported(site):
    section = make_section("À la une")
    source = Source.objects.create(url=conditional_feed(site), section=section)
    output = poll()
    assert "3 créés" in output
    source.refresh_from_db()
    assert source.state == Source.State.OK
    assert (source.etag, source.last_modified) == (ETAG, LAST_MODIFIED)
    assert source.last_counts == {"created": 3, "updated": 0, "unchanged": 0, "failed": 0}
    assert set(Article.objects.values_list("section__name", flat=True)) == {"À la une"}


def test_a_source_is_not_polled_before_its_interval(site):
    source = Source.objects.create(url=conditional_feed(site), interval=60)
    poll()
    assert poll() == "No source is due.\n"
    assert len(feed_requests(site)) == 1
    Source.objects.filter(pk=source.pk).update(last_checked_at=timezone.now() - timedelta(minutes=61))
    poll()
    assert len(feed_requests(site)) == 2


def test_a_304_costs_one_request_and_imports_nothing(site):
    url = conditional_feed(site)
    source = Source.objects.create(url=url, etag=ETAG, last_modified=LAST_MODIFIED)
    site.route("/rss.xml", Reply(b"", status=304, content_type=None))
    hits_before = len(site.requests)
    assert "inchangée (304)" in poll()
    (headers,) = feed_requests(site)
    assert headers["If-None-Match"] == ETAG
    assert headers["If-Modified-Since"] == LAST_MODIFIED
    assert len(site.requests) == hits_before + 1  # no article page fetched
    source.refresh_from_db()
    assert source.state == Source.State.NOT_MODIFIED
    assert not Article.objects.exists()


def test_only_new_entries_are_fetched(site):
    Source.objects.create(url=conditional_feed(site))
    poll()
    budget_hits = site.hits("/economie/budget-2026.html")
    poll("--all")  # the feed changed (no 304 here): its entries are all known already
    assert site.hits("/economie/budget-2026.html") == budget_hits
    assert Article.objects.count() == 3


def test_an_unreachable_source_records_its_error_and_the_command_fails(site):
    source = Source.objects.create(url=site.url("/disparu.xml"))
    output = poll()
    assert "CommandError: 1 source(s) could not be checked" in output
    source.refresh_from_db()
    assert source.state == Source.State.ERROR
    assert "HTTP 404" in source.last_error


def test_inactive_sources_are_left_alone(site):
    Source.objects.create(url=conditional_feed(site), active=False)
    assert poll() == "No source is due.\n"
    assert not feed_requests(site)


def test_editors_poll_a_source_now_from_the_admin(client, site):
    client.force_login(User.objects.create_superuser("chef", password="x"))
    source = Source.objects.create(url=conditional_feed(site), last_checked_at=timezone.now())
    changelist = reverse("admin:articles_source_changelist")
    response = client.post(changelist, {"action": "poll_now", "_selected_action": [source.pk]}, follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert any("3 créés" in message for message in messages)
    page = client.get(changelist).content.decode()
    assert "3 créés" in page and "à jour" in page
