"""The text when trafilatura keeps nothing of a page that has an article: the JSON-LD articleBody
or the paragraphs of the article's container, whichever says more."""

import re
from html import escape

from lxml import html as lxml_html

from .body import Block, paragraph
from .tree import clean_text, text_of

# Fewer characters than this is no article (a login box, a teaser), and the page still fails.
MIN_TEXT = 200
MARKUP = re.compile(r"<\s*(?:p|br|div|h[1-6])\b", re.IGNORECASE)
LINE_BREAKS = re.compile(r"\s*\n\s*")
# Inside the article's container, what is not its text.
NOT_TEXT = {"figure", "figcaption", "aside", "nav", "footer", "form", "button", "script", "style", "noscript"}
HEADINGS = {"h2": "h2", "h3": "h3", "h4": "h3"}


def _length(blocks):
    return sum(len(block.text) for block in blocks)


def _markup_blocks(markup):
    """An articleBody written as HTML: its paragraphs, or its lines between <br>s."""
    fragment = lxml_html.fragment_fromstring(markup, create_parent="div")
    for br in fragment.iter("br"):
        br.tail = "\n" + (br.tail or "")
    paragraphs = [text_of(p) for p in fragment.iter("p")]
    lines = paragraphs if any(paragraphs) else LINE_BREAKS.split(fragment.text_content())
    return [paragraph(clean_text(line)) for line in lines if clean_text(line)]


def json_ld_blocks(article_body):
    """The JSON-LD articleBody as paragraphs: one per line (a text) or per <p> (markup)."""
    if not article_body:
        return []
    if MARKUP.search(article_body):
        return _markup_blocks(article_body)
    return [paragraph(clean_text(line)) for line in LINE_BREAKS.split(article_body) if clean_text(line)]


def _is_text(element, root):
    for ancestor in element.iterancestors():
        if ancestor is root:
            return True
        if ancestor.tag in NOT_TEXT:
            return False
    return True


def root_blocks(root):
    """The paragraphs and subheadings of the article's container, in order, figures and asides left out."""
    blocks = []
    for element in root.iter("p", *HEADINGS):
        text = text_of(element)
        if not text or not _is_text(element, root):
            continue
        if element.tag in HEADINGS:
            level = HEADINGS[element.tag]
            blocks.append(Block(level, text, f"<{level}>{escape(text)}</{level}>"))
        else:
            blocks.append(paragraph(text))
    return blocks


def fallback_blocks(root, article_body):
    """The JSON-LD articleBody or the container's paragraphs, the longer; none under MIN_TEXT characters."""
    best = max((json_ld_blocks(article_body), root_blocks(root)), key=_length)
    return best if _length(best) >= MIN_TEXT else []
