"""Photos of articles ingested earlier: `manage.py photos` stores them and retries failures; the admin shows each
photo's stored file and its state in words."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from articles.models import Photo
from tests import photo_files
from tests.factories import make_article, make_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


@pytest.fixture
def editor(client):
    client.force_login(User.objects.create_superuser("chef", password="x"))
    return client


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("photos", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_photos_of_earlier_articles_are_stored_and_failures_retried(http_server, media):
    # Ingested before photos were kept: rows pending, nothing stored.
    served = make_photo(make_article("Avant"), src=http_server.route("/a.jpg", body=photo_files.jpeg()))
    missing = make_photo(make_article("Plus tard"), src=http_server.url("/b.png"))
    assert run("--status")[0].strip() == "pending 2, stored 0, failed 0"

    out, err = run()
    assert out.strip() == "photos: stored 1, failed 1"
    assert f"photo not kept {missing.src} (article {missing.article_id}): HTTP 404 Not Found" in err
    served.refresh_from_db()
    assert served.state == Photo.STORED and served.image.width == 1200

    http_server.route("/b.png", body=photo_files.png(), content_type="image/png")
    assert run()[0].strip() == "photos: stored 0, failed 0"  # failures wait for --retry-failed
    assert run("--retry-failed")[0].strip() == "photos: stored 1, failed 0"
    assert run("--status")[0].strip() == "pending 0, stored 2, failed 0"


def test_the_admin_shows_the_stored_file_and_the_state_in_words(http_server, media, editor):
    stored = make_photo(make_article("Stockée"), src=http_server.route("/a.jpg", body=photo_files.jpeg()))
    broken = make_photo(make_article("Cassée"), src=http_server.route("/b.jpg", body=photo_files.truncated_jpeg()))
    run()
    stored.refresh_from_db()

    listing = editor.get(reverse("admin:articles_photo_changelist")).content.decode()
    assert f'src="{stored.image.thumb_jpeg}"' in listing
    assert "enregistrée (1200×800, jpeg)" in listing
    assert "en échec : image tronquée (fichier incomplet)" in listing
    page = editor.get(reverse("admin:articles_photo_change", args=[stored.pk])).content.decode()
    assert f'src="{stored.image.jpeg_src}"' in page and "w1600.webp" not in page and "w960.webp" in page

    # The editor's action tries the selected photos again: the publisher fixed its file.
    http_server.route("/b.jpg", body=photo_files.jpeg(900, 600))
    response = editor.post(
        reverse("admin:articles_photo_changelist"),
        {"action": "fetch_again", "_selected_action": [broken.pk]},
        follow=True,
    )
    assert "1 enregistrée(s), 0 en échec" in response.content.decode()
    broken.refresh_from_db()
    assert broken.state == Photo.STORED and broken.image.width == 900


def test_an_editor_changing_the_address_gets_the_new_image_downloaded(http_server, media, editor):
    photo = make_photo(make_article("Remplacée"), src=http_server.route("/a.jpg", body=photo_files.jpeg()))
    run()
    url = reverse("admin:articles_photo_change", args=[photo.pk])
    form = editor.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["src"] = http_server.route("/c.webp", body=photo_files.webp(), content_type="image/webp")
    assert editor.post(url, data).status_code == 302
    photo.refresh_from_db()
    assert photo.state == Photo.PENDING and photo.image is None
    run()
    photo.refresh_from_db()
    assert photo.image.format == "webp"
