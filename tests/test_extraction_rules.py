"""General rules the extractor follows on real pages, each on a small hand-written page."""

from articles.extraction import decode_html, extract
from tests.sample_pages import PARAGRAPHS, article_page

URL = "https://gazette.test/a/rules"
MORE = [
    "Le chantier du gymnase, lui, attendra la fin de l'année scolaire : la mairie veut d'abord connaître le "
    "montant exact des subventions régionales promises au printemps.",
    "Une réunion publique est prévue le mois prochain pour présenter le calendrier aux habitants du quartier, "
    "qui pourront poser leurs questions aux architectes chargés du projet.",
    "Le maire a enfin rappelé que la ville restait l'une des moins endettées du département, malgré les "
    "investissements engagés depuis le début du mandat pour les équipements sportifs.",
]


def test_utf8_bytes_under_a_latin_1_declaration_are_read_as_utf8():
    html = '<html><head><meta charset="iso-8859-1"></head><body><p>Günstige Tarife für alle</p></body></html>'
    assert decode_html(html.encode("utf-8")) == html


def test_a_prose_paragraph_with_a_paywall_class_stays_in_the_body():
    paragraphs = [*PARAGRAPHS[:2], f"<p class='paywall'>{MORE[0]}</p>"]
    page = article_page(paragraphs=paragraphs).replace("<p><p class='paywall'>", "<p class='paywall'>")
    result = extract(page, URL)
    assert MORE[0] in result.body


def test_a_gated_block_of_prose_paragraphs_is_the_rest_of_the_article():
    gated = "<div class='paywall'>" + "".join(f"<p>{p}</p>" for p in MORE) + "</div>"
    result = extract(article_page().replace("</article>", gated + "</article>"), URL)
    assert all(p in result.body for p in MORE)


def test_a_block_named_both_sidebar_and_article_body_is_the_article():
    page = article_page().replace("<div class='text'>", "<div class='l-sidebar-fixed l-article-body-segment'>")
    result = extract(page, URL)
    assert PARAGRAPHS[2] in result.body


def test_a_related_box_of_linked_teasers_is_still_furniture():
    teasers = "".join(f"<p><a href='/autre/{i}'>{p}</a></p>" for i, p in enumerate(MORE))
    page = article_page().replace("</article>", f"<div class='related'>{teasers}</div></article>")
    assert teasers in page  # the replace happened: the assertion below can fail
    result = extract(page, URL)
    assert MORE[0] not in result.body


def test_a_headline_block_with_a_caption_class_is_not_a_caption():
    header = (
        "<div class='articleheader hascaption'><h1>Le budget des écoles voté</h1>"
        "<figure><img src='/photo-ecole.jpg' width='800' height='500'></figure>"
        "<h2 class='subtitle'>La majorité a fait voter un budget en hausse malgré l'opposition.</h2></div>"
    )
    page = article_page().replace("<h1>Le budget des écoles voté</h1>", header)
    result = extract(page, URL)
    assert result.lead == "La majorité a fait voter un budget en hausse malgré l'opposition."
    assert PARAGRAPHS[0] in result.body


def test_a_byline_and_dateline_box_under_the_headline_is_not_the_lead():
    byline = "<div class='meta-row'>By Alex Morgan Updated Nov. 19, 2019 8:21 am ET / Original 8:02 am ET</div>"
    page = article_page(lang="en").replace("<h1>", "<header><h1>").replace("</h1>", f"</h1>{byline}</header>")
    assert byline in page  # the replace happened: the assertion below can fail
    result = extract(page, URL)
    assert "Alex Morgan" not in result.lead


def _authors(head="", body="", lang="en", url="https://gazette.test/a/byline"):
    return extract(article_page(head=head, body=body, lang=lang), url).authors


def test_an_agency_signing_alone_is_the_author_but_not_after_a_person():
    assert _authors('<meta name="author" content="Associated Press">') == ["Associated Press"]
    assert _authors('<meta name="author" content="Jane Roe, AFP">') == ["Jane Roe"]


def test_the_article_author_beats_a_meta_author_naming_the_publisher():
    head = '<meta name="author" content="Big Media Group"><meta property="article:author" content="Emma Stone-Hill">'
    assert _authors(head) == ["Emma Stone-Hill"]


