"""The admin's import page: preview → import → results, for URLs, feeds, sitemaps and uploads, and bad input."""

import gzip

import pytest
from django.urls import reverse

from articles.models import Article, ImportJob, RawPage, Section
from articles.pipeline.progress import result_rows
from tests.admin_helpers import IMPORT_URL, editor_fixture, job_url, make_editor, rows, submit  # noqa: F401 (fixture)
from tests.local_server import Reply
from tests.sample_pages import DEMO_SITE, render_page

pytestmark = pytest.mark.django_db

BUDGET, FESTIVAL, MARATHON = (
    "/economie/budget-2026.html",
    "/culture/festival-avignon.html",
    "/sport/marathon-paris.html",
)


def test_the_page_is_linked_from_the_article_list_and_shows_the_form(client, editor):
    changelist = client.get(reverse("admin:articles_article_changelist"))
    assert IMPORT_URL in changelist.content.decode()
    page = client.get(IMPORT_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Prévisualiser" in html and 'name="urls"' in html and 'name="fichiers-0-url"' in html


def test_the_admin_index_links_to_the_import_page(client, editor):
    index = client.get(reverse("admin:index")).content.decode()
    add_job = reverse("admin:articles_importjob_add")
    assert add_job in index
    assert client.get(add_job).url == IMPORT_URL


def test_urls_are_previewed_then_imported_with_results(client, editor, http_server):
    http_server.site()
    budget, festival = http_server.url(BUDGET), http_server.url(FESTIVAL)
    response, job = submit(client, f"{budget}\n\n{festival}\n")
    assert response.url == job_url(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED
    assert Article.objects.count() == 0  # a preview writes nothing

    page = client.get(job_url(job)).content.decode()
    assert "Le budget 2026 adopté en première lecture" in page
    assert "Économie" in page  # its section
    assert "Les députés pendant le vote solennel" in page  # the main photo's caption
    assert "Photo Jeanne Petit" in page
    assert "non : nouvel article" in page
    assert 'value="Importer"' in page

    response = client.post(job_url(job), {"import": "Importer"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert (job.items_total, job.items_done, job.items_failed) == (2, 2, 0)
    budget_article = Article.objects.get(canonical_url=budget)
    assert rows(job, "results")[budget]["status"] == "created"
    assert rows(job, "results")[budget]["article"] == budget_article.pk

    results = client.get(job_url(job)).content.decode()
    assert "créé" in results
    assert reverse("admin:articles_article_change", args=[budget_article.pk]) in results

    jobs = client.get(reverse("admin:articles_importjob_changelist")).content.decode()
    assert job_url(job) in jobs and "2 / 2" in jobs
    assert client.get(reverse("admin:articles_importjob_change", args=[job.pk])).url == job_url(job)


def test_the_preview_says_what_exists_already(client, editor, http_server):
    http_server.site()
    budget = http_server.url(BUDGET)
    submit(client, budget)
    client.post(job_url(ImportJob.objects.get()), {"import": "1"})
    _, job = submit(client, budget)
    assert rows(job)[budget]["existing"] == Article.objects.get().pk
    assert "oui : sera mis à jour" in client.get(job_url(job)).content.decode()
    client.post(job_url(job), {"import": "1"})
    job.refresh_from_db()
    assert rows(job, "results")[budget]["status"] == "unchanged"


def test_a_feed_imports_each_entry_and_the_section_override(client, editor, http_server):
    http_server.site()
    sport = Section.objects.create(name="Sport", slug="sport")
    _, job = submit(client, http_server.url("/rss.xml"), section=str(sport.pk), limit="2")
    assert len(job.preview) == 2
    assert {item["section"] for item in job.preview} == {"Sport"}
    client.post(job_url(job), {"import": "1"})
    job.refresh_from_db()
    assert [item["status"] for item in result_rows(job)] == ["created", "created"]
    assert set(Article.objects.values_list("section__name", flat=True)) == {"Sport"}


def test_a_sitemap_imports_its_pages(client, editor, http_server):
    http_server.site()
    _, job = submit(client, http_server.url("/sitemap.xml"))
    client.post(job_url(job), {"import": "1"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert job.items_done == job.items_total == 2
    assert Article.objects.count() == 2


def test_uploads_keep_their_bytes_between_preview_and_import(client, editor, http_server):
    page = render_page("article-culture.html", DEMO_SITE)
    latin1 = render_page("article-sport.html", DEMO_SITE).decode("utf-8").replace("utf-8", "iso-8859-1")
    files = [
        ("festival.html", page, ""),
        ("marathon.html", latin1.encode("iso-8859-1"), "https://www.quotidien-demo.example/sport/marathon-paris.html"),
    ]
    _, job = submit(client, files=files)
    assert job.uploads.count() == 2
    preview = rows(job)
    assert preview["fichier festival.html"]["status"] == "extracted"
    assert preview["fichier marathon.html"]["status"] == "extracted"

    client.post(job_url(job), {"import": "1"})  # no file sent again
    job.refresh_from_db()
    assert [item["status"] for item in result_rows(job)] == ["created", "created"]
    # Pages in hand, not temporary files: each stored page keeps the address it came from.
    assert sorted(RawPage.objects.values_list("url", flat=True)) == sorted(
        Article.objects.values_list("canonical_url", flat=True)
    )
    marathon = Article.objects.get(canonical_url__endswith="/sport/marathon-paris.html")
    # Decoded as Latin-1, as the page says (the opening paragraph may be taken as the lead).
    assert "Champs-Élysées" in marathon.lead + marathon.body_text


def test_bad_input_gets_a_french_reason_per_item_and_the_rest_is_imported(client, editor, http_server, settings):
    http_server.site()
    http_server.route("/image.png", body=b"\x89PNG\r\n\x1a\n\x00\x00", content_type="image/png")
    http_server.route("/panne.html", Reply(b"erreur", status=500, content_type="text/plain"))
    settings.NEWSROOM_MAX_RESPONSE_BYTES = 50_000
    budget = http_server.url(BUDGET)
    urls = "\n".join(
        [
            "pas une url",
            "ftp://example.com/fichier",
            budget,
            budget,
            http_server.url("/image.png"),
            http_server.url("/panne.html"),
            "http://127.0.0.1:9/injoignable.html",
        ]
    )
    files = [("enorme.html", b"<html>" + b"x" * 60_000, ""), ("binaire.html", b"\x00\x01\x02" * 100, "")]
    _, job = submit(client, urls, files=files)
    preview = rows(job)
    assert preview["pas une url"]["reason"].startswith("URL invalide")
    assert preview["ftp://example.com/fichier"]["reason"].startswith("URL invalide")
    assert (
        "en double"
        in next(item for item in job.preview if item["source"] == budget and item["status"] == "ignored")["reason"]
    )
    assert "ni une page HTML" in preview[http_server.url("/image.png")]["reason"]
    assert "HTTP 500" in preview[http_server.url("/panne.html")]["reason"]
    assert preview["http://127.0.0.1:9/injoignable.html"]["reason"] == "connexion impossible"
    assert "trop volumineux" in preview["fichier enorme.html"]["reason"]
    assert "binaire" in preview["fichier binaire.html"]["reason"]

    client.post(job_url(job), {"import": "1"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    statuses = [item["status"] for item in result_rows(job)]
    assert statuses.count("created") == 1 and statuses.count("ignored") == 1
    assert job.items_failed == 7
    assert Article.objects.get().canonical_url == budget
    page = client.get(job_url(job)).content.decode()
    assert "pas une url" in page and "URL invalide" in page and "fichier enorme.html" in page


def test_a_saved_page_without_an_address_asks_for_its_url(client, editor):
    page = (
        b"<html><head><title>Sans adresse</title></head><body><article><h1>Sans adresse</h1>"
        + (b"<p>" + "Une phrase d'article assez longue pour être retenue. ".encode() * 20 + b"</p>")
        + b"</article></body></html>"
    )
    _, job = submit(client, files=[("sans-adresse.html", page, "")])
    item = rows(job)["fichier sans-adresse.html"]
    assert item["status"] == "failed" and "indiquez son URL d'origine" in item["reason"]
    client.post(job_url(job), {"import": "1"})
    assert Article.objects.count() == 0


def test_an_empty_form_says_what_is_missing(client, editor):
    response, job = submit(client)
    assert job is None
    assert "Indiquez au moins une URL ou un fichier." in response.content.decode()


def test_importing_twice_does_nothing_the_second_time(client, editor, http_server):
    http_server.site()
    _, job = submit(client, http_server.url(BUDGET))
    client.post(job_url(job), {"import": "1"})
    response = client.post(job_url(job), {"import": "1"}, follow=True)
    assert "attend plus de confirmation" in response.content.decode()
    assert Article.objects.count() == 1


@pytest.mark.parametrize("url", ["import", "job"])
def test_anonymous_and_non_staff_users_are_sent_to_the_login_page(client, url):
    job = ImportJob.objects.create()
    target = IMPORT_URL if url == "import" else job_url(job)
    assert client.get(target).url.startswith(reverse("admin:login"))
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("lecteur", password="x"))
    assert client.get(target).url.startswith(reverse("admin:login"))


def test_staff_without_the_add_permission_is_refused(client):
    client.force_login(make_editor("stagiaire", "view_article"))
    assert client.get(IMPORT_URL).status_code == 403
    job = ImportJob.objects.create()
    assert client.get(job_url(job)).status_code == 403
    assert client.post(job_url(job), {"import": "1"}).status_code == 403


def test_a_gzipped_upload_is_read(client, editor):
    page = gzip.compress(render_page("article-economie.html", DEMO_SITE))
    _, job = submit(client, files=[("budget.html.gz", page, "")])
    assert job.preview[0]["status"] == "extracted"
