"""Remove site furniture (navigation, search, share, related, newsletter, ads) from a parsed page."""

import re

from .tree import attr_words, clean_text, remove

# noscript stays: it often holds the real <img> of a lazy-loaded photo (photos.py reads it).
ALWAYS_DROP = {"script", "style", "template", "svg", "iframe", "button", "select", "input", "textarea"}
PAGE_FURNITURE = {"nav", "aside", "footer", "dialog", "menu"}
FURNITURE_ROLES = {"navigation", "search", "complementary", "contentinfo", "dialog", "alertdialog", "menu", "menubar"}
# Class/id words of furniture, matched as whole dash/underscore-separated words so that
# "header" does not match "ad" nor "leading" match "lead".
FURNITURE_WORDS = re.compile(
    r"(?:^|[\s_-])(?:share|shares|sharing|sharebar|social|socials|social-?media|newsletters?|subscribe|subscription|"
    r"paywall|premium-?wall|piano|regwall|related|relatedarticles|read-?more|readmore|read-?also|lire-?aussi|"
    r"a-?lire|voir-?aussi|also|recommend(?:ed|ations?)?|more-?stories|more-?articles|most-?read|most-?popular|"
    r"popular|trending|outbrain|taboola|advert|advertisement|adverts|ads|ad-?slot|ad-?container|adunit|dfp|"
    r"sponsor(?:ed)?|promo|promotion|teasers?|comments?|disqus|cookies?|consent|gdpr|breadcrumbs?|"
    r"tags|tag-?list|keywords|topics-?list|author-?bio|bio-?box|follow|sidebar|widget|toolbar|"
    r"skip-?link|sr-only|visually-?hidden|print-?only|modal|popup|login|signin|signup)(?:$|[\s_-])"
)
# Text that opens a "see also" or call-to-action block in the languages of the corpus' readers.
CALL_TO_ACTION = re.compile(
    r"^\s*(?:[àa] lire (?:aussi|également)|lire (?:aussi|également|la suite)|voir aussi|sur le même sujet|"
    r"read (?:more|also|next)|also read|see also|related(?: articles?| stories| content)?\s*:|more on this|"
    r"lesen sie (?:auch|mehr)|mehr zum thema|auch interessant|das könnte sie auch interessieren|"
    r"abonnez-vous|inscrivez-vous|recevez (?:notre|nos)|subscribe|sign up|newsletter|"
    r"partager|share (?:this|on)|follow us|suivez-nous|publicité|advertisement|anzeige|werbung|rechercher)"
    # A word boundary after a word; after a label's colon ("Related: …") none is needed.
    r"(?:(?<=:)|\b)",
    re.IGNORECASE,
)
# On a paragraph or heading (not on a box), these words say the text is gated, not that it is furniture.
GATED_WORDS = re.compile(r"(?:^|(?<=[\s_-]))(?:paywall|premium|subscriber-?only|gated|locked|metered)(?=$|[\s_-])")
CONTENT_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "blockquote"}
# Class words naming the article's text: "l-sidebar l-article-body" is the article, not a sidebar.
ARTICLE_WORDS = re.compile(
    r"(?:^|[\s_-])(?:article|story|post|entry)-?(?:body|text|content)(?:$|[\s_-])|(?:^|\s)articlebody(?:$|\s)"
)
# Class words of an <aside> that holds a photo of the article.
PHOTO_BOX = re.compile(r"(?:^|[\s_-])(?:image|img|photo|figure|picture|media)(?:$|[\s_-])")
MAX_PHOTO_ASIDE_TEXT = 500
# Class words of an advertisement, which a photo block never carries.
AD_WORDS = re.compile(r"(?:^|[\s_-])(?:ads?|advert\w*|sponsor\w*|promo\w*|teasers?|related|dfp)(?:$|[\s_-])")
# A block that holds the article (many long paragraphs) is never furniture, whatever its class.
MAX_FURNITURE_PARAGRAPHS = 4
# ... nor is a block of a few paragraphs of prose (a "paywall" block holds the rest of the text).
MIN_PROSE_PARAGRAPHS = 3
LONG_PARAGRAPH = 120
# Prose: a paragraph whose text is mostly not link text (teasers are mostly links).
MAX_LINK_SHARE = 0.3


def is_prose(paragraph):
    text = clean_text(paragraph.text_content())
    if len(text) < LONG_PARAGRAPH:
        return False
    linked = sum(len(clean_text(a.text_content())) for a in paragraph.iter("a"))
    return linked <= len(text) * MAX_LINK_SHARE


def _holds_article(element):
    long_paragraphs = prose = 0
    for p in element.iter("p"):
        if len(clean_text(p.text_content())) >= LONG_PARAGRAPH:
            long_paragraphs += 1
            prose += is_prose(p)
            if long_paragraphs > MAX_FURNITURE_PARAGRAPHS or prose >= MIN_PROSE_PARAGRAPHS:
                return True
    return element.find(".//h1") is not None


