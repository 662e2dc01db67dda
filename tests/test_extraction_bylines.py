"""Authors: the persons the visible byline credits, over what the metadata says; names without the
job title, degree or e-mail glued to them; never a teaser's byline or a URL slug."""

import json

import pytest

from articles.extraction import extract
from articles.extraction.authors import clean_byline
from tests.sample_pages import PARAGRAPHS

URL = "https://gazette-nord.test/2024/03/05/budget"


def page(byline, author_meta="", before_text=""):
    text = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "author": author_meta})
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Le budget des écoles voté</title>'
        f'<script type="application/ld+json">{ld}</script></head>'
        f"<body><main><article><h1>Le budget des écoles voté</h1>{byline}{before_text}"
        f"<div class='text'>{text}</div></article></main></body></html>"
    )


def test_the_visible_byline_beats_a_cms_account_in_the_json_ld():
    html = page("<p class='signature'>Par Claire Martin et Paul Durand</p>", {"@type": "Person", "name": "webdesk2"})
    assert extract(html, URL).authors == ["Claire Martin", "Paul Durand"]


def test_a_byline_in_a_teaser_card_is_not_the_articles():
    card = "<a href='/autre'><div class='card'><span>Par Marc Petit</span> Les cantines attendront</div></a>"
    html = page("", {"@type": "Person", "name": "Claire Martin"}, before_text=card)
    assert extract(html, URL).authors == ["Claire Martin"]


def test_an_agency_in_the_byline_yields_to_a_person_the_metadata_names():
    html = page("<p>Par AFP</p>", {"@type": "Person", "name": "Claire Martin"})
    assert extract(html, URL).authors == ["Claire Martin"]


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Jane Roe, Staff Writer", ["Jane Roe"]),
        ("Von Max Muster Leitender Wirtschaftsredakteur", ["Max Muster"]),
        ("By Tania Brown Journalist", ["Tania Brown"]),
        ("By John Smith, PhD", ["John Smith"]),
        ("Par Claire Martin, envoyée spéciale", ["Claire Martin"]),
        ("By Jane Roe jane.roe@gazette-nord.test", ["Jane Roe"]),
        ("jane-roe", []),
        ("Gazette Staff", ["Gazette Staff"]),  # a desk signing is kept as it signs
        ("By Jane Roe, Editor-in-Chief", ["Jane Roe"]),
        ("By Jane Roe, Head of News, and John Doe", ["Jane Roe", "John Doe"]),
        ("Par Claire Martin, directrice de la rédaction", ["Claire Martin"]),
        ("By Jane Roe, Senior Editor-at-Large", ["Jane Roe"]),
        ("By Jane Roe, Reporter, Daily Gazette", ["Jane Roe"]),
        ("By Jane Roe, Senior Reporter, The Northern Gazette, and John Doe", ["Jane Roe", "John Doe"]),
        ("By Jane Roe, Reporter, John Doe, Editor", ["Jane Roe", "John Doe"]),
    ],
)
def test_what_is_glued_to_a_name_is_left_out(byline, names):
    assert clean_byline(byline) == names


def test_a_job_title_in_the_visible_byline_does_not_reach_the_authors():
    html = page("<div class='byline'>Von Max Muster Korrespondent</div>", {"@type": "Person", "name": "mmuster"})
    assert extract(html, URL).authors == ["Max Muster"]


def test_the_paper_named_after_a_job_title_in_the_byline_is_not_a_second_author():
    html = page("<p class='byline'>By Claire Martin, Reporter, Northern Herald</p>", {"@type": "Person", "name": "cm"})
    assert extract(html, URL).authors == ["Claire Martin"]


def site_signed_page(first_line):
    text = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "author": {"name": "Gazette du Nord"}})
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Le budget des écoles voté</title>'
        f'<meta property="og:site_name" content="Gazette du Nord"><script type="application/ld+json">{ld}</script>'
        "</head><body><main><article><h1>Le budget des écoles voté</h1>"
        "<div class='meta'>by <a href='/author/gazette'>Gazette du Nord</a></div>"
        f"<div class='entry-content'>{first_line}{text}</div></article></main></body></html>"
    )


def test_when_only_the_site_signs_a_bold_line_of_names_opening_the_text_credits_the_persons():
    html = site_signed_page("<p><strong>Claire Martin/Paul Durand</strong></p>")
    assert extract(html, URL).authors == ["Claire Martin", "Paul Durand"]


def test_a_bold_sentence_opening_the_text_names_nobody():
    html = site_signed_page("<p><strong>Le conseil a tranché.</strong></p>")
    assert extract(html, URL).authors == ["Gazette du Nord"]


def test_a_written_by_byline_linked_to_the_authors_page_beats_metadata_listing_the_photographer_too():
    byline = (
        "<div class='byline'><a href='/fr/author/claire-martin'><span>Written by "
        "<span class='name'>Claire Martin</span></span></a></div>"
        "<div class='credits'><span>Photographed by <span>Paul Durand</span></span>; "
        "<span>Styled by <span>Léa Roux</span></span></div>"
    )
    html = page(byline, [{"@type": "Person", "name": n} for n in ("Claire Martin", "Paul Durand", "Léa Roux")])
    assert extract(html, URL).authors == ["Claire Martin"]


def test_a_by_line_linked_to_another_story_is_still_a_teaser():
    card = "<div><a href='/2024/03/04/cantines'><span>Par Marc Petit</span> Les cantines attendront</a></div>"
    html = page("", {"@type": "Person", "name": "Claire Martin"}, before_text=card)
    assert extract(html, URL).authors == ["Claire Martin"]
