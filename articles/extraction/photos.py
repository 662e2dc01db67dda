"""The article's photos: lazy-loading sources, largest srcset candidate, caption and credit."""

import re

from .credits import MARKER, clean_credit, is_bare_marker, split_credit
from .result import ExtractedImage
from .tree import absolute, attr_words, clean_text, spaced_text, text_of

LAZY_ATTRIBUTES = (
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-lazy",
    "data-url",
    "data-hi-res-src",
    "data-full-src",
    "data-large-src",
    "data-echo",
    "data-img",
    "data-image",
    "src",
)
SRCSET_ATTRIBUTES = ("data-srcset", "data-lazy-srcset", "srcset")
SRCSET_SPLIT = re.compile(r"(?<=\d[wx]),\s*|,\s+")
# Not photos: site furniture and tracking.
NOT_A_PHOTO = re.compile(
    r"logo|icon|avatar|sprite|pixel|tracking|tracker|spacer|blank|placeholder|emoji|badge|"
    r"button|banner-ad|advert|/ads?/|doubleclick|gravatar|author|profile|loader|spinner|1x1|transparent",
    re.IGNORECASE,
)
LAZY_WRAPPER = re.compile(r"[\w-]*(?:placeholder|loader|spinner|blank|transparent)[\w-]*")
# In a file name the same words count only whole: "silicon-valley.jpg", "advertisement_1950.jpg"
# and "authority.jpg" are photos.
NOT_A_PHOTO_NAME = re.compile(r"(?<![a-z])(?:" + NOT_A_PHOTO.pattern + r")s?(?![a-z])", re.IGNORECASE)
ALT_NOT_A_PHOTO = re.compile(r"\b(?:logo|icon|avatar|emoji|badge|spacer|placeholder)s?\b", re.IGNORECASE)
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
MIN_SIZE = 50
# A photo before the first paragraph this long is the article's lead photo.
LEAD_PHOTO_TEXT = 80
# A site-wide share image stands in for a photo the article does not have.
DEFAULT_COVER = re.compile(r"default|fallback|generic|placeholder|logo|share[-_]?image|og[-_]?image", re.IGNORECASE)
PHOTO_PAGE = re.compile(r"photo|gallery|galerie|bilder|foto|zoom|lightbox|slideshow", re.IGNORECASE)
PHOTO_EXTENSION = re.compile(r"\.(?:jpe?g|png|webp|avif|gif)(?:$|[?#])", re.IGNORECASE)


def _largest_from_srcset(srcset):
    best, best_size = "", -1.0
    for candidate in SRCSET_SPLIT.split(srcset.strip()):
        parts = candidate.strip().split()
        if not parts:
            continue
        size = 1.0
        if len(parts) > 1 and parts[-1][:-1].replace(".", "", 1).isdigit():
            size = float(parts[-1][:-1])
        if size > best_size:
            best, best_size = parts[0], size
    return best


def _source(img, base):
    """The URL a reader would see: the largest srcset candidate, else the lazy or plain src."""
    candidates = [_largest_from_srcset(img.get(name)) for name in SRCSET_ATTRIBUTES if img.get(name)]
    # libxml2 does not know <source> is empty, so the <img> may sit inside one: look up to <picture>.
    picture = next((a for a in _ancestors(img, 3) if a.tag == "picture"), None)
    if picture is not None:
        for source in picture.iter("source"):
            candidates.extend(_largest_from_srcset(source.get(n)) for n in SRCSET_ATTRIBUTES if source.get(n))
    candidates.extend(img.get(name) for name in LAZY_ATTRIBUTES)
    for candidate in candidates:
        url = absolute(candidate, base)
        if url and not NOT_A_PHOTO_NAME.search(url.rsplit("/", 1)[-1]):
            return url
    return ""


def _dimension(value):
    value = (value or "").strip().removesuffix("px")
    return int(value) if value.isdigit() else None


