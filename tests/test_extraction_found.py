"""trafilatura's metadata searched in the page's markup only for what extract() will read on this page:
its byline when no other byline names anyone, its categories when the page names no section."""

import itertools

from articles.extraction import extract
from articles.extraction.authors import article_authors, needs_byline
from articles.extraction.metadata import PageMetadata
from tests.sample_pages import PARAGRAPHS

URL = "https://gazette-nord.test/2024/03/05/budget"
SITE = "Gazette Nord"


def test_the_authors_depend_on_the_markup_byline_exactly_when_needs_byline_says_so():
    differs = 0
    for authors, shown, organisations, signing, opening in itertools.product(
        ([], ["Claire Martin"], ["AFP"], [SITE]),
        ([], ["Paul Durand"], [SITE], ["Reuters"]),
        ([], [SITE]),
        ([], [SITE]),
        ([], ["Luc Petit"]),
    ):
        md = PageMetadata(authors=authors, organisations=organisations, organisation_authors=signing)
        answers = {
            tuple(article_authors(md, shown, lambda byline=byline: byline, lambda: opening))
            for byline in (None, "Jeanne Roux", "AFP", "Jeanne Roux; Marc Blanc", SITE)
        }
        # Searched for nothing, and never missed: the page's markup is searched only when its byline changes the answer.
        assert needs_byline(md, shown) == (len(answers) > 1), (md, shown)
        differs += len(answers) > 1
    assert 0 < differs < 128  # both answers occur


def page(byline="", head="", body_end=""):
    text = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Le budget des écoles voté</title>'
        f"{head}</head><body><main><article><h1>Le budget des écoles voté</h1>{byline}"
        f"<div class='text'>{text}</div>{body_end}</article></main></body></html>"
    )


MARKUP_BYLINE = "<div class='author-name'>Jeanne Roux</div>"
CATEGORY_LINKS = "<div class='post-meta'><a href='https://gazette-nord.test/category/education/'>Éducation</a></div>"


def test_the_markup_byline_and_categories_are_still_read_when_nothing_else_names_them():
    extracted = extract(page(body_end=MARKUP_BYLINE + CATEGORY_LINKS), URL)
    assert (extracted.authors, extracted.section) == (["Jeanne Roux"], "Éducation")


def test_the_page_s_own_byline_and_section_win_over_the_markup_s():
    head = "<meta property='article:section' content='Société'><meta name='author' content='Claire Martin'>"
    extracted = extract(page(head=head, body_end=MARKUP_BYLINE + CATEGORY_LINKS), URL)
    assert (extracted.authors, extracted.section) == (["Claire Martin"], "Société")
