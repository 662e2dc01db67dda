"""The standfirst (chapo): marked-up lead, bold opening paragraph, or the description when it opens the text."""

import re
from dataclasses import dataclass

from .authors import BYLINE_PREFIX, is_dateline
from .body import Block, paragraph
from .echo import remove_lead_copy
from .tree import ELLIPSIS, attr_words, clean_text, text_of

# A class token naming a standfirst: the word ends the token ("article__chapo", "standfirst",
# "lead-text"), so "has-dropcap__lead-standard-heading" or "leading-loose" do not count.
LEAD_TOKEN = re.compile(
    r"(?:^|[-_])(?:chapo|chapeau|lead|lede|standfirst|intro|introduction|summary|dek|deck|teaser|excerpt|"
    r"abstract|subtitle|sub-?title|desc|description|strapline|resume|accroche|sapo|kicker-?text|synopsis)"
    r"(?:[-_](?:text|paragraph|para|content|wrapper|container|block|body))?$"
)
# Class words that mean a media block, a list of links, an embed or the whole text, never the lead.
NOT_LEAD = re.compile(
    r"image|img|photo|media|video|figure|picture|caption|card|list|item|link|body|content|related|"
    r"author|byline|date|time|meta|share|tag|breadcrumb|embed|placeholder|consent|cookie|subhead|avatar|profile"
)
SUBHEAD = re.compile(r"sub-?head(?:ing|line)?")
MIN_LEAD, MAX_LEAD = 40, 1000
TOKENS = re.compile(r"\w+")


# CSS-module class names: "Article_elementLead__N3pGr" is the "element-lead" of "Article".
MODULE_HASH = re.compile(r"__[A-Za-z0-9-]{4,8}$")
CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


# In camelCase only the unambiguous words count ("detailSummary", "aiArticleSummary" are digests).
CAMEL_LEAD = re.compile(r"(?:^|[-_])(?:chapo|chapeau|lead|lede|standfirst|intro|dek)$")


def _camel_lead(element):
    raw = f"{element.get('class') or ''} {element.get('id') or ''}".split()
    return any(CAMEL_LEAD.search(CAMEL.sub("-", MODULE_HASH.sub("", token)).lower()) for token in raw)


def _candidate(element):
    if element.tag in ("h1", "img", "figure", "a", "li", "ul", "ol", "body", "html", "article", "main"):
        return False
    words = attr_words(element)
    if not words or NOT_LEAD.search(words):
        return False
    if not any(LEAD_TOKEN.search(token) for token in words.split()) and not _camel_lead(element):
        return False
    # A block holding a headline, a list or a photo (a "summary" tab with its bullet points) is
    # more than the standfirst.
    if next(element.iter("h1", "h2", "h3", "h4", "ul", "ol", "img"), None) not in (None, element):
        return False
    # The description of a linked teaser ("<a><span class=desc>…</span></a>") is another page's.
    if any(ancestor.tag == "a" for ancestor in element.iterancestors()):
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
    for element in root.iter("p", "div", "h2", "span", "section", "header", "strong"):
        if _candidate(element):
            if _after(element, h1):
                return element
            fallback = fallback if fallback is not None else element
    if fallback is not None:
        return fallback
    # An lxml element without children is falsy: compare with None.
    for found in (_under_headline(h1), _next_to_headline(h1)):
        if found is not None:
            return found
    bold = _bold_opening(root)
    return bold if bold is not None else _styled_opening(root)


# Utility classes (Tailwind, Bootstrap) that set a paragraph in a heavier weight.
WEIGHT_CLASS = re.compile(
    r"(?:^|\s)(?:font-(?:medium|semibold|bold|extrabold|black)|fw-(?:medium|semibold|bold|[5-9]00)|bold)(?:\s|$)"
)


def _styled_opening(root):
    """The first long paragraph when it alone is set in a heavier weight than the paragraphs that
    follow ("<p class='font-medium'>Duisburg. …</p><p>…</p>"): the chapo set apart by style."""
    paragraphs = [p for p in root.iter("p") if len(text_of(p)) >= MIN_LEAD]
    if len(paragraphs) < 4:
        return None
    first, rest = paragraphs[0], paragraphs[1:4]
    style = first.get("class")
    if not style or not WEIGHT_CLASS.search(style) or len(text_of(first)) > MAX_LEAD:
        return None
    return first if all(p.get("class") != style and p.getparent() is first.getparent() for p in rest) else None


def _under_headline(h1):
    """A paragraph right under the headline, inside the article's <header>: the standfirst."""
    if h1 is None:
        return None
    header = next((a for a in h1.iterancestors() if a.tag == "header"), None)
    if header is None:
        return None
    for element in h1.itersiblings() if h1.getparent() is header else _following_in(header, h1):
        if element.tag not in ("p", "div", "h2", "span") or NOT_LEAD.search(attr_words(element)):
            continue
        text = text_of(element)
        if _is_byline(text) or next(element.iterdescendants("p", "div", "ul", "ol"), None) is not None:
            continue  # a byline and dateline box, or a block of blocks: not a standfirst
        links = sum(len(text_of(a)) for a in element.iter("a"))
        if MIN_LEAD <= len(text) <= MAX_LEAD and links < len(text) / 3 and element.find(".//img") is None:
            return element
    return None