def test_microdata_author_name():
    body = "<div itemprop='author' itemscope><span itemprop='name'>Nora Quist</span> <a href='/x'>Twitter</a></div>"
    assert _authors(body=body) == ["Nora Quist"]


def test_the_site_signs_only_when_no_person_is_named():
    head = '<meta property="og:site_name" content="Gazette Daily"><meta name="author" content="Gazette Daily">'
    assert _authors(head) == ["Gazette Daily"]
    assert _authors(head, body="<p class='meta'>By <a href='/p/jo'>Jo March</a></p>") == ["Jo March"]


def test_visible_byline_under_the_headline_in_several_languages():
    assert _authors(body="<div><span>By </span><a href='/p'>Teresa Nowak</a></div>") == ["Teresa Nowak"]
    assert _authors(body="<p>Par Jean Dupont et Marie Curie</p>", lang="fr") == ["Jean Dupont", "Marie Curie"]
    assert _authors(body="<p>Von Max Muster</p>", lang="de") == ["Max Muster"]
    assert _authors(body="<p>Di 27. Januar 2026</p>", lang="de") == []


def test_byline_cleanup_last_first_initials_months_and_social_links():
    from articles.extraction.authors import clean_byline

    assert clean_byline("Gillman, Steve") == ["Steve Gillman"]
    assert clean_byline("Laura E. Adkins") == ["Laura E. Adkins"]
    assert clean_byline("Joshua Sokol May") == ["Joshua Sokol"]
    assert clean_byline("Sarah Lazare Twitter") == ["Sarah Lazare"]
    assert clean_byline("Pete Evans · CBC News") == ["Pete Evans"]
    assert clean_byline("Username") == []


def _json_ld_author(author):
    return (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Le budget des écoles voté", '
        f'"author": {author}}}</script>'
    )


def test_a_site_signing_with_its_domain_name_is_kept_as_written():
    head = _json_ld_author('{"@type": "Organization", "name": "gazette.de"}')
    assert _authors(head, url="https://gazette.de/a/1") == ["gazette.de"]
    assert _authors(_json_ld_author('{"@type": "Organization", "name": "Redaktion gazette.de"}')) == [
        "Redaktion gazette.de"
    ]


def test_a_company_in_the_author_tag_yields_to_the_byline():
    head = '<meta name="author" content="Example Media Inc.">'
    assert _authors(head, body="<p class='meta'>By <a href='/p/jo'>Jo March</a></p>") == ["Jo March"]


def test_a_byline_followed_by_its_date_gives_the_name_alone():
    from articles.extraction.authors import clean_byline

    body = "<p>By <a href='/authors/laura'>Laura E. Adkins</a> <span>December 28, 2016</span></p>"
    assert _authors(body=body) == ["Laura E. Adkins"]
    assert clean_byline("Max Muster 3. Juni") == ["Max Muster"]
    assert clean_byline("Theresa May") == ["Theresa May"]


def _person(name):
    return f"<div itemscope itemtype='https://schema.org/Person'><a itemprop='url name' href='/p'>{name}</a></div>"


def test_every_byline_of_the_header_block_even_when_the_json_ld_names_one():
    head = _json_ld_author('{"@type": "Person", "name": "Marit Berg"}')
    byline = f"<div class='bylines'>{_person('Ola Nordmann')}{_person('Marit Berg')}</div>"
    assert _authors(head, body=byline) == ["Ola Nordmann", "Marit Berg"]


def test_authors_of_a_teaser_list_are_not_the_story_bylines():
    head = _json_ld_author('{"@type": "Person", "name": "Marit Berg"}')
    teasers = "".join(f"<li><div class='teaser'>{_person(n)}</div></li>" for n in ("Kari Holm", "Per Lund"))
    body = f"<div class='bylines'>{_person('Marit Berg')}</div><ul>{teasers}</ul>"
    assert _authors(head, body=body) == ["Marit Berg"]


def test_an_agency_in_the_markup_yields_to_the_person_the_byline_names():
    body = (
        "<span itemprop='author' itemscope itemtype='http://schema.org/Person'><span itemprop='name'>AFP</span></span>"
        "<p>Par <span class='authorname'>Sébastien Farcis</span></p>"
    )
    assert _authors(body=body, lang="fr") == ["Sébastien Farcis"]