def _is_furniture_image(img, src):
    width, height = _dimension(img.get("width")), _dimension(img.get("height"))
    if (width is not None and width < MIN_SIZE) or (height is not None and height < MIN_SIZE):
        return True
    if (src.lower().endswith(".svg") or ".svg?" in src.lower()) and not _in_captioned_figure(img):
        return True  # SVGs are logos and icons, unless a figure gives them a caption
    name = src.rsplit("/", 1)[-1]
    # The alt text is prose ("une façade transparente", "the new Pixel 8"): only whole furniture words count.
    alt = img.get("alt") or ""
    if NOT_A_PHOTO.search(attr_words(img)) or NOT_A_PHOTO_NAME.search(name) or ALT_NOT_A_PHOTO.search(alt):
        return True
    # A lazy-loading wrapper ("aspectRatioPlaceholder", "loader") holds the real photo.
    around = " ".join(attr_words(ancestor) for ancestor in _ancestors(img, 3))
    return bool(NOT_A_PHOTO.search(LAZY_WRAPPER.sub(" ", around)))


def _in_captioned_figure(img):
    figure = next((a for a in _ancestors(img, 4) if a.tag == "figure"), None)
    return figure is not None and figure.find(".//figcaption") is not None


def _ancestors(element, depth):
    """Up to `depth` ancestors; <source> and <picture> do not count (libxml2 nests what follows a
    <source> inside it, so a <picture> with many sources buries its <img> deep)."""
    parent = element.getparent()
    while parent is not None and depth > 0:
        yield parent
        if parent.tag not in ("source", "picture"):
            depth -= 1
        parent = parent.getparent()


def _same_file(url, other):
    """Two renditions of one file: same host and folder, same name once size marks are removed."""
    url, other = url.split("?", 1)[0].removeprefix("https:").removeprefix("http:"), other.split("?", 1)[0]
    other = other.removeprefix("https:").removeprefix("http:")
    stem = _stem(url)
    return bool(stem) and url.rsplit("/", 1)[0] == other.rsplit("/", 1)[0] and stem == _stem(other)


def _links_elsewhere(img):
    """A picture inside a link to another page is a teaser for that page, not this article's photo."""
    for ancestor in _ancestors(img, 4):
        if ancestor.tag == "a":
            href = ancestor.get("href") or ""
            if not href or href.startswith("#") or PHOTO_EXTENSION.search(href):
                return False
            # A link to a larger rendition of the same file (an image server's "…=s1200") enlarges it.
            if any(_same_file(href, img.get(name)) for name in LAZY_ATTRIBUTES if img.get(name)):
                return False
            # A text-less link to the photo's own page ("/article_photo/list?…", "/gallery/…") enlarges it.
            return not (PHOTO_PAGE.search(href.split("?", 1)[0]) and not text_of(ancestor))
        if ancestor.tag == "figure":
            return False
    return False


def _container(img):
    """The figure (or figure-like block) that holds the image and its caption."""
    fallback, images = None, 0
    for ancestor in _ancestors(img, 5):
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
        count = len(list(ancestor.iter("img")))
        if fallback is None and count <= 2:
            fallback, images = ancestor, count
        # The image's own wrapper often holds nothing else: the caption sits in the block around it.
        elif fallback is not None and count == images and not text_of(fallback) and _has_own_text(ancestor):
            fallback = ancestor
    return fallback


def _has_own_text(block):
    """Text that is not mostly link text: a teaser's "Read more" or headline beside a picture is no caption."""
    text = len(text_of(block))
    return text > 0 and sum(len(text_of(a)) for a in block.iter("a")) * 2 < text


def _outermost(elements):
    return [e for e in elements if not any(o is not e and e in o.iterdescendants() for o in elements)]


