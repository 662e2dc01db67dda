"""Photos where they stand in the story, as figures with their captions, each file once."""

import pytest

from articles.blocks import top_level
from articles.extraction import ExtractedImage, extract
from articles.extraction.images import same_rendition
from articles.models import Photo
from tests.factories import DEMO_SITE, extracted, make_article, make_photo, save
from tests.sample_pages import GAZETTE_URL, PARAGRAPHS, article_page

P0, P1, P2, P3 = PARAGRAPHS


def test_a_body_is_cut_into_its_top_level_blocks_as_stored():
    html = (
        '<p>Un <a href="https://a.test/?x=1&amp;y=2">lien</a><br>suite</p>\n<h2>Titre</h2><ul><li>a</li><li>b</li></ul>'
    )
    assert top_level(html) == [
        '<p>Un <a href="https://a.test/?x=1&amp;y=2">lien</a><br>suite</p>',
        "\n<h2>Titre</h2>",
        "<ul><li>a</li><li>b</li></ul>",
    ]
    assert "".join(top_level(html)) == html
    assert top_level("<p>ouvert<p>jamais fermé") == ["<p>ouvert<p>jamais fermé"]  # one block: photos go after
    assert top_level("<p>a</p></div><p>b</p>") == ["<p>a</p></div><p>b</p>"]
    assert top_level("") == []


def story(paragraphs):
    """An article page whose text holds `paragraphs`, photos and all (no separate text block)."""
    return article_page(body="".join(paragraphs), paragraphs=[])


def test_extraction_says_where_each_photo_stands_and_keeps_each_file_once():
    page = story(
        [
            "<figure><img src='/img/facade.jpg' alt=''>"
            "<figcaption>La façade de l'école. Photo AFP</figcaption></figure>",
            f"<p>{P0}</p>",
            "<figure><img src='/img/chantier.jpg' alt=''>"
            "<figcaption>Le chantier de l'an dernier.</figcaption></figure>",
            f"<p>{P1}</p><p>{P2}</p>",
            "<figure><img src='/img/cantine-300x200.jpg' srcset='/img/cantine-300x200.jpg 300w' alt=''>"
            "<figcaption>La cantine de l'école Jules-Ferry.</figcaption></figure>",
            f"<p>{P3}</p>",
            # The same file, larger, in the page's lightbox: no caption, shown once already.
            "<a href='/img/cantine-1024x683.jpg'><img src='/img/cantine-1024x683.jpg' alt=''></a>",
        ]
    )
    article = extract(page, GAZETTE_URL)
    # The first paragraph is the chapô, shown above the body: a photo after it stands first in the body.
    assert article.lead.startswith(P0[:40])
    assert len(top_level(article.body_html)) == 3
    placed = [(im.src.rsplit("/", 1)[-1], im.is_main, im.position, im.caption) for im in article.images]
    assert placed == [
        ("facade.jpg", True, None, "La façade de l'école."),
        ("chantier.jpg", False, 0, "Le chantier de l'an dernier."),
        ("cantine-300x200.jpg", False, 2, "La cantine de l'école Jules-Ferry."),
    ]


def test_a_captioned_copy_lends_its_caption_and_place_to_a_bare_one():
    page = story(
        [
            "<figure><img src='/img/facade.jpg' alt=''><figcaption>La façade.</figcaption></figure>",
            f"<p>{P0}</p>",
            "<img src='/img/cour.jpg?w=400' alt=''>",  # a thumbnail of the photo shown below
            f"<p>{P1}</p><p>{P2}</p>",
            "<figure><img src='/img/cour.jpg?w=1600' alt=''><figcaption>La cour de récréation.</figcaption></figure>",
            f"<p>{P3}</p>",
        ]
    )
    (_, cour) = extract(page, GAZETTE_URL).images
    assert (cour.caption, cour.position) == ("La cour de récréation.", 2)


