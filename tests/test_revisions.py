"""Re-fetch, re-extract and section actions in the admin, and the revisions they keep (with a diff)."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from articles.models import Article, Revision
from articles.pipeline.ingestion import ingest
from tests.factories import make_article, make_section
from tests.sample_pages import render_page

pytestmark = pytest.mark.django_db

BUDGET = "/economie/budget-2026.html"
CHANGELIST = reverse("admin:articles_article_changelist")


@pytest.fixture
def chef(client):
    client.force_login(User.objects.create_superuser("chef", password="x"))
    return client


def act(client, action, articles, **extra):
    data = {"action": action, "_selected_action": [article.pk for article in articles], **extra}
    return client.post(CHANGELIST, data, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def corrected(base):
    """The budget page, its title and a paragraph corrected, and a <script> as text in the new title."""
    html = render_page("article-economie.html", base).decode()
    html = html.replace(
        "Le budget 2026 adopté en première lecture", "Le budget 2026 adopté &lt;script&gt;x&lt;/script&gt;"
    )
    return html.replace("<p>", "<p>Correction : le vote a eu lieu mardi. ", 1).encode()


def test_refetch_keeps_the_previous_version_and_shows_the_diff(chef, http_server):
    http_server.site()
    url = http_server.url(BUDGET)
    ingest([url])
    article = Article.objects.get()
    assert article.modified_at is None

    http_server.route(BUDGET, body=corrected(http_server.base))
    response = act(chef, "refetch", [article])
    assert any("mis à jour" in text and "version précédente" in text for text in messages_of(response))

    article.refresh_from_db()
    revision = Revision.objects.get(article=article)
    assert revision.title == "Le budget 2026 adopté en première lecture"
    assert "<script>" in article.title
    assert article.modified_at is not None  # the source gave no date: readers see the update
    assert http_server.hits(BUDGET) == 2

    page = chef.get(reverse("admin:articles_article_revisions", args=[article.pk])).content.decode()
    assert "Correction : le vote a eu lieu mardi." in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x</script>" not in page
    change_page = chef.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert reverse("admin:articles_article_revisions", args=[article.pk]) in change_page
    reader = chef.get(article.get_absolute_url()).content.decode()
    assert "Mis à jour" in reader


def test_refetch_of_an_unchanged_page_keeps_no_revision(chef, http_server):
    http_server.site()
    ingest([http_server.url(BUDGET)])
    response = act(chef, "refetch", Article.objects.all())
    assert any("inchangé" in text for text in messages_of(response))
    assert not Revision.objects.exists()


def test_refetch_reports_a_page_that_is_gone(chef, http_server):
    http_server.site()
    ingest([http_server.url(BUDGET)])
    http_server.route(BUDGET, body=b"disparu", status=404, content_type="text/plain")
    response = act(chef, "refetch", Article.objects.all())
    assert any("échec" in text and "HTTP 404" in text for text in messages_of(response))


def test_reextract_reads_the_stored_page_without_the_network(chef, http_server):
    http_server.site()
    ingest([http_server.url(BUDGET)])
    article = Article.objects.get()
    section = make_section("Finances publiques")
    act(chef, "change_section", [article], apply="1", section=section.pk)
    Article.objects.filter(pk=article.pk).update(title="Titre abîmé", fingerprint="0" * 64)
    http_server.httpd.shutdown()  # no network from here on
    response = act(chef, "reextract", [article])
    assert any("mis à jour" in text for text in messages_of(response))
    article.refresh_from_db()
    assert article.title == "Le budget 2026 adopté en première lecture"
    assert article.section == section  # the editor's choice stays
    assert Revision.objects.get().title == "Titre abîmé"


def test_reextract_without_a_stored_page_says_so(chef):
    article = make_article("Saisi à la main")
    response = act(chef, "reextract", [article])
    assert messages_of(response) == ["« Saisi à la main » : échec — aucune page enregistrée à ré-extraire."]


def test_change_section_asks_which_section_then_reports_each_article(chef):
    culture, sport = make_section("Culture"), make_section("Sport")
    first, second = make_article("Premier", section=culture), make_article("Second", section=sport)
    page = act(chef, "change_section", [first, second])
    assert page.templates[0].name == "admin/articles/change_section.html"
    assert "Premier" in page.content.decode()
    response = act(chef, "change_section", [first, second], apply="1", section=sport.pk)
    assert sorted(messages_of(response)) == ["« Premier » : Culture → Sport.", "« Second » : déjà dans Sport."]
    assert set(Article.objects.values_list("section__name", flat=True)) == {"Sport"}


def test_actions_need_the_change_permission(client):
    from tests.admin_helpers import make_editor

    client.force_login(make_editor("lecteur", "view_article"))
    article = make_article()
    response = act(client, "change_section", [article])
    assert response.status_code == 200
    assert "change_section" not in response.content.decode()
