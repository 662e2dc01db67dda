"""Photos edited anywhere keep their derived data true: the agency read from the credit, and the search entry."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from articles.models import Article, Photo
from articles.search import index_article
from tests.admin_helpers import article_form
from tests.factories import make_article, make_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(User.objects.create_superuser("chef", password="x"))
    return client


@pytest.fixture
def photo():
    article = make_article("Les vendanges dans la Bekaa")
    photo = make_photo(article, caption="Un vignoble au lever du jour", credit="Photo AFP/JEAN DUPONT")
    index_article(article)
    return photo


def found(words):
    return list(Article.objects.search(words))


def change_photo(client, photo, **changes):
    url = reverse("admin:articles_photo_change", args=[photo.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    photo.refresh_from_db()


def test_the_agency_is_read_from_the_credit_on_every_write(photo):
    assert photo.agency == "AFP"
    photo.credit = "Reuters/Jane Roe"
    photo.save(update_fields=["credit"])
    assert Photo.objects.get(pk=photo.pk).agency == "Reuters"
    Photo.objects.bulk_create([Photo(article=photo.article, position=1, src="https://img.example/2.jpg", credit="AP")])
    assert Photo.objects.get(position=1).agency == "AP"


def test_an_editor_changing_a_credit_and_caption_changes_the_agency_and_the_search(editor, photo):
    assert found("vignoble") == [photo.article]
    change_photo(editor, photo, credit="Crédit : Reuters/Jane Roe", caption="Une cave creusée dans la roche")
    assert photo.agency == "Reuters"
    assert found("vignoble") == []
    assert found("cave creusée") == [photo.article]
    facets = editor.get(reverse("articles:search"), {"q": "cave"}).content.decode()
    assert "Reuters" in facets


def test_the_agency_is_shown_not_edited(editor, photo):
    html = editor.get(reverse("admin:articles_photo_change", args=[photo.pk])).content.decode()
    assert 'name="agency"' not in html and "AFP" in html


def test_a_photo_deleted_by_an_editor_leaves_the_search(editor, photo):
    editor.post(reverse("admin:articles_photo_delete", args=[photo.pk]), {"post": "yes"})
    assert not Photo.objects.exists()
    assert found("vignoble") == []


def test_photos_deleted_from_the_list_leave_the_search(editor, photo):
    changelist = reverse("admin:articles_photo_changelist")
    editor.post(changelist, {"action": "delete_selected", "_selected_action": [photo.pk], "post": "yes"})
    assert not Photo.objects.exists()
    assert found("vignoble") == []


def test_a_credit_edited_in_the_article_page_changes_the_agency(editor, photo):
    inline = {"id": photo.pk, "article": photo.article.pk, "position": 0, "is_main": "on", "src": photo.src}
    inline.update(caption=photo.caption, credit="AP Photo/John Doe", alt="")
    changes = {f"photos-0-{name}": str(value) for name, value in inline.items()}
    url, data = article_form(
        editor, photo.article, **changes, **{"photos-TOTAL_FORMS": "1", "photos-INITIAL_FORMS": "1"}
    )
    response = editor.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    photo.refresh_from_db()
    assert photo.agency == "AP"