@pytest.mark.django_db
def test_the_place_is_stored_with_the_photo():
    main = ExtractedImage(src=DEMO_SITE + "/img/une.jpg", is_main=True)
    inside = ExtractedImage(src=DEMO_SITE + "/img/milieu.jpg", caption="Au milieu", position=2)
    nowhere = ExtractedImage(src=DEMO_SITE + "/img/fin.jpg", caption="Ailleurs", position=40000)
    _, article_id = save(extracted(images=[main, inside, nowhere]))
    stored = {p.src.rsplit("/", 1)[-1]: p.body_position for p in Photo.objects.filter(article_id=article_id)}
    assert stored == {"une.jpg": None, "milieu.jpg": 2, "fin.jpg": None}


@pytest.mark.django_db
def test_an_article_page_shows_each_photo_in_its_place_as_a_captioned_figure(client):
    body = "".join(f"<p>Paragraphe {i}.</p>" for i in range(1, 5))
    article = make_article(body_html=body, lead="")
    make_photo(article, src="https://img.test/une.jpg", caption="La une")
    make_photo(
        article,
        position=1,
        is_main=False,
        src="https://img.test/a/milieu.jpg?w=800",
        body_position=2,
        caption="Au milieu",
        credit="AFP/JEAN DUPONT",
    )
    make_photo(article, position=2, is_main=False, src="https://img.test/fin.jpg", caption="Sans place")
    # The same file as "Au milieu" in another size, uncaptioned: shown once.
    make_photo(article, position=3, is_main=False, src="https://img.test/a/milieu.jpg?w=200", body_position=3)
    html = client.get(article.get_absolute_url()).content.decode()
    body_html = html[html.index('class="article__body"') : html.index('class="article__source"')]
    order = [
        "Paragraphe 1",
        "Paragraphe 2",
        "Au milieu",
        "Photo AFP/JEAN DUPONT",
        "Paragraphe 3",
        "Paragraphe 4",
        "Sans place",
    ]
    positions = [body_html.index(text) for text in order]
    assert positions == sorted(positions)
    assert body_html.count("<figure") == 2 and html.count("<figure") == 3
    assert "milieu.jpg?w=200" not in html
    middle = body_html[body_html.index("<figure") :]
    assert middle.index("<figcaption>") < middle.index(">Au milieu</span>") < middle.index("</figure>")


@pytest.mark.parametrize(
    ("url", "other", "same"),
    [
        ("https://img.test/a/ecole-300x200.jpg", "https://img.test/a/ecole-1024x683.jpg", True),
        ("https://img.test/a/ecole.jpg?w=400&q=70", "https://img.test/a/ecole.jpg?w=1600", True),
        ("http://img.test/a/ecole-scaled.jpg", "https://img.test/a/ecole.jpg", True),
        ("https://img.test/a/ecole-0~768x432", "https://img.test/a/ecole-0~1152x1296", True),
        # Photos of a series, numbered: each one is a photo of its own.
        ("https://img.test/a/confiture-11.jpg", "https://img.test/a/confiture-12.jpg", False),
        ("https://img.test/photo.php?id=5&w=300", "https://img.test/photo.php?id=6&w=300", False),
        ("https://img.test/1/image.jpg", "https://img.test/2/image.jpg", False),
    ],
)
def test_two_renditions_of_one_file_are_one_photo_but_a_series_is_not(url, other, same):
    assert same_rendition(url, other) is same


@pytest.mark.django_db
def test_photos_keep_their_place_when_the_page_outlines_the_body_and_drops_empty_links(client):
    body = '<h4>Intertitre</h4><p>Avant.</p><p><a href="https://img.test/x.jpg"></a></p><p>Après.</p>'
    article = make_article(body_html=body, lead="")
    make_photo(article, is_main=False, src="https://img.test/b.jpg", body_position=3, caption="Entre les deux")
    html = client.get(article.get_absolute_url()).content.decode()
    shown = html[html.index('class="article__body"') : html.index('class="article__source"')]
    assert "<h2>Intertitre</h2>" in shown and "<h4>" not in shown and "<a href" not in shown
    assert shown.index("Avant.") < shown.index(">Entre les deux</span>") < shown.index("Après.")
