"""The standfirst is never read twice: the body's copy of the lead is removed, in a general way."""

from articles.extraction import extract
from articles.extraction.body import Block
from articles.extraction.echo import remove_lead_copy
from tests.sample_pages import PARAGRAPHS, article_page

URL = "https://gazette.test/a/echo"
LEAD = (
    "La ville investit douze millions d'euros dans ses écoles, un record depuis vingt ans, malgré les "
    "réserves de l'opposition."
)


def _p(text):
    return Block("p", text, f"<p>{text}</p>")


def _texts(blocks):
    return [b.text for b in blocks]


def test_a_paragraph_equal_to_the_lead_leaves_the_body():
    blocks, lead = remove_lead_copy([_p(LEAD), _p(PARAGRAPHS[0])], LEAD)
    assert _texts(blocks) == [PARAGRAPHS[0]] and lead == LEAD


def test_paragraphs_the_lead_holds_leave_the_body():
    lead = f"{PARAGRAPHS[0]} {PARAGRAPHS[1]}"
    blocks, new_lead = remove_lead_copy([_p(PARAGRAPHS[0]), _p(PARAGRAPHS[1]), _p(PARAGRAPHS[2])], lead)
    assert _texts(blocks) == [PARAGRAPHS[2]] and new_lead == lead


def test_a_lead_cut_inside_a_paragraph_is_completed_by_it():
    lead = f"{PARAGRAPHS[0]} {PARAGRAPHS[1][:60]}…"
    blocks, new_lead = remove_lead_copy([_p(PARAGRAPHS[0]), _p(PARAGRAPHS[1]), _p(PARAGRAPHS[2])], lead)
    assert _texts(blocks) == [PARAGRAPHS[2]]
    assert new_lead == f"{PARAGRAPHS[0]} {PARAGRAPHS[1]}"


def test_a_lead_opening_a_longer_paragraph_is_cut_from_it():
    blocks, lead = remove_lead_copy([_p(f"{LEAD} {PARAGRAPHS[0]}")], LEAD)
    assert _texts(blocks) == [PARAGRAPHS[0]] and lead == LEAD


def test_a_paragraph_with_a_dateline_before_the_lead_becomes_the_lead():
    blocks, lead = remove_lead_copy([_p(f"Lyon. {LEAD}"), _p(PARAGRAPHS[0])], LEAD)
    assert _texts(blocks) == [PARAGRAPHS[0]] and lead == f"Lyon. {LEAD}"


def test_a_teaser_cut_from_the_opening_paragraph_is_no_lead():
    blocks, lead = remove_lead_copy([_p(PARAGRAPHS[0] + " " + PARAGRAPHS[1])], PARAGRAPHS[0][:70] + "…")
    assert len(blocks) == 1 and lead == ""


def test_a_heading_copy_of_a_metadata_lead_stays_and_the_lead_goes():
    heading = Block("h2", LEAD, f"<h2>{LEAD}</h2>")
    blocks, lead = remove_lead_copy([heading, _p(PARAGRAPHS[0])], LEAD, lead_in_page=False)
    assert _texts(blocks) == [LEAD, PARAGRAPHS[0]] and lead == ""


def test_a_quote_of_the_lead_deep_in_the_text_is_left_alone():
    blocks = [_p(p) for p in PARAGRAPHS] + [_p(LEAD)]
    assert remove_lead_copy(blocks, LEAD) == (blocks, LEAD)


def test_a_description_repeating_the_opening_paragraphs_is_not_repeated_in_the_body():
    description = f"{PARAGRAPHS[0]} {PARAGRAPHS[1]}"
    page = article_page(head=f'<meta name="description" content="{description}">')
    result = extract(page, URL)
    assert PARAGRAPHS[0] not in result.body and PARAGRAPHS[1] not in result.body
    assert PARAGRAPHS[0] in result.lead and PARAGRAPHS[2] in result.body


def test_a_deck_right_under_the_headline_is_the_lead_not_a_subheading():
    page = article_page(body=f"<h2>{LEAD}</h2>")
    result = extract(page, URL)
    assert result.lead == LEAD
    assert LEAD not in result.body and LEAD not in result.subheadings


def test_a_css_module_lead_class_marks_the_standfirst():
    page = article_page(body=f"<div class='Article_elementLead__N3pGr'><p>{LEAD}</p></div>")
    assert extract(page, URL).lead == LEAD


def test_a_digest_box_in_camel_case_is_not_the_standfirst():
    box = f"<div class='aiArticleSummary'><p>{LEAD}</p></div>"
    page = article_page().replace("</article>", box + "</article>")
    assert box in page  # the replace happened: the assertion below can fail
    assert extract(page, URL).lead != LEAD


def test_a_subheadline_right_under_the_headline_is_the_deck():
    page = article_page(body=f"<h2 class='article-subheading'>{LEAD}</h2>")
    result = extract(page, URL)
    assert result.lead == LEAD and LEAD not in result.subheadings


def test_a_linked_teaser_description_is_not_the_standfirst():
    teaser = f"<a href='/other'><span class='desc'>{LEAD}</span></a>"
    page = article_page().replace("</article>", teaser + "</article>")
    assert teaser in page  # the replace happened: the assertion below can fail
    assert extract(page, URL).lead != LEAD


def test_an_author_box_description_is_not_the_standfirst():
    box = f"<div class='avatar-group__description'><span>{LEAD}</span></div>"
    page = article_page(body=box)
    assert extract(page, URL).lead != LEAD


def test_a_metadata_lead_running_over_a_subheading_is_the_opening_text_and_goes():
    heading = Block("h2", "Who pays?", "<h2>Who pays?</h2>")
    blocks = [_p(PARAGRAPHS[0]), heading, _p(PARAGRAPHS[1])]
    lead = f"{PARAGRAPHS[0]} Who pays? {PARAGRAPHS[1][:50]}…"
    assert remove_lead_copy(blocks, lead, lead_in_page=False) == (blocks, "")
