"""Photos kept by the newsroom: downloaded from the local test server, resized, stored; bad ones refused."""

import re

import pytest
from django.core.files.storage import default_storage

from articles.models import Article, Photo, StoredImage
from articles.photos import store_photos
from articles.photos.verify import PhotoError, verify
from articles.pipeline.ingestion import ingest
from tests import photo_files
from tests.sample_pages import article_page

pytestmark = pytest.mark.django_db

PHOTOS = {  # path: (bytes, Content-Type)
    "/img/port.jpg": (photo_files.jpeg, "image/jpeg"),
    "/img/carte.png": (photo_files.png, "image/png"),
    "/img/stade.webp": (photo_files.webp, "image/webp"),
    "/img/casse.jpg": (photo_files.corrupt_jpeg, "image/jpeg"),
    "/img/dessin.svg": (lambda: photo_files.SVG_WITH_SCRIPT, "image/svg+xml"),
    "/img/bombe.png": (photo_files.png_bomb, "image/png"),
}
GOOD = ["/img/port.jpg", "/img/carte.png", "/img/stade.webp"]
REASONS = {
    "/img/casse.jpg": "photo_corrupt",
    "/img/dessin.svg": "photo_svg",
    "/img/bombe.png": "photo_too_many_pixels",
    "/img/absente.jpg": "http_status",  # not served: 404
}


@pytest.fixture
def photo_settings(settings, tmp_path):
    settings.NEWSROOM_PHOTOS_DOWNLOAD = True
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


def figures(base, paths):
    return "".join(
        f'<figure><img src="{base}{path}" alt="Vue {i}"><figcaption>Légende {i}. '
        f'<span class="credit">Photo AFP/Agence {i}</span></figcaption></figure>'
        for i, path in enumerate(paths)
    )


def serve_article(http_server, path, photo_paths, title="Le port reprend son activité"):
    for photo in photo_paths:
        if photo in PHOTOS:
            make, content_type = PHOTOS[photo]
            http_server.route(photo, body=make(), content_type=content_type)
    page = article_page(body=figures(http_server.base, photo_paths), title=title)
    page = page.replace("<head>", f'<head><link rel="canonical" href="{http_server.base}{path}">')
    return http_server.route(path, body=page.encode())


def image_urls(html):
    """Every image address a page or feed gives: src, srcset, og:image, enclosures."""
    found = re.findall(r'(?:src|href|content|url)="([^"]+\.(?:jpg|jpeg|png|webp|svg|gif)[^"]*)"', html)
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        found += [part.split()[0] for part in srcset.split(",")]
    return found


