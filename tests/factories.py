"""Small factories for the models, so each test says only what matters to it."""

import itertools
from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, Photo, Section

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
    return Article.objects.create(
        title=title,
        slug=slugify(title)[:255],
        section=section,
        published_at=published_at or timezone.now() - timedelta(hours=n),
        **fields,
    )


def make_photo(article, *, position=0, is_main=True, **fields):
    fields.setdefault("src", f"https://images.quotidien-demo.example/{article.pk}-{position}.jpg")
    return Photo.objects.create(article=article, position=position, is_main=is_main, **fields)
