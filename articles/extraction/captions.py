"""A photo's caption and credit, read in the markup around its picture."""

import re

from .credit_parts import is_credit_part
from .credits import MARKER, clean_credit, is_bare_marker, split_credit
from .images import PHOTO_TAGS, ancestors
from .tree import attr_words, clean_text, spaced_text, text_of

FIGURE_WORDS = re.compile(r"figure|image|img|photo|picture|media|visual|illustration|gallery|slide")
CAPTION_WORDS = re.compile(r"caption|legend|légende|legende|cutline|figcaption|description|desc\b|subtitle|text")
# Utility classes setting a text's size or colour ("text-sm", "md:text-lg", "text-copy-primary") say
# nothing of what the text is: a player's "autoplay" switch or "More videos" heading is no caption.
TEXT_UTILITY = re.compile(r"(?<!\S)(?:\S*:)?text-(?![\w-]*(?:caption|legend|desc))\S*")
CREDIT_WORDS = re.compile(
    r"credit|copyright|source|author|autor|photographer|fotograf|byline|rights|courtesy|agency|distributor|"
    r"licen[cs]e|attribution"
)
# Outside a figure, only unambiguous class words mark a caption or credit.
CAPTION_OR_CREDIT = re.compile(r"caption|legend|légende|legende|cutline|credit|copyright")
HEADINGS = ("h1", "h2", "h3")
# A credit line: its label, a colon, the credit ("Image: Jane Roe/Agency", "Foto: dpa").
LEADING_CREDIT_LABEL = re.compile(rf"^\s*{MARKER}\s*[:：]\s*(?=\S)", re.IGNORECASE)


def _holds_photo(element):
    return next(element.iterdescendants(*PHOTO_TAGS), None) is not None


def photo_block(img):
    """The figure (or figure-like block) that holds the image and its caption."""
    fallback, images = None, 0
    for ancestor in ancestors(img, 5):
        if ancestor.tag == "figure":
            return ancestor
        figure_like = FIGURE_WORDS.search(attr_words(ancestor))
        # A <section class="teaser-image"> is a figure; a plain one is a part of the page.
        if (ancestor.tag in ("article", "main", "body") or (ancestor.tag == "section" and not figure_like)) and (
            fallback is None
        ):
            break
        if not figure_like:
            continue
        count = len(list(ancestor.iter(*PHOTO_TAGS)))
        if fallback is None and count <= 2:
            fallback, images = ancestor, count
        # The image's own wrapper often holds nothing else: the caption sits in the block around it.
        elif fallback is not None and count == images and not text_of(fallback) and has_own_text(ancestor):
            fallback = ancestor
    return fallback


def has_own_text(block):
    """Text that is not mostly link text: a teaser's "Read more" or headline beside a picture is no caption."""
    text = len(text_of(block))
    return text > 0 and sum(len(text_of(a)) for a in block.iter("a")) * 2 < text


def _outermost(elements):
    return [e for e in elements if not any(o is not e and e in o.iterdescendants() for o in elements)]


def _set_apart(element, captions):
    """A credit the caption's markup sets apart (credit_parts.py)."""
    parent = element.getparent()
    return parent is not None and parent in captions and is_credit_part(element, parent)


# A player's or lightbox's controls: their labels ("Audio", "Vergrößern") are no caption.
CONTROLS = ("button", "script", "style", "template", "svg")
# A media item's running time, alone in its element: "03:07 Min.", "12 min"; a bare "4:11" only on
# a line that names the player ("Audio", "Video"): elsewhere it may be the time of day.
DURATION = re.compile(r"^\d{1,3}(?::\d{2}){0,2}\s*(?:min|mins|minutes?|minuten|sek|sec)\.?$", re.IGNORECASE)
CLOCK = re.compile(r"^\d{1,2}(?::\d{2}){1,2}$")
PLAYER_WORDS = re.compile(r"audio|video|vidéo|podcast|player|listen|écouter|hören|play", re.IGNORECASE)
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _running_time(element):
    text = text_of(element)
    if DURATION.match(text):
        return True
    line = element.getparent()
    around = f"{text_of(line)} {attr_words(line)} {attr_words(element)}" if line is not None else ""
    return bool(CLOCK.match(text)) and bool(PLAYER_WORDS.search(around))


def _within(element, container):
    return (a for a in element.iterancestors() if a is not container and container in a.iterancestors())


def _not_caption(container):
    """The elements of a photo's block that say nothing of the photo: a player's controls, the line
    giving an audio's or video's running time (with its label, date and author), and a heading
    linking to another page (that audio's or video's own title)."""
    skipped = list(container.iter(*CONTROLS))
    for element in container.iter():
        if isinstance(element.tag, str) and len(element) == 0 and _running_time(element):
            line = element.getparent()
            # The player's line, not a figcaption that also holds the photo's own words.
            whole_line = line is not None and line is not container and line.tag != "figcaption"
            skipped.append(line if whole_line else element)
    for heading in container.iter(*HEADING_TAGS):
        if heading.find(".//a") is not None or any(a.tag == "a" for a in _within(heading, container)):
            skipped.append(heading)
    return skipped