def _caption_and_credit(img, container):
    if container is None:
        return "", ""
    credit_elements, caption_elements = [], []
    for element in container.iter():
        if element is img or not isinstance(element.tag, str):
            continue
        words = TEXT_UTILITY.sub(" ", attr_words(element))
        if element.tag == "figcaption" or (words and CAPTION_WORDS.search(words) and not CREDIT_WORDS.search(words)):
            caption_elements.append(element)
        elif (words and CREDIT_WORDS.search(words)) or element.tag in ("small", "cite"):
            credit_elements.append(element)
    if not caption_elements and not credit_elements:
        return _unmarked_caption(img, container)
    # "Copyright" alone is a label beside the credit, not the credit, nor part of the caption.
    # Photographer and agency may sit in elements of their own ("Photo by X" / "AFP via Getty Images");
    # a block repeating the credit with its label ("Copyright X" beside "X") gives it once.
    credits, labels = [], []
    for element in _outermost(credit_elements):
        text = spaced_text(element)
        if not text or len(text) >= 200:
            continue
        if is_bare_marker(text):
            labels.append(text)
        elif not any(clean_credit(text) in clean_credit(c) for c in credits):
            credits = [c for c in credits if clean_credit(c) not in clean_credit(text)] + [text]
    credit = " / ".join(clean_credit(c) for c in credits)
    # Keep the outermost caption element; its text minus the credit's is the caption proper.
    # A lightbox often repeats the caption beside the figcaption: each text once.
    texts = []
    for text in (spaced_text(e) for e in _outermost(caption_elements)):
        if text and not any(text in kept for kept in texts):
            texts = [kept for kept in texts if kept not in text] + [text]
    caption = clean_text(" ".join(texts))
    for text in credits + labels:
        caption = clean_text(caption.replace(text, " ")) if text in caption else caption
    caption, inline_credit = split_credit(caption.strip(" /|–—-"))
    return caption, credit or inline_credit


# An unmarked caption: the few words a photo block holds besides the picture.
MAX_UNMARKED_CAPTION = 300
# A video player's duration ("4:11", "03:07 Min") opens its teaser text.
PLAYER_TIME = re.compile(r"^\W*\d{1,2}:\d{2}\b")


def _unmarked_caption(img, container):
    """ "<div class=picture><img><p>The coach. <span>IMAGO/Jane Roe</span></p></div>": with no element
    named caption or credit, the block's own short text is the caption (and may end with the credit)."""
    if container is img or next(container.iter(*HEADINGS, "ul", "ol", "table", "blockquote"), None) is not None:
        return "", ""
    # A caption line and a credit line at most ("<p>The minister.</p><p>Image: Jane Roe</p>").
    if sum(1 for _ in container.iter("p")) > 2:
        return "", ""
    text = spaced_text(container)
    if len(text.split()) < MIN_CAPTION_WORDS or len(text) > MAX_UNMARKED_CAPTION or PLAYER_TIME.match(text):
        return "", ""
    if not _has_own_text(container):
        return "", ""
    return split_credit(text)


def _adjacent_caption(container):
    """A caption set just after the photo's block rather than inside it ("<div class=image>…</div>
    <p class=caption>…</p>")."""
    following = container.getnext() if container is not None else None
    if following is None or following.tag not in ("p", "div", "span", "small", "figcaption"):
        return None
    named = following.tag == "figcaption" or CAPTION_OR_CREDIT.search(attr_words(following))
    if not named or following.find(".//img") is not None:
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


