"""Subheadings the page sets but trafilatura passes on as paragraphs are headings again."""

from articles.extraction.body import Block
from articles.extraction.headings import page_headings, restore_headings
from articles.extraction.tree import parse_html

PAGE = (
    "<html><body><article><h2 class='x1'><span>Where does the money go?</span></h2>"
    "<p><strong>Words of wisdom</strong></p><p><strong>A</strong>ccording to the lawyer, it is fine.</p>"
    "<p><b>A whole bold sentence that ends with a full stop.</b></p></article></body></html>"
)


def _p(text):
    return Block("p", text, f"<p>{text}</p>")


def test_page_headings_are_the_h2_to_h6_and_short_bold_lines():
    headings = page_headings(parse_html(PAGE))
    assert headings == {"where does the money go?": "h2", "words of wisdom": "h3"}


def test_a_paragraph_equal_to_a_page_heading_becomes_that_heading():
    blocks = restore_headings(
        [_p("Where does the money go?"), _p("Words of wisdom"), _p("Text.")], page_headings(parse_html(PAGE))
    )
    assert [(b.kind, b.text) for b in blocks] == [
        ("h2", "Where does the money go?"),
        ("h3", "Words of wisdom"),
        ("p", "Text."),
    ]


def test_a_heading_glued_between_two_sentences_is_set_apart():
    glued = _p("The council voted on Tuesday.Where does the money go?Most of it goes to schools.")
    blocks = restore_headings([glued], page_headings(parse_html(PAGE)))
    assert [(b.kind, b.text) for b in blocks] == [
        ("p", "The council voted on Tuesday."),
        ("h2", "Where does the money go?"),
        ("p", "Most of it goes to schools."),
    ]


def test_a_heading_quoted_inside_a_sentence_stays_in_it():
    headings = {"the mayor's response": "h2"}
    text = "They waited. The mayor's response was swift and clear."
    assert restore_headings([_p(text)], headings)[0].text == text


def test_a_heading_glued_after_a_sharp_s_is_set_apart_at_the_right_place():
    headings = {"trauer in kultur und politik": "h3"}
    text = "In der Widmung hieß es: „Für Patricia“. Trauer in Kultur und Politik Der Schriftsteller würdigte ihn."
    blocks = restore_headings([_p(text)], headings)
    assert [(b.kind, b.text) for b in blocks] == [
        ("p", "In der Widmung hieß es: „Für Patricia“."),
        ("h3", "Trauer in Kultur und Politik"),
        ("p", "Der Schriftsteller würdigte ihn."),
    ]
