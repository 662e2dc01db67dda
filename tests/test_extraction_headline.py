"""The title is the headline the page displays: its article's visible <h1> (or the element marked as
the headline) over any metadata, without the kicker above it; never a breadcrumb, bar or hidden logo."""

import json

import pytest

from articles.extraction import extract
from tests.sample_pages import PARAGRAPHS

URL = "https://gazette-nord.test/2024/03/05/budget"
HEADLINE = "Le budget des écoles voté après trois heures de débat"


def page(header, headline_meta="", og_title="", before=""):
    text = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": headline_meta})
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{og_title or HEADLINE} | Gazette</title>'
        f'<meta property="og:title" content="{og_title}"><script type="application/ld+json">{ld}</script></head>'
        f"<body>{before}<main><article><header>{header}</header><div class='text'>{text}</div></article></main>"
        "</body></html>"
    )


def test_the_displayed_h1_beats_a_json_ld_headline_worded_otherwise():
    html = page(f"<h1>{HEADLINE}</h1>", headline_meta="Budget 2024 : la ville investit dans ses écoles")
    assert extract(html, URL).title == HEADLINE


def test_a_kicker_marked_in_the_headline_is_left_out_with_its_separator():
    h1 = (
        "<h1 class='article-title'><span class='article-title__kicker'>Exklusiv</span>"
        f"<span class='article-title__separator'>: </span><span class='article-title__headline'>{HEADLINE}</span></h1>"
    )
    result = extract(page(h1, headline_meta=f"Exklusiv: {HEADLINE}"), URL)
    assert result.title == HEADLINE
    assert "Exklusiv" not in result.body  # nor is the headline with its kicker read as a paragraph


def test_a_first_span_the_metadata_leaves_out_is_a_kicker():
    h1 = f"<h1> <span>Conseil municipal</span>{HEADLINE}</h1>"
    assert extract(page(h1, headline_meta=HEADLINE), URL).title == HEADLINE


def test_a_lead_in_that_the_metadata_keeps_stays_in_the_headline():
    h1 = "<h1><span class='red'>Conseil municipal :</span>le budget des écoles voté après trois heures</h1>"
    title = "Conseil municipal : le budget des écoles voté après trois heures"
    assert extract(page(h1, headline_meta=title), URL).title == title


def test_an_h1_in_the_breadcrumb_gives_way_to_the_marked_headline_without_its_kicker():
    crumbs = "<ol class='breadcrumb'><li><a href='/'>Accueil</a></li><li><h1>Le budget des écoles voté</h1></li></ol>"
    header = (
        "<h2><span class='article-kicker'>Conseil municipal</span>"
        f"<span class='article-headline' itemprop='headline'>{HEADLINE}</span></h2>"
    )
    html = page(header, og_title=f"Conseil municipal : {HEADLINE}", before=crumbs)
    assert extract(html, URL).title == HEADLINE


def test_a_sticky_bar_or_hidden_h1_is_not_the_headline():
    before = (
        "<div class='sticky-header'><h1>Ce que le vote du budget change pour vos enfants</h1></div>"
        "<h1 class='sr-only'>La Gazette du Nord, le quotidien de la région</h1>"
    )
    html = page(f"<h2 itemprop='headline'>{HEADLINE}</h2>", og_title="Ce que le vote change", before=before)
    assert extract(html, URL).title == HEADLINE


def test_a_wrapper_that_clips_its_overflow_hides_nothing():
    # Utility classes: "overflow-hidden" clips what spills out, the headline inside is shown.
    header = f"<div class='relative overflow-hidden lg:overflow-x-hidden'><h1>{HEADLINE}</h1></div>"
    html = page(header, headline_meta="Budget 2024 : la ville investit dans ses écoles")
    assert extract(html, URL).title == HEADLINE


def test_an_h1_outside_the_article_yields_to_the_one_inside():
    before = "<div class='page-top'><h1>Toute l'actualité de la région Nord</h1></div>"
    assert extract(page(f"<h1>{HEADLINE}</h1>", before=before), URL).title == HEADLINE


def test_headline_spans_in_japanese_are_joined_without_a_space():
    h1 = (
        "<h1 class='title'><span class='title__maintext'>新しいノートパソコンを比較してみた</span>"
        "<i class='title__delimiter'>：</i><i class='title__subtitle'>さらば平成</i></h1>"
    )
    assert extract(page(h1), URL).title == "新しいノートパソコンを比較してみた：さらば平成"


def test_an_h2_made_of_a_kicker_and_the_headline_is_the_headline_when_the_h1_is_a_bar():
    bar = "<nav class='top'><h1>Les dernières infos de la région Nord en continu</h1></nav>"
    header = f"<h2><span class='story-kicker'>Conseil municipal</span><span>{HEADLINE}</span></h2>"
    html = page(header, headline_meta=f"Conseil municipal : {HEADLINE}", before=bar)
    assert extract(html, URL).title == HEADLINE


def test_a_kicker_set_on_its_own_line_by_the_markup_alone_is_left_out():
    crumbs = "<nav class='top'><ul><li><h1>Le budget des écoles voté : ce qui change</h1></li></ul></nav>"
    header = (
        "<h2><span class='block font-bold text-l'>Conseil municipal</span>"
        f"<span class='font-extrabold text-7xl'><span>{HEADLINE}</span></span></h2>"
    )
    html = page(header, headline_meta=f"Conseil municipal : {HEADLINE}", before=crumbs)
    assert extract(html, URL).title == HEADLINE


def test_a_kicker_closed_by_a_colon_in_a_span_of_its_own_is_left_out():
    h1 = f"<h1><span class='c-red'>Exklusiv:</span> <span class='c-big'>{HEADLINE}</span></h1>"
    assert extract(page(h1, headline_meta=f"Exklusiv: {HEADLINE}"), URL).title == HEADLINE


@pytest.mark.parametrize("first, second", [("title-main", "title-sub"), ("block", "block dek")])
def test_a_title_and_subtitle_in_spans_of_their_own_stay_one_headline(first, second):
    h1 = (
        f"<h1><span class='{first}'>Le budget des écoles voté :</span> "
        f"<span class='{second}'>trois heures de débat au conseil municipal</span></h1>"
    )
    title = "Le budget des écoles voté : trois heures de débat au conseil municipal"
    assert extract(page(h1, headline_meta=title), URL).title == title
