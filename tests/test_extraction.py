"""The extractor on pages shaped like real news pages: metadata, lead, body, boilerplate."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from articles.extraction import ExtractionError, extract
from tests.sample_pages import PARAGRAPHS, article_page

PAGES = Path(__file__).parent / "extraction_pages"
SEED_URL = "https://exemple-quotidien.test/article/1366712/blinken-rencontre-wang-yi.html"


@pytest.fixture(scope="module")
def seed():
    return extract((PAGES / "seed_shaped.html").read_text(encoding="utf-8"), SEED_URL)


def test_seed_page_headline_section_and_date(seed):
    assert seed.title == "Blinken rencontre son homologue chinois Wang Yi en marge de la conférence de Munich"
    assert seed.section == "Diplomatie"
    assert seed.published == datetime(2024, 2, 16, 18, 42, tzinfo=UTC)
    assert seed.language == "fr"
    assert seed.site_name == "L'Orient Quotidien"


def test_seed_page_photo_has_caption_and_credit_apart(seed):
    assert len(seed.images) == 1
    photo = seed.images[0]
    assert photo.is_main
    assert photo.src == "https://exemple-quotidien.test/uploads/2024/02/16/blinken-wang-munich.jpg"
    assert photo.caption.endswith("dans le sud de l'Allemagne, le 16 février 2024.")
    assert photo.credit == "AFP/WOLFGANG RATTAY"
    assert (photo.width, photo.height) == (1200, 800)


def test_seed_page_bold_lead_is_the_lead_and_not_repeated(seed):
    assert seed.lead.startswith("Le secrétaire d'Etat américain Antony Blinken a fait part vendredi")
    assert seed.lead.endswith("sanctions américaines sur des entités chinoises.")
    assert "a fait part vendredi" not in seed.body
    assert seed.body.startswith("La rencontre avec Wang Yi, en marge de la Conférence sur la sécurité à Munich")


def test_seed_page_body_keeps_subheading_and_drops_site_furniture(seed):
    assert seed.subheadings == ["Inquiétudes concernant Moscou"]
    assert "\n\nInquiétudes concernant Moscou\n\n" in seed.body
    assert "<h2>Inquiétudes concernant Moscou</h2>" in seed.body_html
    assert "Rechercher" not in seed.body
    assert "Conférence sur la..." not in seed.body
    assert seed.body.count("La rencontre avec Wang Yi") == 1
    assert "WOLFGANG RATTAY" not in seed.body
    assert "tous droits réservés" not in seed.body
    assert seed.body.endswith('pas "une menace immédiate".')


def test_seed_page_canonical_url_without_tracking(seed):
    assert seed.canonical_url == SEED_URL
    assert seed.url == SEED_URL


def test_headline_not_the_title_tag_with_site_suffix():
    head = '<meta property="og:site_name" content="La Gazette du Nord">'
    html = article_page(head=head, title="Le budget des écoles voté | La Gazette du Nord")
    html = html.replace("<h1>Le budget des écoles voté | La Gazette du Nord</h1>", "")
    assert extract(html, "https://gazette-nord.test/a/1").title == "Le budget des écoles voté"


def test_title_suffix_matching_the_host_is_stripped():
    html = article_page(title="Le budget des écoles voté - Gazette-Nord").replace("<h1>", "<h2>")
    assert extract(html, "https://www.gazette-nord.test/a/1").title == "Le budget des écoles voté"


def test_title_part_that_is_not_the_site_is_kept():
    html = article_page(title="Budget : la mairie tranche - un vote serré").replace("<h1>", "<h2>")
    assert extract(html, "https://gazette-nord.test/a/1").title == "Budget : la mairie tranche - un vote serré"


JSON_LD_GRAPH = """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "WebSite", "name": "Gazette"},
 {"@type": "BreadcrumbList", "itemListElement": [
   {"@type": "ListItem", "position": 1, "name": "Accueil", "item": "https://gazette.test/"},
   {"@type": "ListItem", "position": 2, "name": "Éducation", "item": "https://gazette.test/education"}]},
 {"@type": ["NewsArticle"], "headline": "Écoles : le budget voté après trois heures de débat",
  "datePublished": "2024-03-05T21:10:00", "dateModified": "2024-03-06T08:00:00+01:00",
  "author": [{"@type": "Person", "name": "Par Claire Martin"}, "Paul Durand, AFP"],
  "publisher": {"@type": "Organization", "name": "La Gazette"}}]}</script>"""


def test_json_ld_graph_gives_headline_authors_dates_and_breadcrumb_section():
    result = extract(article_page(head=JSON_LD_GRAPH, title="Budget - La Gazette"), "https://gazette.test/a/2")
    assert result.title == "Écoles : le budget voté après trois heures de débat"
    assert result.authors == ["Claire Martin", "Paul Durand"]
    assert result.published == datetime(2024, 3, 5, 21, 10, tzinfo=UTC)
    assert result.modified == datetime(2024, 3, 6, 7, 0, tzinfo=UTC)
    assert result.section == "Éducation"
    assert result.site_name == "La Gazette"


def test_meta_tags_when_there_is_no_json_ld():
    head = (
        '<meta property="article:section" content="Politique">'
        '<meta property="article:published_time" content="2024-03-05T21:10:00+01:00">'
        '<meta name="author" content="By Jane Smith and John Roe">'
    )
    result = extract(article_page(head=head), "https://gazette.test/a/3")
    assert result.section == "Politique"
    assert result.published.isoformat() == "2024-03-05T21:10:00+01:00"
    assert result.authors == ["Jane Smith", "John Roe"]


def test_marked_up_standfirst_is_the_lead():
    standfirst = "<p class='article-chapo'>La majorité a fait voter un budget en hausse malgré l'opposition.</p>"
    result = extract(article_page(body=standfirst), "https://gazette.test/a/4")
    assert result.lead == "La majorité a fait voter un budget en hausse malgré l'opposition."
    assert "malgré l'opposition." not in result.body


def test_description_is_the_lead_when_it_opens_the_text_and_leaves_the_body():
    head = f'<meta name="description" content="{PARAGRAPHS[0][:90]}…">'
    result = extract(article_page(head=head), "https://gazette.test/a/5")
    assert result.lead == PARAGRAPHS[0]
    assert result.body.startswith(PARAGRAPHS[1])


def test_see_also_box_newsletter_prompt_and_share_buttons_stay_out_of_the_body():
    furniture = (
        "<div class='share-tools'><a href='https://facebook.test/share'>Partager sur Facebook</a>"
        "<a href='https://x.test/intent'>Partager sur X</a></div>"
        "<div class='encart'><strong>Lire aussi</strong> <a href='/autre'>Les cantines attendront 2026</a></div>"
        "<div class='box'><p>Abonnez-vous à notre newsletter pour recevoir l'essentiel de l'actualité locale"
        " chaque matin.</p></div>"
    )
    paragraphs = [*PARAGRAPHS[:2], "<span>À lire aussi : Le maire défend son plan</span>", *PARAGRAPHS[2:]]
    result = extract(article_page(body=furniture, paragraphs=paragraphs), "https://gazette.test/a/6")
    assert "Partager" not in result.body
    assert "cantines attendront" not in result.body
    assert "newsletter" not in result.body
    assert "Le maire défend son plan" not in result.body
    assert PARAGRAPHS[3] in result.body


def test_paragraphs_are_separated_by_blank_lines():
    result = extract(article_page(), "https://gazette.test/a/7")
    assert result.body.split("\n\n")[-3:] == PARAGRAPHS[1:]


def test_page_without_article_text_raises_a_clear_error():
    html = "<html><head><title>Accueil</title></head><body><nav><a href='/'>Accueil</a></nav></body></html>"
    with pytest.raises(ExtractionError, match="no article text found"):
        extract(html, "https://gazette.test/")


def test_binary_data_is_not_taken_for_a_page():
    with pytest.raises(ExtractionError, match="not an HTML page"):
        extract(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x00" * 50, "https://gazette.test/x.png")


def test_bytes_are_decoded_before_parsing():
    result = extract(article_page().encode("cp1252"), "https://gazette.test/a/8")
    assert "l'éducation" in result.body


def test_canonical_on_the_site_root_is_ignored():
    head = '<link rel="canonical" href="https://gazette.test/">'
    result = extract(article_page(head=head), "https://gazette.test/a/9?utm_source=x")
    assert result.canonical_url == "https://gazette.test/a/9"
    assert result.url == "https://gazette.test/a/9?utm_source=x"


def test_a_sentence_ending_with_a_read_more_link_keeps_the_sentence():
    sentence = "Le documentaire revient sur le tournage avec des images inédites et un long entretien."
    paragraphs = [*PARAGRAPHS, f"{sentence} <a href='https://gazette.test/critique'>Lire la suite de la critique</a>"]
    result = extract(article_page(paragraphs=paragraphs), "https://gazette.test/a/10")
    assert sentence in result.body


def test_byline_and_accessibility_links_are_not_body_paragraphs():
    head = '<meta name="author" content="Claire Martin">'
    extra = "<p>Claire Martin</p><p>Accéder aux raccourcis d'accessibilité</p>"
    result = extract(article_page(head=head, body=extra), "https://gazette.test/a/11")
    assert result.authors == ["Claire Martin"]
    assert "Claire Martin" not in result.body
    assert "raccourcis" not in result.body


def test_an_author_and_date_box_under_the_headline_is_not_the_lead():
    body = (
        "<div class='post-info'><span>Rédaction</span> <span>Dimanche 22 novembre 2026 | 21:50</span></div>"
        "<p><strong>Le conseil municipal a adopté mardi soir le budget des écoles, "
        "après trois heures de débat.</strong></p>"
    )
    article = extract(article_page(body=body), "https://gazette.test/2026/11/22/budget")
    assert article.lead.startswith("Le conseil municipal a adopté mardi soir")
    assert "21:50" not in article.lead


DEMO = Path(__file__).resolve().parent.parent / "articles" / "demo"


@pytest.mark.parametrize("page", sorted(DEMO.glob("*.html")), ids=lambda p: p.name[:2])
def test_demo_page_opens_with_its_story_not_the_byline_box(page):
    article = extract(page.read_text(encoding="utf-8"))
    first = article.body.split("\n\n")[0]
    assert len(first) > 150, first
    assert not any(name in first for name in article.authors)
    assert " | " not in first
    assert article.lead and len(article.lead) < len(article.body)


def test_a_byline_box_glued_into_one_line_above_the_story_is_not_a_paragraph():
    box = (
        "<div class='post-info'><a href='/auteur/claire-martin' class='author-name'>Claire Martin</a> "
        "<span class='post-date'>Mercredi 25 novembre 2026 | 10:20</span></div>"
    )
    article = extract(
        article_page(body=box, head='<meta name="author" content="Claire Martin">'), "https://gazette.test/b"
    )
    assert article.authors == ["Claire Martin"]
    assert "10:20" not in article.body
    assert article.body.startswith(PARAGRAPHS[0])


def test_a_short_opening_sentence_with_a_date_and_time_stays_in_the_story():
    opening = "<p>Le 3 mai 2024 à 10h12, la terre a tremblé.</p>"
    article = extract(article_page(body=opening), "https://gazette.test/c")
    assert "Le 3 mai 2024 à 10h12, la terre a tremblé." in article.body


def test_a_story_in_one_block_opened_by_the_description_is_the_body_not_the_lead():
    story = "<br><br>".join(PARAGRAPHS * 3)
    head = f'<meta name="description" content="{PARAGRAPHS[0]}">'
    page = (
        f'<html lang="fr"><head><title>Le budget des écoles voté</title>{head}</head><body><main><article>'
        f"<h1>Le budget des écoles voté</h1><p>{story}</p></article></main></body></html>"
    )
    article = extract(page, "https://gazette.test/d")
    assert len(article.lead) <= 1000
    assert PARAGRAPHS[2] in article.body
