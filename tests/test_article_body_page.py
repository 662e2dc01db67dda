"""An article's body under the page's h1: headings from h2 without skipping, no empty links,
and the neighbours pointing the timeline's way ("→" is older, as "Plus anciens →")."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.bodies import outline, page_body
from articles.sanitize import sanitize_html
from tests.factories import make_article, make_section


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("<h3>a</h3><h4>b</h4><h3>c</h3>", "<h2>a</h2><h3>b</h3><h2>c</h2>"),
        ("<h4>a</h4><h2>b</h2><h4>c</h4>", "<h2>a</h2><h2>b</h2><h3>c</h3>"),
        ("<h2>a</h2><h4>b</h4>", "<h2>a</h2><h3>b</h3>"),
        ("<p>no heading</p>", "<p>no heading</p>"),
    ],
)
def test_headings_start_at_h2_and_never_skip_a_level(stored, shown):
    assert outline(stored) == shown


def test_a_link_left_empty_by_a_removed_image_is_dropped():
    stored = sanitize_html(
        '<p>Texte <a href="https://x.example/">lien</a>.</p>'
        '<p><a href="https://x.example/photo.jpg"><img src="https://x.example/photo.jpg"></a></p>'
        '<p>Fin <a href="https://x.example/2"> <br> </a><a href="https://x.example/3"><strong></strong></a></p>'
    )
    assert stored.count("<a ") == 4  # sanitising keeps the links, without their images
    shown = page_body(stored)
    assert re.findall(r"<a [^>]*>([^<]*)</a>", shown) == ["lien"]
    assert shown.endswith("<p>Fin </p>")


@pytest.mark.django_db
def test_the_article_page_shows_the_outline_and_the_timelines_directions(client):
    section = make_section("Monde")
    now = timezone.now()
    older = make_article("Plus ancien", section=section, published_at=now - timedelta(hours=3))
    article = make_article(
        "Au milieu",
        section=section,
        published_at=now - timedelta(hours=2),
        body_html='<h3>Contexte</h3><p>Un.</p><h4>Détail</h4><p><a href="https://x.example/"></a>Deux.</p>',
    )
    newer = make_article("Plus récent", section=section, published_at=now - timedelta(hours=1))
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<h2>Contexte</h2><p>Un.</p><h3>Détail</h3><p>Deux.</p>" in html
    older_link = re.search(r'<a class="neighbours__older" rel="next" href="([^"]+)">.*?</a>', html).group(0)
    assert older.get_absolute_url() in older_link and "Plus ancien →" in older_link
    newer_link = re.search(r'<a class="neighbours__newer" rel="prev" href="([^"]+)">.*?</a>', html).group(0)
    assert newer.get_absolute_url() in newer_link and "← Plus récent" in newer_link
    # The timeline's own words: the arrow pointing right goes to older stories there too.
    for n in range(31):
        make_article(f"Remplissage {n}", section=section, published_at=now - timedelta(days=1, minutes=n))
    assert 'rel="next" href="?page=2">Plus anciens →</a>' in client.get(section.get_absolute_url()).content.decode()
