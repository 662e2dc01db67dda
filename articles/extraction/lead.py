"""The standfirst (chapo): marked-up lead, bold opening paragraph, or the description when it opens the text."""

import re

from .tree import attr_words, clean_text, text_of

LEAD_WORDS = re.compile(
    r"(?:^|[\s_-])(?:chapo|chapeau|chap[oô]|lead|lede|standfirst|stand-first|intro|introduction|summary|"
    r"dek|deck|teaser|excerpt|abstract|subtitle|sub-?title|subhead(?:line)?|sub-?heading|headline-?sub|"
    r"description|article-?description|strapline|kicker-?text|resume|résumé|accroche|lead-?text|leadtext|"
    r"article-?lead|post-?excerpt|entry-?summary|sapo)(?:$|[\s_-])"
)
# Class words that mean a media block, a list of links or the whole text, never the lead itself.
NOT_LEAD = re.compile(r"image|img|photo|media|video|figure|picture|caption|card|list|item|link|body|content|related")
MIN_LEAD, MAX_LEAD = 40, 1000
TOKENS = re.compile(r"\w+")
ELLIPSIS = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*$")


def _candidate(element):
    if element.tag in ("h1", "img", "figure", "a", "li", "ul", "ol", "body", "html", "article", "main"):
        return False
    words = attr_words(element)
    if not words or not LEAD_WORDS.search(words) or NOT_LEAD.search(words):
        return False
    if element.find(".//h1") is not None or element.find(".//img") is not None:
        return False
    return MIN_LEAD <= len(text_of(element)) <= MAX_LEAD


def _after(element, marker):
    """True when `element` comes after `marker` in document order (or there is no marker)."""
    if marker is None:
        return True
    for following in marker.itersiblings():
        if following is element or element in following.iterdescendants():
            return True
    parent = marker.getparent()
    return _after(element, parent) if parent is not None and parent.tag != "body" else False


def marked_lead(root, h1=None):
    """The element marked up as standfirst, or a whole-bold opening paragraph; None if neither."""
    fallback = None
    for element in root.iter("p", "div", "h2", "h3", "span", "section", "header", "strong"):
        if _candidate(element):
            if _after(element, h1):
                return element
            fallback = fallback if fallback is not None else element
    if fallback is not None:
        return fallback
    return _bold_opening(root)


def _bold_opening(root):
    """The first long paragraph when all of it is bold, as news sites set their chapo."""
    for p in root.iter("p"):
        text = text_of(p)
        if len(text) < MIN_LEAD:
            continue
        bold = "".join(text_of(b) for b in p if b.tag in ("strong", "b"))
        return p if clean_text(bold) == text and len(text) <= MAX_LEAD else None
    return None


def tokens(text):
    return [t.casefold() for t in TOKENS.findall(text or "")]


def opens_text(description, paragraph):
    """The description is the article's opening when its words start the first paragraph."""
    description = clean_text(description)
    want, have = tokens(ELLIPSIS.sub("", description)), tokens(paragraph)
    if ELLIPSIS.search(description):
        want = want[:-1]  # a description cut with "…" often ends in half a word
    if len(want) < 5 or not have:
        return False
    return have[: len(want)] == want or (have == want[: len(have)] and len(have) >= 0.8 * len(want))