def _marked(img, container, skipped):
    """(caption elements, credit elements) of a photo's block, by tag and class words."""
    captions, credits = [], []
    controls = {e for s in skipped for e in s.iter()}
    for element in container.iter():
        if element is img or not isinstance(element.tag, str) or element in controls:
            continue
        words = TEXT_UTILITY.sub(" ", attr_words(element))
        if element.tag == "figcaption" or (words and CAPTION_WORDS.search(words) and not CREDIT_WORDS.search(words)):
            captions.append(element)
        elif (
            (words and CREDIT_WORDS.search(words))
            or element.tag in ("small", "cite")
            or _set_apart(element, captions)
            or _labelled_credit(element)
        ):
            credits.append(element)
    return captions, credits


def _credits(elements, captions=(), skip=frozenset()):
    """(credit texts, bare labels) of the credit elements. "Copyright" alone is a label beside the
    credit, not the credit, nor part of the caption. Photographer and agency may sit in elements of
    their own ("Photo by X" / "AFP via Getty Images"); a block repeating the credit with its label
    ("Copyright X" beside "X") gives it once."""
    credits, labels = [], []
    for element in _outermost(elements):
        # A credit block that also holds the caption's element gives only the rest.
        inner = skip | {c for c in captions if c is not element and element in c.iterancestors()}
        text = spaced_text(element, skip=inner) or spaced_text(element, skip=skip)
        if not text or len(text) >= 200:
            continue
        if is_bare_marker(text):
            labels.append(text)
        elif not any(clean_credit(text) in clean_credit(c) for c in credits):
            credits = [c for c in credits if clean_credit(c) not in clean_credit(text)] + [text]
    return credits, labels


def _caption_text(elements, skip=frozenset()):
    """The outermost caption elements' text; a lightbox often repeats the caption beside the
    figcaption: each text once."""
    texts = []
    for text in (spaced_text(e, skip=skip) for e in _outermost(elements)):
        if text and not any(text in kept for kept in texts):
            texts = [kept for kept in texts if kept not in text] + [text]
    return clean_text(" ".join(texts))


def caption_and_credit(img, container):
    """(caption, credit) from the elements of the photo's block marked as such; the caption proper
    is the caption elements' text minus the credits' (or the block's own short text, unmarked)."""
    if container is None:
        return "", ""
    skipped = frozenset(_not_caption(container))
    caption_elements, credit_elements = _marked(img, container, skipped)
    if not caption_elements and not credit_elements:
        return _unmarked_caption(img, container)
    credits, labels = _credits(credit_elements, caption_elements, skipped)
    if not caption_elements:
        # Only the credit is marked ("<p>The minister.</p><span class=image__source>dpa</span>"):
        # the block's own short text beside it is the caption.
        caption, _ = _unmarked_caption(img, container, without=credits + labels)
        return caption, " / ".join(clean_credit(c) for c in credits)
    caption = _caption_text(caption_elements, skipped)
    for text in credits + labels:
        caption = clean_text(caption.replace(text, " ")) if text in caption else caption
    caption, inline_credit = split_credit(caption.strip(" /|–—-"))
    return caption, " / ".join(clean_credit(c) for c in credits) or inline_credit


MAX_LABELLED_CREDIT_WORDS = 10


def _labelled_credit(element):
    """An unmarked line of the photo's block opening with a credit's label ("Image: Jane Roe")."""
    if element.tag not in ("p", "div", "span"):
        return False
    text = spaced_text(element)
    return bool(LEADING_CREDIT_LABEL.match(text)) and len(text.split()) <= MAX_LABELLED_CREDIT_WORDS


# An unmarked caption: the few words a photo block holds besides the picture.
MAX_UNMARKED_CAPTION = 300
# A video player's duration ("4:11", "03:07 Min") opens its teaser text.
PLAYER_TIME = re.compile(r"^\W*\d{1,2}:\d{2}\b")


def _unmarked_caption(img, container, without=()):
    """ "<div class=picture><img><p>The coach. <span>IMAGO/Jane Roe</span></p></div>": with no element
    named caption, the block's own short text (`without` the credits read) is the caption (and may
    end with the credit)."""
    if container is img or next(container.iter(*HEADINGS, "ul", "ol", "table", "blockquote"), None) is not None:
        return "", ""
    # A caption line and a credit line at most ("<p>The minister.</p><p>Image: Jane Roe</p>").
    if sum(1 for _ in container.iter("p")) > 2:
        return "", ""
    text = spaced_text(container)
    for part in without:
        text = clean_text(text.replace(part, " "))
    if len(text.split()) < MIN_CAPTION_WORDS or len(text) > MAX_UNMARKED_CAPTION or PLAYER_TIME.match(text):
        return "", ""
    if not has_own_text(container):
        return "", ""
    return split_credit(text)


# "img-description", "photo-desc": a description named after the picture is its caption.
PICTURE_DESCRIPTION = re.compile(r"(?:img|image|photo|picture|figure|media)[\w-]*(?:description|desc\b|text)")


