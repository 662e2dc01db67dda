"""Where the standfirst comes from when the page does not mark it with the usual class words."""

from articles.extraction import extract
from tests.sample_pages import PARAGRAPHS, article_page

URL = "https://gazette.test/a/lead"
LEAD = (
    "La ville investit douze millions d'euros dans ses écoles, un record depuis vingt ans, malgré les "
    "réserves de l'opposition."
)


def test_a_synopsis_block_is_the_standfirst():
    byline = "<p class='byline'>Par Claire Martin</p>"
    page = article_page(body=f"{byline}<div class='art_synopsis'><div class='x1'>{LEAD}</div></div>")
    result = extract(page, URL)
    assert result.lead == LEAD and LEAD not in result.body


def test_a_summary_tab_with_its_own_heading_and_bullet_points_is_not_the_standfirst():
    tab = f"<div id='summary'><h3>Summary</h3><ul><li>{LEAD}</li><li>Deux écoles d'abord.</li></ul></div>"
    page = article_page().replace("</article>", tab + "</article>")
    assert tab in page  # the replace happened: the assertion below can fail
    assert "Summary" not in extract(page, URL).lead


def test_a_description_rewritten_from_the_opening_paragraph_makes_that_paragraph_the_lead():
    # The share text keeps the paragraph's first words, then shortens it.
    description = PARAGRAPHS[0].split(", après")[0] + " après un long débat."
    page = article_page(head=f'<meta name="description" content="{description}">')
    result = extract(page, URL)
    assert result.lead == PARAGRAPHS[0]
    assert PARAGRAPHS[0] not in result.body and result.body.startswith(PARAGRAPHS[1])


def test_a_short_sentence_of_a_description_is_the_lead():
    page = article_page(head='<meta name="description" content="Un vote attendu depuis des années.">')
    assert extract(page, URL).lead == "Un vote attendu depuis des années."


def test_a_few_words_without_a_sentence_are_not_a_lead():
    page = article_page(head='<meta name="description" content="Budget des écoles">')
    assert extract(page, URL).lead == ""


def test_an_opening_paragraph_set_bolder_than_the_rest_is_the_lead():
    text = f"<p class='font-sans font-medium'>Lyon. {LEAD}</p>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = article_page(paragraphs=[]).replace("<div class='text'></div>", f"<div class='text'>{text}</div>")
    result = extract(page, URL)
    assert result.lead == f"Lyon. {LEAD}"
    assert result.body.startswith(PARAGRAPHS[0])


def test_an_opening_paragraph_with_a_drop_cap_class_is_not_the_lead():
    text = f"<p class='has-dropcap'>{LEAD}</p>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = article_page(paragraphs=[]).replace("<div class='text'></div>", f"<div class='text'>{text}</div>")
    assert extract(page, URL).lead == ""