def _standfirst_like(element):
    # Right under the headline, a "subheading" or "subheadline" is the deck, not a section title.
    words = SUBHEAD.sub("", attr_words(element))
    if element.tag not in ("p", "div", "h2", "h3", "span") or NOT_LEAD.search(words):
        return False
    text = text_of(element)
    if _is_byline(text) or next(element.iterdescendants("p", "div", "ul", "ol", "img", "h2", "h3"), None) is not None:
        return False
    links = sum(len(text_of(a)) for a in element.iter("a"))
    return MIN_LEAD <= len(text) <= MAX_LEAD and links < len(text) / 3


def _next_to_headline(h1):
    """A deck set right after the headline (its next element, or the next one of the headline's
    own wrapper): the standfirst, whatever its tag."""
    if h1 is None:
        return None
    marker = h1
    for _ in range(2):
        following, wrappers = marker.getnext(), ""
        while following is not None and len(following) == 1 and not (following.text or "").strip():
            wrappers += " " + attr_words(following)
            following = following[0]  # a wrapper around the deck
        if following is not None:
            return following if _standfirst_like(following) and not NOT_LEAD.search(SUBHEAD.sub("", wrappers)) else None
        marker = marker.getparent()
        if marker is None or len(marker) > 1:
            return None
    return None


def _is_byline(text):
    return bool(BYLINE_PREFIX.match(text) or is_dateline(text))


def _following_in(container, marker):
    """Elements of `container` that come after `marker` in document order."""
    after = False
    for element in container.iter():
        if element is marker:
            after = True
        elif after and marker not in element.iterancestors():
            yield element


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


SHORT_SENTENCE = re.compile(r"^\w+(?:\W+\w+){2,}[.!?]$")


def reads_as_standfirst(description, title):
    """A description worth showing as the lead: a sentence or two, not the title, not a cut-off."""
    # Eight words, or forty characters for scripts written without spaces.
    short = len(description.split()) < 8 and len(description) < MIN_LEAD
    # ... or a short sentence of its own ("A preventable crisis.").
    if (short and not SHORT_SENTENCE.match(description)) or len(description) > MAX_LEAD:
        return False
    return tokens(description) != tokens(title)


SHARED_OPENING = 8
MOSTLY_SHARED = 0.6


def opens_text(description, paragraph):
    """The description is the article's opening when its words start the first paragraph."""
    description = clean_text(description)
    want, have = tokens(ELLIPSIS.sub("", description)), tokens(paragraph)
    if ELLIPSIS.search(description):
        want = want[:-1]  # a description cut with "…" often ends in half a word
    if len(want) < 5 or not have:
        return False
    if have[: len(want)] == want or (have == want[: len(have)] and len(have) >= 0.8 * len(want)):
        return True
    # A description rewritten from the opening paragraph: its first words, then most of the rest.
    shared = have[:SHARED_OPENING] == want[:SHARED_OPENING] and len(want) >= SHARED_OPENING
    return shared and len(set(want) & set(have)) >= MOSTLY_SHARED * len(set(want))


def kept_apart(lead, blocks: list[Block]):
    """(lead, blocks): a lead longer than a standfirst, or one that would leave no text after it,
    is the opening of the text, not a chapô (a story set in one block, opened by the description)."""
    if lead and (len(lead) > MAX_LEAD or not blocks):
        return "", [paragraph(lead), *blocks]
    return lead, blocks


@dataclass
class Standfirst:
    """What the page offers as its lead before its text is read."""

    text: str = ""  # the standfirst the page marks up, "" when it marks none
    in_page: bool = False  # printed on the page, not only in the metadata
    description: str = ""  # the page's description, which may stand for it


def shown_description(root, descriptions):
    """The first description that the article block shows as a paragraph of its own."""
    shown = {text_of(e) for e in root.iter("p", "div") if len(e) <= 2}
    return next((d for d in descriptions if d in shown), "")


def page_standfirst(root, h1, md):
    """The standfirst the article block marks up, and the description that may stand for it."""
    element = marked_lead(root, h1)
    if element is not None:
        # Left in the tree (trafilatura weighs the headline block when it picks the text) and
        # dropped from the body afterwards.
        return Standfirst(text_of(element), True, md.description)
    description = md.description
    if len(md.descriptions) > 1:
        # The descriptions disagree: the one the page prints as a paragraph is the standfirst ...
        shown = shown_description(root, md.descriptions)
        # ... unless the chosen one is its fuller version, which the page prints cut short.
        description = shown if shown and not description.startswith(shown) else description
    return Standfirst(description=description)


def settle_lead(standfirst, blocks, title):
    """(lead, blocks) once the text is read: the marked standfirst, else the description when it opens
    the text (that paragraph leaves the body) or reads as a standfirst; its copy in the body goes."""
    lead, in_page, description = standfirst.text, standfirst.in_page, standfirst.description
    if not lead and description and blocks[0].kind == "p" and opens_text(description, blocks[0].text):
        lead, in_page, blocks = blocks[0].text, True, blocks[1:]
    # Many sites render their standfirst only from the description: it is still the article's lead.
    if not lead and description and reads_as_standfirst(description, title):
        lead = description
    if lead:
        remaining, lead = remove_lead_copy(blocks, lead, in_page)
        blocks = remaining or blocks
    return kept_apart(lead, blocks)