def _following_block(container):
    """The element after the photo's block, or after the wrappers holding nothing but that block."""
    for _ in range(3):
        if container is None:
            return None
        following = container.getnext()
        while following is not None and not isinstance(following.tag, str):
            following = following.getnext()
        if following is not None:
            return following
        parent = container.getparent()
        if (
            parent is None
            or len([c for c in parent if isinstance(c.tag, str)]) > 1
            or text_of(parent) != text_of(container)
        ):
            return None
        container = parent
    return None


def adjacent_caption(container):
    """A caption set just after the photo's block rather than inside it ("<div class=image>…</div>
    <p class=caption>…</p>")."""
    following = _following_block(container)
    if following is None or following.tag not in ("p", "div", "span", "small", "figcaption"):
        return None
    words = attr_words(following)
    named = following.tag == "figcaption" or CAPTION_OR_CREDIT.search(words) or PICTURE_DESCRIPTION.search(words)
    if not named or _holds_photo(following):
        return None
    return following if len(text_of(following)) < 600 else None


def _next_with_text(element):
    following = element.getnext()
    while following is not None and (not isinstance(following.tag, str) or not text_of(following)):
        following = following.getnext()
    return following


MAX_CAPTION_LINE, MAX_CREDIT_LINE = 400, 120


def _caption_then_credit_line(container):
    """Unmarked lines after the photo's block (or after the wrapper it closes): a short paragraph,
    then a credit line opening with its label ("<p>The minister.</p><p>Image: Jane Roe/Agency</p>")."""
    block, caption_line = container, None
    for _ in range(3):
        if block is None or (caption_line := _next_with_text(block)) is not None:
            break
        block = block.getparent()
    credit_line = _next_with_text(caption_line) if caption_line is not None else None
    if credit_line is None or caption_line.tag not in ("p", "div", "span"):
        return "", ""
    caption, credit = text_of(caption_line), text_of(credit_line)
    if (
        next(caption_line.iter("img", "h1", "h2", "h3", "ul", "ol"), None) is not None
        or len(caption) > MAX_CAPTION_LINE
        or len(credit) > MAX_CREDIT_LINE
        or not LEADING_CREDIT_LABEL.match(credit)
    ):
        return "", ""
    return caption, clean_credit(credit)


# Attributes a lightbox script reads the credit from (<img data-caption="…" data-credit="…">).
CREDIT_ATTRIBUTES = ("data-credit", "data-copyright", "data-photographer", "data-source", "data-author")
MAX_ATTRIBUTE_CREDIT_WORDS = 12
# "data-source" also names files, URLs and players: a credit is never a path.
NOT_A_CREDIT_VALUE = re.compile(r"://|^/|\.\w{2,4}$|^\{")


def _attribute_credit(img):
    for name in CREDIT_ATTRIBUTES:
        value = clean_text(img.get(name))
        if value and len(value.split()) <= MAX_ATTRIBUTE_CREDIT_WORDS and not NOT_A_CREDIT_VALUE.search(value):
            return clean_credit(value)
    return ""


def photo_text(img, container):
    """(caption, credit) of a photo: its block's marked caption and credit, else a caption just after
    the block, else its attributes (data-credit, alt, data-caption, title)."""
    caption, credit = caption_and_credit(img, container)
    # With no figure around it, a <figcaption> right after the picture is still its caption.
    block = container if container is not None else next((a for a in ancestors(img, 1) if a.tag == "picture"), img)
    if not caption and not credit and (adjacent := adjacent_caption(block)) is not None:
        caption, credit = caption_and_credit(img, adjacent)
    if not caption and not credit and container is not None:
        caption, credit = _caption_then_credit_line(container)
    if not credit:
        credit = _attribute_credit(img)
    if not credit:
        # "Ein Meteorit liegt in Elmshorn © NDR Foto: Jane Roe": the alt text may carry the credit.
        credit = split_credit(img.get("alt") or "")[1]
    if not credit and not (title := split_credit(img.get("title") or ""))[0]:
        credit = title[1]  # a title attribute that is only the credit ("© Jane Roe")
    if not caption:
        caption, extra_credit = split_credit(img.get("data-caption") or img.get("title") or "")
        credit = credit or extra_credit
        # One word in a title attribute ("Advertorials", "Foto") is a label, not a caption.
        caption = caption if len(caption.split()) > 1 else ""
    return caption, credit


def caption_elements(root):
    """Elements that hold captions or credits: they belong to the photos, never to the body."""
    found = []
    for figure in root.iter("figure"):
        if _holds_photo(figure) or figure.find(".//picture") is not None:
            found.append(figure)
    for element in root.iter("figcaption"):
        found.append(element)
    for element in root.iter("div", "span", "p", "small", "cite"):
        words = attr_words(element)
        if words and CAPTION_OR_CREDIT.search(words):
            parent = element.getparent()
            near_image = parent is not None and (_holds_photo(parent) or parent.tag == "figure")
            # A block holding a headline ("header has-caption") holds more than a caption.
            if near_image and len(text_of(element)) < 600 and next(element.iter(*HEADINGS), None) is None:
                found.append(element)
    return found


# A caption this short ("india", "map") is an alt text or a slug, not what the page shows under the photo.
MIN_CAPTION_WORDS = 4