def _photo_aside(element):
    """ "<aside class='image wide'>": a photo set beside the text, with its caption, not a sidebar."""
    if element.tag != "aside":
        return False
    return _photo_box(element)


def _photo_widget(element):
    """ "<div class='widget widget--type-image'><figure>…": a photo block of the text, not a sidebar widget."""
    if AD_WORDS.search(attr_words(element)):
        return False
    in_figure = element.tag == "figure" or any(a.tag == "figure" for a in element.iterancestors())
    if not in_figure and element.find(".//figure") is None:
        return False
    return _photo_box(element, named=False)


def _photo_box(element, named=True):
    if named and not PHOTO_BOX.search(attr_words(element)):
        return False
    if element.find(".//img") is None:
        return False
    if len(clean_text(element.text_content())) > MAX_PHOTO_ASIDE_TEXT:
        return False
    # A teaser links its text to another page; a photo's link (to the full size) has no text.
    return not any(clean_text(a.text_content()) for a in element.iter("a"))


def _furniture_by_class(element):
    """Class words say furniture; a paragraph of prose ("p.paywall": gated text), the article body or a
    photo's caption ("figcaption.widget__caption": a furniture figure goes whole) is not."""
    if element.tag == "figcaption" or any(a.tag == "figcaption" for a in element.iterancestors()):
        return False
    if element.tag == "p" and is_prose(element):
        return False
    if ARTICLE_WORDS.search(attr_words(element)) or element.get("itemprop") == "articleBody":
        return False
    if _photo_widget(element):
        return False
    return not _holds_article(element)


def _is_furniture(element):
    tag = element.tag
    if tag in PAGE_FURNITURE:
        return not _holds_article(element) and not _photo_aside(element)
    if tag == "form":
        # Whole-page ASP.NET forms hold the article; search and sign-up forms are small.
        return not _holds_article(element)
    if tag == "header":
        return element.find(".//h1") is None and element.find(".//p") is None
    role = (element.get("role") or "").lower()
    if role in FURNITURE_ROLES or (role == "banner" and element.find(".//h1") is None):
        return not _holds_article(element)
    if element.get("hidden") is not None or (element.get("aria-hidden") or "").lower() == "true":
        # A figure's picture is often hidden from screen readers (the caption speaks for it).
        if element.get("hidden") is None and _photo_widget(element):
            return False
        return not _holds_article(element)
    words = attr_words(element)
    if tag in CONTENT_TAGS:
        words = GATED_WORDS.sub(" ", words)  # "h2.paywall": the gated part of the text
    if words and tag not in ("html", "body", "main", "article") and FURNITURE_WORDS.search(words):
        return _furniture_by_class(element)
    return False


def _is_label_box(parent, label):
    """A box holding only the label and links ("Lire aussi : <a>…</a>"), not a sentence ending in a link."""
    text = clean_text(parent.text_content())
    if len(text) > 400:
        return False
    linked = sum(len(clean_text(a.text_content())) for a in parent.iter("a"))
    return len(text) - linked - len(label) < 40


def _call_to_action_blocks(root):
    """Short blocks opening with "Lire aussi", "Newsletter", ..., and the list after such a heading."""
    found = []
    for element in root.iter("p", "div", "section", "li", "h2", "h3", "h4", "h5", "h6", "strong", "span", "a"):
        head = (element.text or "").strip()
        if not head and len(element):
            head = (element[0].text or "").strip()
        if not head or not CALL_TO_ACTION.match(head):
            continue
        text = clean_text(element.text_content())
        if len(text) > 400:
            continue
        target = element
        # A bare "Lire aussi" label inside a small box: drop the whole box.
        parent = element.getparent()
        if element.tag in ("strong", "span", "a", "h2", "h3", "h4", "h5", "h6") and parent is not None:
            if _is_label_box(parent, text) and parent.tag not in ("body", "article", "main"):
                target = parent
            elif (
                element.tag.startswith("h")
                and (following := element.getnext()) is not None
                and following.tag
                in (
                    "ul",
                    "ol",
                    "div",
                )
            ):
                found.append(following)
        found.append(target)
    return found


def remove_furniture(tree):
    """Strip navigation, forms, share bars, related/see-also boxes, ads and prompts, in place."""
    for element in _doomed(tree):
        remove(element)
    for element in _call_to_action_blocks(tree):
        remove(element)
    return tree


def _doomed(tree):
    """The elements to remove, in document order: comments and processing instructions, and what
    ALWAYS_DROP or _is_furniture names. What lies inside one of them goes with it, so it is not
    looked at (a third of a page's elements on the dev pages: menus, footers, scripts, svg)."""
    doomed, pending = [], [tree]
    while pending:
        element = pending.pop()
        if not isinstance(element.tag, str) or element.tag in ALWAYS_DROP or _is_furniture(element):
            doomed.append(element)
        else:
            pending.extend(reversed(element))
    return doomed