def _photo(img, src, container):
    caption, credit = _caption_and_credit(img, container)
    # With no figure around it, a <figcaption> right after the picture is still its caption.
    block = container if container is not None else next((a for a in _ancestors(img, 1) if a.tag == "picture"), img)
    if not caption and not credit and (adjacent := _adjacent_caption(block)) is not None:
        caption, credit = _caption_and_credit(img, adjacent)
    if not caption and not credit and container is not None:
        caption, credit = _caption_then_credit_line(container)
    if not credit:
        credit = _attribute_credit(img)
    if not credit:
        # "Ein Meteorit liegt in Elmshorn © NDR Foto: Jane Roe": the alt text may carry the credit.
        credit = split_credit(img.get("alt") or "")[1]
    if not caption:
        caption, extra_credit = split_credit(img.get("data-caption") or img.get("title") or "")
        credit = credit or extra_credit
        # One word in a title attribute ("Advertorials", "Foto") is a label, not a caption.
        caption = caption if len(caption.split()) > 1 else ""
    return ExtractedImage(
        src=src,
        alt=clean_text(img.get("alt")),
        caption=caption,
        credit=credit,
        width=_dimension(img.get("width")),
        height=_dimension(img.get("height")),
    )


def _microdata_image(figure, base_url):
    """The URL of a schema.org ImageObject <figure> that holds no image element yet."""
    if "imageobject" not in (figure.get("itemtype") or "").lower():
        return ""
    if next(figure.iter("img", "picture"), None) is not None:
        return ""
    candidates = [figure.get("itemid")]
    for named in figure.xpath(".//*[@itemprop='url' or @itemprop='contentUrl']"):
        candidates += [named.get("content"), named.get("href"), named.get("src")]
    urls = (absolute(c, base_url) for c in candidates if c)
    return next((url for url in urls if PHOTO_EXTENSION.search(url)), "")


def find_photos(root, base_url):
    """Photos of the article under `root` in page order, and whether one comes before the text."""
    photos, seen, containers = [], set(), set()
    has_lead_photo, text_started = False, False
    for img in root.iter("img", "p", "figure"):
        if img.tag == "p":
            text_started = text_started or len(text_of(img)) >= LEAD_PHOTO_TEXT
            continue
        if img.tag == "figure":
            # A lazy figure whose <img> a script adds later: its schema.org microdata names the photo.
            src = _microdata_image(img, base_url)
            if src and src not in seen:
                seen.add(src)
                containers.add(img)
                has_lead_photo = has_lead_photo or not text_started
                caption, credit = _caption_and_credit(img, img)
                photos.append(ExtractedImage(src=src, caption=caption, credit=credit))
            continue
        src = _source(img, base_url)
        if not src or _is_furniture_image(img, src) or _links_elsewhere(img):
            continue
        container = _container(img)
        # A <noscript> copy of a lazy image in the same figure is the same photo.
        if (container is None and src in seen) or (container is not None and container in containers):
            continue
        photo = _photo(img, src, container)
        # The lead photo shown again in the text, in a figure of its own with another caption, is shown
        # twice; a lightbox or thumbnail copy repeats the caption or has none.
        if src in seen and (not photo.caption or any(p.src == src and p.caption == photo.caption for p in photos)):
            continue
        seen.add(src)
        if container is not None:
            containers.add(container)
        has_lead_photo = has_lead_photo or not text_started
        photos.append(photo)
    return photos, has_lead_photo


def photo_above(tree, h1, root, base_url):
    """A photo between the headline and the article block (the text block alone was chosen): the
    lead photo of the page's header area, or None when text, or the block itself, comes first."""
    if h1 is None or root is None or h1 in root.iterdescendants():
        return None
    started = False
    for element in tree.iter():
        if element is h1:
            started = True
            continue
        if element is root:
            return None
        if not started or h1 in element.iterancestors():
            continue
        if element.tag == "p" and len(text_of(element)) >= LEAD_PHOTO_TEXT:
            return None
        if element.tag != "img":
            continue
        src = _source(element, base_url)
        if src and not _is_furniture_image(element, src) and not _links_elsewhere(element):
            return _photo(element, src, _container(element))
    return None


SIZE_TOKENS = re.compile(
    r"=[swh]\d+(?:-[\w-]*)?$|\d+x\d+|[_-]?\b(?:w|h)?\d{2,4}(?:w|px)?\b|\.\w{3,4}$|[-_~](?:scaled|large|medium|small|thumb)"
)


