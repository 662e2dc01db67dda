"""The page's tree: our parser builds exactly the tree trafilatura's own loader builds, every element an HtmlElement."""

from pathlib import Path

import pytest
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.utils import INVALID_XML_CHARS, repair_faulty_html
from trafilatura.utils import load_html as trafilatura_load_html

from articles.extraction.tree import FORBIDDEN_CHARS, _repaired, load_html
from tests.nasty_pages import nasty_pages

PAGES = Path(__file__).parent / "pages"

ODD = {
    "declares its encoding": '<?xml version="1.0" encoding="utf-8"?><html><body><p>«\u00a0là\u00a0»</p></body></html>',
    "self-closing html": "<!DOCTYPE html>\n<html/>\n<body><p>Un paragraphe.</p><form><input value=x></form></body>",
    "no html at all": "<p>Un paragraphe seul.</p>",
    "text only": "Rien que du texte, sans balise.",
    "comments and instructions": "<html><!-- c --><?php echo 1 ?><body><p>a<!-- b -->c</p></body></html>",
    "forbidden characters": "<html><body><p>a\x0bb\x1fc</p><label>L</label><select><option>o</select></body></html>",
    "a forbidden non-character": "<html><body><p>a\ufffeb\uffffc\u00a0d</p></body></html>",
    "an XHTML doctype": '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1'
    '-strict.dtd">\n<html><body><p>Un paragraphe.</p></body></html>',
    "a doctype and the page on one line": '<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01//EN"><html><body><p>Là.</p>',
    "a plain doctype on one line": "<!doctype html><html><body><p>Là.</p></body></html>",
    "a self-closing html after a doctype": "<!DOCTYPE html>\n<html lang='fr' />\n<body><p>Un paragraphe.</p></body>",
}


def _samples():
    yield from ((path.name, path.read_text(encoding="utf-8")) for path in sorted(PAGES.glob("*.html")))
    yield from ((page.label, page.content.decode("utf-8")) for page in nasty_pages("https://photos.test"))
    yield from ODD.items()


@pytest.mark.parametrize(("name", "html"), list(_samples()), ids=lambda value: value if len(value) < 40 else None)
def test_our_tree_is_trafilaturas_tree(name, html):
    ours, theirs = load_html(html), trafilatura_load_html(html)
    assert (ours is None) == (theirs is None)
    if ours is not None:
        assert etree.tostring(ours, encoding="unicode") == etree.tostring(theirs, encoding="unicode")
        assert all(isinstance(element, HtmlElement) for element in ours.iter(etree.Element))


@pytest.mark.parametrize(("name", "html"), list(_samples()), ids=lambda value: value if len(value) < 40 else None)
def test_our_repairs_give_trafilaturas_string(name, html):
    beginning = html[:50].lower()
    assert _repaired(html, beginning) == repair_faulty_html(html, beginning)


def test_the_forbidden_characters_looked_for_are_those_trafilatura_deletes():
    deleted = {chr(code) for code in range(0x110000) if INVALID_XML_CHARS.match(chr(code))}
    assert set(FORBIDDEN_CHARS) == deleted
