"""A byline printed as the story's first line, when the page's byline names only the site:
"<p><strong>Jane Roe/John Doe</strong></p>" above the text."""

import re

from .authors import clean_byline
from .tree import clean_text, text_of

BOLD = ("strong", "b")
MAX_CHARS = 80
SENTENCE_END = (".", "!", "?", ":", ";")
NAME = re.compile(r"^[A-ZÀ-Ý][\w'’.-]+(?:\s+[A-ZÀ-Ý][\w'’.-]+){1,3}$")
PARAGRAPHS_READ = 3  # the opening lines of the text, not a signature further down


def _bold_line(paragraph):
    """The text of a paragraph that is nothing but one bold run."""
    children = [c for c in paragraph if isinstance(c.tag, str)]
    if len(children) != 1 or children[0].tag not in BOLD:
        return ""
    if clean_text(paragraph.text) or clean_text(children[0].tail):
        return ""
    return text_of(children[0])


def opening_byline(root):
    """Persons named by a bold line among the first paragraphs of the article's text, or []."""
    if root is None:
        return []
    for paragraph in list(root.iter("p"))[:PARAGRAPHS_READ]:
        text = _bold_line(paragraph)
        if not text or len(text) > MAX_CHARS or text.endswith(SENTENCE_END):
            continue
        names = clean_byline(text)
        if names and all(NAME.match(n) for n in names):
            return names
    return []
