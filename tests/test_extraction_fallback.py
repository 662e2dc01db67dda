"""A page that has an article never fails: when trafilatura keeps nothing, the JSON-LD articleBody or
the article's own paragraphs are the text, and the title, date, authors and photos are still given."""

import json

import pytest

from articles.extraction import ExtractionError, extract
from articles.extraction import core as extraction_core
from tests.sample_pages import PARAGRAPHS

URL = "https://gazette.test/2024/03/05/budget-ecoles"
TITLE = "Le budget des écoles voté après trois heures de débat"
FIGURE = (
    "<figure><img src='/img/maire.jpg' alt='Le maire'>"
    "<figcaption>Le maire à la tribune, le 5 mars. Photo AFP/Jean Durand</figcaption></figure>"
)


def json_ld(**fields):
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": TITLE,
        "datePublished": "2024-03-05T10:00:00+01:00",
        "author": {"@type": "Person", "name": "Claire Martin"},
        **fields,
    }
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def page(article, head=""):
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{TITLE}</title>{head}</head>'
        f"<body><main><article><h1>{TITLE}</h1>{article}</article></main></body></html>"
    )


def test_a_page_whose_text_only_its_json_ld_holds_gives_that_text_and_the_rest():
    # A page drawn by a script: the visible article is an empty box, the text is in the JSON-LD.
    html = page(f"{FIGURE}<div id='app'></div>", head=json_ld(articleBody="\n".join(PARAGRAPHS)))
    result = extract(html, URL)
    assert result.body.split("\n\n") == PARAGRAPHS
    assert result.title == TITLE
    assert result.published.isoformat() == "2024-03-05T10:00:00+01:00"
    assert result.authors == ["Claire Martin"]
    (photo,) = result.images
    assert photo.src == "https://gazette.test/img/maire.jpg"
    assert (photo.caption, photo.credit) == ("Le maire à la tribune, le 5 mars.", "AFP/Jean Durand")


def test_an_article_body_written_as_markup_gives_its_paragraphs():
    markup = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    result = extract(page("<div id='app'></div>", head=json_ld(articleBody=markup)), URL)
    assert result.body.split("\n\n") == PARAGRAPHS


def test_when_trafilatura_keeps_nothing_the_articles_own_paragraphs_are_the_text(monkeypatch):
    monkeypatch.setattr(extraction_core, "run_trafilatura", lambda tree, url: None)
    text = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    aside = "<aside><p>À lire aussi : le budget de 2023</p></aside>"
    html = page(f"<p class='byline'>Par Claire Martin</p>{FIGURE}<div class='text'>{text}</div>{aside}")
    result = extract(html, URL)
    assert result.body.split("\n\n") == PARAGRAPHS  # no byline, caption or aside in the text
    assert result.title == TITLE
    assert result.authors == ["Claire Martin"]
    assert [p.caption for p in result.images] == ["Le maire à la tribune, le 5 mars."]


def test_a_page_with_no_article_still_fails_with_its_reason(monkeypatch):
    monkeypatch.setattr(extraction_core, "run_trafilatura", lambda tree, url: None)
    with pytest.raises(ExtractionError, match="no article text found"):
        extract(page("<p>Connectez-vous pour lire la suite.</p>", head=json_ld(articleBody="Abonnez-vous.")), URL)