def test_good_photos_are_stored_with_renditions_bad_ones_get_a_reason(http_server, photo_settings, client):
    url = serve_article(http_server, "/article.html", [*GOOD, *REASONS])
    report = ingest([url])

    assert report.counts["created"] == 1  # the article goes in whatever its photos
    article = Article.objects.get()
    photos = {photo.src.removeprefix(http_server.base): photo for photo in article.photos.all()}
    assert len(photos) == len(GOOD) + len(REASONS)
    for path in GOOD:
        photo = photos[path]
        assert photo.state == Photo.STORED and photo.image is not None, path
        names = set(photo.image.renditions)
        assert {"thumb.webp", "thumb.jpg", "w480.webp", "w480.jpg"} <= names
        for name in [photo.image.original, *names]:
            assert default_storage.exists(f"photos/{photo.image.sha256[:2]}/{photo.image.sha256}/{name}")
    for path, code in REASONS.items():
        assert photos[path].state == Photo.FAILED and photos[path].error == code, path
        assert photos[path].image is None
    failures = {failure.src.removeprefix(http_server.base): failure for failure in report.photos.failures}
    assert {path: f.error.code for path, f in failures.items()} == REASONS
    assert "decompression bomb" in failures["/img/bombe.png"].reason
    assert "SVG" in failures["/img/dessin.svg"].reason
    assert "404" in failures["/img/absente.jpg"].reason
    assert report.photos.stored == len(GOOD)
    assert report.as_json()["photos"]["failed"] == len(REASONS)

    # What readers get: only the newsroom's own files, whatever the page named.
    remote = http_server.base.removeprefix("http://")
    for url in ["/", article.get_absolute_url(), "/flux/rss/", "/flux/atom/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        images = image_urls(response.content.decode())
        assert images, url
        assert not [image for image in images if remote in image], url
        assert remote not in response.headers.get("Content-Security-Policy", ""), url
    page = client.get(article.get_absolute_url()).content.decode()
    assert page.count("<picture>") == len(GOOD)
    assert 'type="image/webp"' in page and 'loading="lazy"' in page
    # The bad ones show as their words, no image: caption and credit in the placeholder.
    assert page.count("Photo non disponible") == len(REASONS)
    assert "Photo AFP/Agence 3" in page or "AFP/Agence 3" in page
    rss = client.get("/flux/rss/").content.decode()
    enclosure = dict(re.findall(r'(\w+)="([^"]*)"', re.search(r"<enclosure [^>]+>", rss).group()))
    served = client.get(enclosure["url"])
    assert enclosure["type"] == "image/jpeg" == served["Content-Type"]
    assert int(enclosure["length"]) == len(b"".join(served.streaming_content))
    assert "immutable" in served["Cache-Control"]


def test_the_same_image_is_stored_once_and_fetched_once(http_server, photo_settings):
    one = serve_article(http_server, "/un.html", ["/img/port.jpg"], title="Premier article sur le port")
    two = serve_article(http_server, "/deux.html", ["/img/port.jpg"], title="Second article sur le port")
    http_server.route("/img/copie.jpg", body=PHOTOS["/img/port.jpg"][0](), content_type="image/jpeg")
    three = serve_article(http_server, "/trois.html", ["/img/copie.jpg"], title="Troisième article, même photo")
    ingest([one, two, three])

    assert Photo.objects.filter(state=Photo.STORED).count() == 3
    assert StoredImage.objects.count() == 1  # same bytes under another URL: one file
    assert http_server.hits("/img/port.jpg") == 1


def test_a_stored_photo_survives_an_update_of_its_article(http_server, photo_settings):
    url = serve_article(http_server, "/article.html", ["/img/port.jpg"])
    ingest([url])
    serve_article(http_server, "/article.html", ["/img/port.jpg"], title="Le port reprend son activité, lentement")
    report = ingest([url])

    assert report.counts["updated"] == 1
    assert Photo.objects.get().state == Photo.STORED
    assert http_server.hits("/img/port.jpg") == 1


def test_failed_photos_are_retried_on_demand(http_server, photo_settings):
    url = serve_article(http_server, "/article.html", ["/img/plus-tard.jpg"])
    ingest([url])
    assert Photo.objects.get().error == "http_status"

    http_server.route("/img/plus-tard.jpg", body=photo_files.jpeg(), content_type="image/jpeg")
    assert store_photos().stored == 0  # failed photos wait for a retry
    assert store_photos(retry_failed=True).stored == 1
    assert Photo.objects.get().state == Photo.STORED


def test_without_downloads_photos_stay_pending(http_server, photo_settings):
    photo_settings.NEWSROOM_PHOTOS_DOWNLOAD = False
    ingest([serve_article(http_server, "/article.html", ["/img/port.jpg"])])
    assert Photo.objects.get().state == Photo.PENDING
    assert http_server.hits("/img/port.jpg") == 0


# --- verify(): what is a photo ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"<html><body>Not found</body></html>", "photo_not_an_image"),
        (b"", "photo_not_an_image"),
        (photo_files.SVG_WITH_SCRIPT, "photo_svg"),
        (b"<svg onload='alert(1)'></svg>", "photo_svg"),
        (photo_files.corrupt_jpeg(), "photo_corrupt"),
        (photo_files.truncated_jpeg(), "photo_truncated"),
        (photo_files.animated_gif(), "photo_animated"),
        (photo_files.png(8, 8), "photo_too_small"),
        (photo_files.encoded(photo_files.picture(64, 64), "BMP"), "photo_format_refused"),
    ],
)
def test_what_is_not_kept_and_why(content, code):
    with pytest.raises(PhotoError) as refused:
        verify(content)
    assert refused.value.code == code


def test_a_bomb_is_refused_from_its_header(settings):
    settings.NEWSROOM_PHOTO_MAX_PIXELS = 40_000_000
    with pytest.raises(PhotoError) as refused:
        verify(photo_files.png_bomb())
    assert refused.value.code == "photo_too_many_pixels"
    assert str(refused.value) == "image of 900 megapixels, more than the 40 allowed (a decompression bomb)"


def test_awkward_photos_are_made_upright_rgb():
    upright = verify(photo_files.rotated_jpeg(1200, 800))
    assert upright.image.size == (800, 1200)  # EXIF orientation 6 applied
    cmyk = verify(photo_files.cmyk_jpeg())
    assert cmyk.image.mode == "RGB"
    deep = verify(photo_files.png_16bit())
    assert deep.image.mode == "RGB"
    assert deep.image.getextrema()[0][1] > 200  # scaled to 8 bits, not clipped to black/white
    transparent = verify(photo_files.png())
    assert transparent.image.mode == "RGBA"


# --- The demo: its photos come from its own folder, and show on any host and port ------------


def test_the_demo_photos_are_stored_from_its_folder_and_served_on_any_port(photo_settings, client):
    report = ingest(["articles/demo/"])
    assert report.counts["failed"] == 0
    assert report.photos.failures == [] and report.photos.stored >= 14
    assert not Photo.objects.exclude(state=Photo.STORED).exists()
    article = Photo.objects.filter(is_main=True).first().article
    photo_settings.ALLOWED_HOSTS = ["127.0.0.1", "news.example.org"]
    for host in ("127.0.0.1:8200", "news.example.org"):
        html = client.get(article.get_absolute_url(), HTTP_HOST=host).content.decode()
        images = image_urls(html)
        photos = [url for url in images if not url.startswith("/static/")]
        assert photos and all(url.startswith(("/media/photos/", f"http://{host}/media/")) for url in photos), images
        assert client.get(photos[-1], HTTP_HOST=host).status_code == 200


@pytest.mark.parametrize("name", ["../README.md", "../../manage.py", "%2e%2e/README.md", "nope.jpg"])
def test_a_photo_directory_gives_only_its_own_files(photo_settings, name):
    from articles.photos.download import download
    from articles.pipeline.fetching import FetchError

    with pytest.raises(FetchError) as refused:
        download(f"https://www.quotidien-demo.example/photos/{name}")
    assert refused.value.code == "no_such_path"
