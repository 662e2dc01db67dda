"""Issue 15, finding 4: importing needs the "add" permission; overwriting an article already in the
newsroom (a page naming its canonical URL) is changing it, and needs the "change" permission."""

import pytest

from articles.models import Article
from articles.pipeline.ingestion import UpdateRefused, ingest
from articles.pipeline.inputs import Page
from articles.pipeline.progress import result_rows
from articles.pipeline.results import FAILED, UNCHANGED, UPDATED
from articles.pipeline.writing import save_article
from tests.admin_helpers import job_url, make_editor, rows, submit
from tests.sample_pages import DEMO_SITE, render_page

pytestmark = pytest.mark.django_db

FESTIVAL = DEMO_SITE + "/culture/festival-avignon.html"


def festival_page(title=None):
    html = render_page("article-culture.html").decode()
    original = Article.objects.get(canonical_url=FESTIVAL).title if title else None
    return (html.replace(original, title) if title else html).encode()


@pytest.fixture
def festival(tmp_path):
    path = tmp_path / "festival.html"
    path.write_bytes(render_page("article-culture.html"))
    ingest([Page(str(path), url=FESTIVAL, path=path)])
    return Article.objects.get(canonical_url=FESTIVAL)


@pytest.fixture
def adder(client):
    """An editor who may add articles, not change them (the article's change page is 403 for them)."""
    user = make_editor("pigiste", "add_article")
    client.force_login(user)
    return user


def test_import_with_only_add_permission_does_not_overwrite_an_existing_article(client, festival, adder):
    forged = festival_page("Un titre réécrit par quelqu'un qui ne peut pas modifier")
    _, job = submit(client, files=[("festival.html", forged, "")])
    preview = rows(job)["fichier festival.html"]
    assert preview["status"] == FAILED
    assert "permission de modifier les articles" in preview["reason"]
    page = client.get(job_url(job)).content.decode()
    assert "ne sera pas mis à jour" in page and "Rien à importer" in page

    client.post(job_url(job), {"import": "1"})  # confirmed anyway: the import refuses it again
    job.refresh_from_db()
    result = rows(job, "results")["fichier festival.html"]
    assert result["status"] == FAILED and "permission de modifier les articles" in result["reason"]
    assert Article.objects.get(pk=festival.pk).title == festival.title
    assert client.get(f"/admin/articles/article/{festival.pk}/change/").status_code == 403


def test_import_with_the_change_permission_updates_the_article(client, festival):
    client.force_login(make_editor("redaction", "add_article", "change_article", "view_article"))
    _, job = submit(client, files=[("festival.html", festival_page("Un titre corrigé par la rédaction"), "")])
    assert rows(job)["fichier festival.html"]["status"] == "extracted"
    client.post(job_url(job), {"import": "1"})
    job.refresh_from_db()
    assert rows(job, "results")["fichier festival.html"]["status"] == UPDATED
    assert Article.objects.get(pk=festival.pk).title == "Un titre corrigé par la rédaction"


def test_import_with_only_add_permission_still_adds_new_articles_and_skips_unchanged_ones(client, festival, adder):
    marathon = render_page("article-sport.html")
    _, job = submit(client, files=[("festival.html", festival_page(), ""), ("marathon.html", marathon, "")])
    client.post(job_url(job), {"import": "1"})
    job.refresh_from_db()
    assert [item["status"] for item in result_rows(job)] == [UNCHANGED, "created"]


def test_the_service_refuses_an_update_without_may_update(festival, tmp_path):
    from articles.extraction import extract

    extracted = extract(festival_page("Un autre titre").decode(), FESTIVAL)
    with pytest.raises(UpdateRefused):
        save_article(extracted, html="<p>x</p>", fetched_url=FESTIVAL, may_update=False)
    assert save_article(extracted, html="<p>x</p>", fetched_url=FESTIVAL) == (UPDATED, festival.pk)
