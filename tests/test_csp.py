"""Issue 15, findings 1 and 2: the Content-Security-Policy names only well-formed image hosts, and
stays small whatever was ingested."""

import re

import pytest
from django.urls import reverse

from articles.models import Photo
from newsroom.csp import MAX_IMAGE_HOSTS, image_sources
from tests.factories import make_article, make_photo, make_stored_photo

pytestmark = pytest.mark.django_db

# What a browser knows of CSP level 3; anything else in the header was written by someone else.
DIRECTIVES = {
    "default-src",
    "script-src",
    "style-src",
    "img-src",
    "font-src",
    "connect-src",
    "object-src",
    "base-uri",
    "form-action",
    "frame-ancestors",
}
WELL_FORMED = re.compile(r"https?://[a-z0-9.-]+(:\d+)?")
HOSTILE_SRCS = [
    "https://evil.example;script-src-elem 'unsafe-inline';x/photo.jpg",
    "https://evil.example script-src-elem 'unsafe-inline'/photo.jpg",
    "https://evil.example,script-src-elem/photo.jpg",
    "https://evil.example'unsafe-inline'/photo.jpg",
    "https://evil.example:443;script-src-elem/photo.jpg",
    "https://evil_example.com/photo.jpg",
]


def policy(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value.split()
    return header, directives


def pages(article):
    return ["/", article.section.get_absolute_url() if article.section else "/", article.get_absolute_url()]


@pytest.mark.parametrize("src", HOSTILE_SRCS)
def test_csp_host_with_semicolon_is_never_written_into_the_header(client, src):
    article = make_article("Une photo à l'adresse piégée")
    make_photo(article, src=src)
    make_photo(article, src="https://images.example.net/ok.jpg", position=1, is_main=False)
    for url in ("/", article.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200
        header, directives = policy(response)
        assert set(directives) <= DIRECTIVES, header
        assert directives["script-src"] == ["'self'"]
        assert "unsafe-inline" not in header and "evil" not in header
        assert directives["img-src"][0] == "'self'"
        assert all(WELL_FORMED.fullmatch(source) for source in directives["img-src"][1:]), header


def test_csp_international_host_names_are_written_in_their_idna_form(client, settings):
    settings.MEDIA_URL = "https://Bücher.example:8443/media/"  # photos on a storage of their own host
    article = make_article("Photo d'un site au nom accentué")
    make_stored_photo(article)
    _, directives = policy(client.get(article.get_absolute_url()))
    assert directives["img-src"] == ["'self'", "https://xn--bcher-kva.example:8443"]


def test_csp_names_no_publisher_whatever_was_ingested(client):
    # Photos are shown from the newsroom's storage only: three thousand publishers' hosts in the
    # rows, none in the header, and the header stays the site's own.
    article = make_article("Trois mille photos de trois mille sites")
    long_label = "x" * 60
    Photo.objects.bulk_create(
        Photo(article=article, position=n, is_main=n == 0, src=f"https://{long_label}.{n}.{long_label}.example/{n}.jpg")
        for n in range(3000)
    )
    for n in range(MAX_IMAGE_HOSTS + 1):
        make_photo(make_article(f"Article {n}"), src=f"http://images{n}.example/{n}.jpg")
    for url in (article.get_absolute_url(), reverse("articles:home")):
        response = client.get(url)
        assert response.status_code == 200
        header, directives = policy(response)
        assert directives["img-src"] == ["'self'"], header
        assert "example" not in header


def test_csp_stored_photos_need_nothing_but_self(client):
    for n in range(3):
        make_stored_photo(make_article(f"Article {n}"))
    response = client.get(reverse("articles:home"))
    assert response.content.decode().count("/media/photos/") >= 3
    _, directives = policy(response)
    assert directives["img-src"] == ["'self'"]


def test_csp_image_hosts_stay_bounded():
    # The storage's host is the one a page names; the bound still holds for any list of hosts.
    hosts = [f"https://images{n}.example" for n in range(MAX_IMAGE_HOSTS + 1)]
    assert image_sources(hosts) == ["https:"]
    assert image_sources(hosts[:3]) == hosts[:3]