def test_a_von_line_under_a_teaser_after_the_story_is_not_its_byline():
    head = _json_ld_author('{"@type": "Organization", "name": "dpa"}')
    teaser = "<div class='teaser'><p>Warum die Stadt spart.</p><div class='author'>Von Christoph Reiser</div></div>"
    page = article_page(head=head, lang="de").replace("</article>", f"</article>{teaser}")
    assert extract(page, URL).authors == ["dpa"]


def test_json_ld_image_object_gives_caption_and_credit():
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Le budget des écoles voté",'
        ' "image": [{"@type": "ImageObject", "url": "https://gazette.test/img/ecole-2024.jpg",'
        ' "caption": "La cour de l\'école Jean-Jaurès, mardi.", "creditText": "Jane Roe"}]}</script>'
    )
    photo = extract(article_page(head=head), URL).images[0]
    assert photo.src == "https://gazette.test/img/ecole-2024.jpg"
    assert (photo.caption, photo.credit) == ("La cour de l'école Jean-Jaurès, mardi.", "Jane Roe")


def test_a_picture_with_many_sources_keeps_its_figure_caption():
    sources = "".join(f'<source media="(max-width: {w}px)" srcset="/img/cour-{w}.jpg">' for w in (400, 600, 800, 1000))
    figure = (
        f"<figure><picture>{sources}<img src='/img/cour-1200.jpg'></picture>"
        "<figcaption>La cour de l'école, mardi.<span class='credit'>Jane Roe/AFP</span></figcaption></figure>"
    )
    photo = extract(article_page(body=figure), URL).images[0]
    assert (photo.caption, photo.credit) == ("La cour de l'école, mardi.", "Jane Roe/AFP")


def test_a_copyright_label_beside_the_credit_is_not_the_credit():
    figure = (
        "<figure><img src='/img/cour.jpg'><figcaption>La cour de l'école"
        "<span class='copyright'>Copyright</span><span class='credit'>Jane Roe/AP</span></figcaption></figure>"
    )
    assert extract(article_page(body=figure), URL).images[0].credit == "Jane Roe/AP"


def test_credit_opening_or_closing_a_caption_without_punctuation():
    from articles.extraction.credits import split_credit

    assert split_credit("Bild: SN/APA/KEYSTONE/JANE ROE Trauertag für die Opfer") == (
        "Trauertag für die Opfer",
        "SN/APA/KEYSTONE/JANE ROE",
    )
    assert split_credit("Geballte Faust im Wind Foto: Editpress/Jane Roe") == (
        "Geballte Faust im Wind",
        "Editpress/Jane Roe",
    )


def test_a_subheading_marked_as_gated_text_stays_a_subheading():
    paragraphs = [*PARAGRAPHS[:2], "<h2 class='paywall'>Les cantines attendront</h2>", *PARAGRAPHS[2:]]
    page = article_page(paragraphs=paragraphs).replace("<p><h2", "<h2").replace("</h2></p>", "</h2>")
    assert "Les cantines attendront" in extract(page, URL).subheadings


def test_an_empty_article_card_is_not_the_article_root_when_main_holds_the_text():
    from articles.extraction.core import article_root
    from articles.extraction.tree import parse_html

    text = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = (
        "<html><body><main><article><h1>Le budget</h1></article>"
        f"<figure><img src='/img/ecole.jpg'></figure>{text}</main></body></html>"
    )
    tree = parse_html(page)
    assert article_root(tree, next(tree.iter("h1"))).tag == "main"


def test_toolbar_notices_and_comment_prompts_leave_the_body():
    lines = [
        "Order Reprints",
        "Print Article",
        "This article has been sent to",
        "An error has occurred, please try again later.",
        "This copy is for your personal, non-commercial use only.",
        "Tell us what YOU think...",
        "comments",
        "Write to Jane Roe at jane.roe@gazette.test",
        "Copyright ©2024 Gazette Media, Inc. All Rights Reserved",
    ]
    text = "".join(f"<div class='text'><p>{line}</p></div>" for line in lines)
    page = article_page().replace("</article>", text + "</article>")
    assert text in page  # the replace happened: the assertion below can fail
    result = extract(page, URL)
    assert all(line not in result.body for line in lines)
    assert PARAGRAPHS[3] in result.body


