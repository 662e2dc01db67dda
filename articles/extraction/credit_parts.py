"""A credit set apart inside a caption by the markup alone: "<figcaption><span>The Daily Star</span><br>
The leaders at the debate…</figcaption>", "…in Lima. | <strong>Jane Roe/dpa</strong>"."""

import re

from .agencies import IN_CREDIT
from .tree import clean_text, spaced_text

PART_TAGS = {"span", "strong", "b", "small", "em", "i", "cite"}
SEPARATOR = re.compile(r"^[\s|/•–—-]*$")
MAX_WORDS = 8
MAX_CHARS = 80
SENTENCE_END = (".", "!", "?", ":", ",")


def _name_like(text):
    words = text.split()
    capitalised = all(w[0].isupper() or not w[0].isalpha() for w in words)
    return bool(IN_CREDIT.search(text) or "/" in text or capitalised)


def _apart(element, neighbour, between):
    """Set apart from the rest of the caption by a line break or a bar: neither runs on into it."""
    return neighbour is not None and (
        (neighbour.tag == "br" and not clean_text(between)) or (bool(clean_text(between)) and SEPARATOR.match(between))
    )


def is_credit_part(element, caption):
    """`element` is the first or last part of `caption`, set apart by a <br> or a bar, and reads as
    a credit (a few capitalised words, an agency, "Name/Agency"), with caption text beside it."""
    if element.tag not in PART_TAGS or element.getparent() is not caption:
        return False
    text = spaced_text(element)
    if not text or len(text.split()) > MAX_WORDS or len(text) > MAX_CHARS or text.endswith(SENTENCE_END):
        return False
    parts = [c for c in caption if isinstance(c.tag, str)]
    first, last = element is parts[0], element is parts[-1]
    if first and not clean_text(caption.text):
        apart = _apart(element, element.getnext(), element.tail or "")
    elif last and not clean_text(element.tail):
        previous = element.getprevious()
        between = previous.tail if previous is not None else caption.text
        apart = _apart(element, previous, between or "") or (previous is None and bool(SEPARATOR.match(between or "")))
        apart = apart or bool(re.search(r"[|/•–—]\s*$", between or ""))
    else:
        return False
    rest = clean_text(spaced_text(caption).replace(text, "", 1))
    return bool(apart and rest and len(rest) > len(text) and _name_like(text))