def _stem(src):
    """The file name without extension and size tokens: one photo in several crops has one stem."""
    name = src.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1].lower()
    return SIZE_TOKENS.sub("", name).strip("-_.~")


# A photo's number at the start of its file name ("34432223-mann-mit-….jpg").
PHOTO_NUMBER = re.compile(r"^\d{6,}(?=\D)")


def _same_photo(src, other):
    """One photo in two crops: the same stem, or the same number opening the file name in the same folder
    (renditions that differ by a hash suffix)."""
    if _stem(src) == _stem(other):
        return True
    folder, _, name = src.split("?", 1)[0].rpartition("/")
    other_folder, _, other_name = other.split("?", 1)[0].rpartition("/")
    number = PHOTO_NUMBER.match(name)
    return bool(number) and folder == other_folder and other_name.startswith(number.group())


def _cover_on_page(images, cover, base_url):
    """The share image as the page shows it (often above the article block, or in a block the
    cleaning dropped as a sidebar), with its caption."""
    for img in images:
        src = _source(img, base_url)
        if src and _same_photo(src, cover):
            photo = _photo(img, cover, _container(img))
            photo.src = cover
            return photo
    return ExtractedImage(src=cover)


def with_cover(photos, cover_urls, has_lead_photo, page_images=(), base_url=""):
    """The page's share image (og:image / JSON-LD) is the lead photo when the article shows none above
    its text; `page_images` are the page's <img> elements as published, before any cleaning."""
    cover = next((url for url in cover_urls if not DEFAULT_COVER.search(url.split("?", 1)[0].rsplit("/", 1)[-1])), None)
    if cover and not has_lead_photo and not any(_stem(p.src) == _stem(cover) for p in photos if _stem(cover)):
        lead = _cover_on_page(page_images, cover, base_url) if _stem(cover) else ExtractedImage(src=cover)
        photos = [lead, *photos]
    elif cover:
        # The article's own copy of the share image is its lead photo: move it first.
        photos = sorted(photos, key=lambda p: _stem(p.src) != _stem(cover))
    return photos


def caption_elements(root):
    """Elements that hold captions or credits: they belong to the photos, never to the body."""
    found = []
    for figure in root.iter("figure"):
        if figure.find(".//img") is not None or figure.find(".//picture") is not None:
            found.append(figure)
    for element in root.iter("figcaption"):
        found.append(element)
    for element in root.iter("div", "span", "p", "small", "cite"):
        words = attr_words(element)
        if words and CAPTION_OR_CREDIT.search(words):
            parent = element.getparent()
            near_image = parent is not None and (parent.find(".//img") is not None or parent.tag == "figure")
            # A block holding a headline ("header has-caption") holds more than a caption.
            if near_image and len(text_of(element)) < 600 and next(element.iter(*HEADINGS), None) is None:
                found.append(element)
    return found


# A caption this short ("india", "map") is an alt text or a slug, not what the page shows under the photo.
MIN_CAPTION_WORDS = 4


def with_schema_captions(photos, image_objects):
    """JSON-LD ImageObjects give captions and credits the markup leaves to JavaScript; a captioned
    one missing from the page is one of the article's photos too."""
    by_stem = {}
    for photo in photos:
        by_stem.setdefault(_stem(photo.src), photo)
    for url, caption, credit in image_objects:
        caption, inline_credit = split_credit(caption)
        credit = clean_credit(credit) if credit else inline_credit
        photo = by_stem.get(_stem(url)) if _stem(url) else None
        if photo is None:
            if caption:
                photo = ExtractedImage(src=url, caption=caption, credit=credit)
                photos.append(photo)
                by_stem[_stem(url)] = photo
            continue
        if caption and len(photo.caption.split()) < MIN_CAPTION_WORDS:
            photo.caption = caption
        photo.credit = photo.credit or credit
    return photos