def test_a_short_click_here_line_leaves_the_body_a_sentence_with_a_link_stays():
    lines = ["CLICK HERE TO GET THE GAZETTE APP", "Pour recevoir nos alertes, cliquez ici"]
    result = extract(article_page(paragraphs=[*PARAGRAPHS[:2], *lines, *PARAGRAPHS[2:]]), URL)
    assert all(line not in result.body for line in lines)
    assert PARAGRAPHS[2] in result.body


def test_the_page_own_address_alone_on_a_line_leaves_the_body_another_site_address_stays():
    own, other = "https://gazette.test/a/rules", "https://x.com/mairie/status/1810478997442101422"
    result = extract(article_page(paragraphs=[*PARAGRAPHS[:2], own, other, *PARAGRAPHS[2:]]), URL)
    assert own not in result.body
    assert other in result.body


def test_a_related_label_with_a_colon_is_a_see_also_line():
    teaser = "Related: Les écoles de la ville en travaux tout l'été prochain"
    result = extract(article_page(paragraphs=[*PARAGRAPHS[:2], teaser, *PARAGRAPHS[2:]]), URL)
    assert teaser not in result.body
    assert PARAGRAPHS[2] in result.body


def test_of_disagreeing_descriptions_the_one_the_page_prints_is_the_lead():
    shown = (
        "Six écoles seront rénovées dès l'été : le conseil municipal a voté mardi un budget en hausse, "
        "malgré les critiques de l'opposition sur le calendrier."
    )
    share = "Budget des écoles : ce que la rénovation va changer pour les élèves et leurs parents dès cet été."
    head = f'<meta property="og:description" content="{share}"><meta name="description" content="{shown}">'
    result = extract(article_page(head=head, paragraphs=[shown, *PARAGRAPHS]), URL)
    assert result.lead == shown
    assert shown not in result.body
    assert PARAGRAPHS[0] in result.body


def test_a_fuller_description_stays_the_lead_when_the_page_prints_it_cut_short():
    cut = "Six écoles seront rénovées dès l'été, a décidé mardi le conseil municipal de la ville."
    full = cut + " L'opposition dénonce un calendrier trop serré et réclame une étude indépendante."
    head = f'<meta property="og:description" content="{full}"><meta name="description" content="{cut}">'
    result = extract(article_page(head=head, paragraphs=[cut, *PARAGRAPHS]), URL)
    assert result.lead.startswith(full)


def test_comment_and_script_markup_inside_a_json_ld_string_does_not_swallow_the_page():
    # An articleBody cut inside an embed: a comment left open, then a script tag.
    embed = r"<!-- wp:embed <script async src=\"https://embed.test/widget.js\">"
    json_ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Person", '
        f'"name": "Claire Martin"}}, "articleBody": "Le conseil a voté. {embed} Fin."}}</script>'
    )
    result = extract(article_page(head=json_ld), "https://gazette.test/a/ld")
    assert result.authors == ["Claire Martin"]  # the JSON-LD is read
    assert PARAGRAPHS[0] in result.body and PARAGRAPHS[-1] in result.body


def _chunk(paragraphs):
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<div class='grid'><div class='body__container article__body'>{text}</div></div>"


AD_ROW = "<div class='row'><div class='slot'><span>Publicité</span><div></div></div></div>"


def test_a_story_cut_around_an_ad_row_is_read_to_its_end():
    story = _chunk(PARAGRAPHS) + AD_ROW + _chunk(MORE)
    page = (
        "<!DOCTYPE html><html lang='fr'><head><title>Le budget des écoles voté</title></head><body><main><article>"
        f"<h1>Le budget des écoles voté</h1>{story}</article></main></body></html>"
    )
    body = extract(page, URL).body
    assert PARAGRAPHS[0] in body
    assert MORE[-1] in body


def test_the_next_story_of_the_page_is_not_joined_to_the_first():
    first = f"<article><h1>Le budget des écoles voté</h1>{_chunk(PARAGRAPHS)}</article>"
    second = f"<article><h2>Un autre sujet</h2>{_chunk(MORE)}</article>"
    page = (
        "<!DOCTYPE html><html lang='fr'><head><title>Le budget des écoles voté</title></head><body><main>"
        f"{first}{AD_ROW}{second}</main></body></html>"
    )
    body = extract(page, URL).body
    assert PARAGRAPHS[0] in body
    assert MORE[0] not in body
