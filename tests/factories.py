"""Small factories for the models and the extractor's results, so each test says only what matters to it."""

import itertools
from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from articles.extraction import ExtractedArticle, ExtractedImage
from articles.models import Article, Photo, Section, StoredImage
from articles.pipeline.writing import save_article
from articles.search import index_article
from articles.slugs import slug
from tests.sample_pages import DEMO_SITE

_counter = itertools.count(1)


def make_section(name=None, **fields):
    name = name or f"Rubrique {next(_counter)}"
    fields.setdefault("slug", slugify(name))
    return Section.objects.create(name=name, **fields)


def make_article(title=None, *, section=None, published_at=None, **fields):
    n = next(_counter)
    title = title or f"Article numéro {n}"
    fields.setdefault("canonical_url", f"https://www.quotidien-demo.example/article-{n}")
    fields.setdefault("source_url", fields["canonical_url"])
    fields.setdefault("lead", f"Le chapô de l'article {n}.")
    fields.setdefault("body_html", f"<p>Le corps de l'article {n}.</p>")
    fields.setdefault("body_text", f"Le corps de l'article {n}.")
    fields.setdefault("fingerprint", f"{n:064x}")
    fields.setdefault("language", "fr")  # the demo site's articles; search stems each in its own language
    return Article.objects.create(
        title=title,
        slug=slug(title, 255),
        section=section,
        published_at=published_at or timezone.now() - timedelta(hours=n),
        **fields,
    )


def make_photo(article, *, position=0, is_main=True, **fields):
    fields.setdefault("src", f"https://images.quotidien-demo.example/{article.pk}-{position}.jpg")
    return Photo.objects.create(article=article, position=position, is_main=is_main, **fields)


def stored_image(width=1200, height=800):
    """A StoredImage row as articles.photos writes it (its files are not needed to render a page)."""
    n = next(_counter)
    widths = [w for w in (480, 960, 1600) if w < width] or [width]
    files = {f"w{w}.{ext}": [w, round(height * w / width), 1000 + w] for w in widths for ext in ("webp", "jpg")}
    files |= {"thumb.webp": [320, 214, 900], "thumb.jpg": [320, 214, 1200]}
    return StoredImage.objects.create(
        sha256=f"{n:064x}",
        original="original.jpg",
        format="jpeg",
        width=width,
        height=height,
        size=50_000,
        renditions=files,
    )


def make_stored_photo(article, **fields):
    """A photo the newsroom has stored, shown from its own files."""
    return make_photo(article, image=stored_image(), state=Photo.STORED, **fields)


def indexed(title, **fields):
    """An article (with a photo if `photo` holds its fields) in the search index."""
    photo = fields.pop("photo", None)
    article = make_article(title, **fields)
    if photo:
        make_photo(article, **photo)
    index_article(article)
    return article


def titles(response):
    """The titles a listing page shows, in order."""
    return [article.title for article in response.context["articles"]]


URL = DEMO_SITE + "/monde/sommet.html"


def extracted(**fields):
    """An ExtractedArticle, as the extractor returns it, with `fields` changed."""
    fields = {
        "title": "Sommet de Genève : un accord a minima",
        "url": URL,
        "canonical_url": URL,
        "section": "Monde",
        "authors": ["Claire Moreau"],
        "lead": "Les délégations se sont quittées sans texte commun.",
        "body": "Premier paragraphe.\n\nSecond paragraphe.",
        "body_html": "<p>Premier paragraphe.</p><p>Second paragraphe.</p>",
        "images": [ExtractedImage(src=DEMO_SITE + "/img/geneve.jpg", caption="Le palais des Nations", is_main=True)],
        **fields,
    }
    return ExtractedArticle(**fields)


def save(article):
    """Write an ExtractedArticle through the ingestion service's writing step."""
    return save_article(article, html="<html><p>page</p></html>", fetched_url=article.url)
