"""The article's photos in page order: the lead photo, the share image, JSON-LD captions."""

import re
from copy import copy
from dataclasses import dataclass

from .backgrounds import BLOCK_TAGS, background_photo
from .captions import FIGURE_WORDS, MIN_CAPTION_WORDS, caption_and_credit, caption_elements, photo_block, photo_text
from .credits import clean_credit, split_credit
from .images import (
    PHOTO_EXTENSION,
    PHOTO_TAGS,
    ancestors,
    dimension,
    is_furniture_image,
    links_elsewhere,
    same_file_name,
    same_photo,
    same_rendition,
    source,
    stem,
)
from .result import ExtractedImage
from .tree import absolute, attr_words, clean_text, remove, text_of

# A photo before the first paragraph this long is the article's lead photo.
LEAD_PHOTO_TEXT = 80
# Blocks of text that tell where a photo stands in the story (extraction/placement.py): the last
# few read before it, long enough not to be a label.
TEXT_TAGS = ("p", "h2", "h3", "h4", "li")
ANCHORS = 3
MIN_ANCHOR_TEXT = 20
# A site-wide share image stands in for a photo the article does not have.
DEFAULT_COVER = re.compile(r"default|fallback|generic|placeholder|logo|share[-_]?image|og[-_]?image", re.IGNORECASE)


def _photo(img, src, block):
    caption, credit = photo_text(img, block)
    return ExtractedImage(
        src=src,
        alt=clean_text(img.get("alt")),
        caption=caption,
        credit=credit,
        width=dimension(img.get("width")),
        height=dimension(img.get("height")),
    )


def _microdata_image(figure, base_url):
    """The URL of a schema.org ImageObject <figure> that holds no image element yet."""
    if "imageobject" not in (figure.get("itemtype") or "").lower():
        return ""
    if next(figure.iter(*PHOTO_TAGS, "picture"), None) is not None:
        return ""
    candidates = [figure.get("itemid")]
    for named in figure.xpath(".//*[@itemprop='url' or @itemprop='contentUrl']"):
        candidates += [named.get("content"), named.get("href"), named.get("src")]
    urls = (absolute(c, base_url) for c in candidates if c)
    return next((url for url in urls if PHOTO_EXTENSION.search(url)), "")


def _block_photo(block, base_url, containers):
    """The photo a block names without an image element: a lazy figure whose <img> a script adds
    later (its schema.org microdata), or one painted as a CSS background (backgrounds.py)."""
    if block.tag != "figure" and "url(" not in (block.get("style") or ""):
        return None  # a plain <div>, the common case: decided at once
    src = _microdata_image(block, base_url) if block.tag == "figure" else ""
    if src:
        caption, credit = caption_and_credit(block, block)
        return ExtractedImage(src=src, caption=caption, credit=credit)
    if any(a in containers for a in block.iterancestors()):
        return None
    shown = background_photo(block, base_url)
    return ExtractedImage(src=shown[0], caption=shown[1], credit=shown[2]) if shown is not None else None


def find_photos(root, base_url):
    """Photos of the article under `root` in page order, and whether one comes before the text."""
    photos, seen, containers = [], set(), set()
    has_lead_photo, text_started, anchors = False, False, []
    for img in root.iter(*PHOTO_TAGS, *BLOCK_TAGS, *TEXT_TAGS):
        if img.tag in TEXT_TAGS:
            text = text_of(img)
            text_started = text_started or (img.tag == "p" and len(text) >= LEAD_PHOTO_TEXT)
            # A caption is no place in the story.
            if len(text) >= MIN_ANCHOR_TEXT and not any(a in containers for a in img.iterancestors()):
                anchors = [*anchors[1 - ANCHORS :], text]
            continue
        if img.tag in BLOCK_TAGS:
            photo = _block_photo(img, base_url, containers)
            if photo is not None and photo.src not in seen and not _is_copy(photo, photos):
                seen.add(photo.src)
                containers.add(img)
                has_lead_photo = has_lead_photo or not text_started
                photo.anchors = anchors
                photos.append(photo)
            continue
        src = source(img, base_url)
        if not src or is_furniture_image(img, src) or links_elsewhere(img):
            continue
        container = photo_block(img)
        if container is None and _stray_noscript_image(img):
            continue
        # A <noscript> copy of a lazy image in the same figure is the same photo.
        if (container is None and src in seen) or (container is not None and container in containers):
            continue
        photo = _photo(img, src, container)
        photo.anchors = anchors
        if _is_copy(photo, photos):
            continue
        seen.add(src)
        if container is not None:
            containers.add(container)
        has_lead_photo = has_lead_photo or not text_started
        photos.append(photo)
    return photos, has_lead_photo


NOSCRIPT_WRAPPERS = 6


def _stray_noscript_image(img):
    """A <noscript> image outside a photo block and not next to the lazy picture it copies: a
    tracking pixel for browsers without JavaScript."""
    noscript = next((a for a in img.iterancestors() if a.tag == "noscript"), None)
    if noscript is None:
        return False
    neighbours = (noscript.getprevious(), noscript.getnext())
    if any(n is not None and n.tag in (*PHOTO_TAGS, "picture") for n in neighbours):
        return False
    # A script-rendered picture keeps only its <noscript> copy, deep in wrappers named after it.
    wrappers = (a for a in ancestors(noscript, NOSCRIPT_WRAPPERS) if a.tag not in ("body", "html"))
    return not any(a.tag == "figure" or FIGURE_WORDS.search(attr_words(a)) for a in wrappers)


def _is_copy(photo, photos):
    """A copy of a photo already read: the same file (in another size, with another query) with no
    caption or the same one; a captioned copy of an uncaptioned one lends it its caption and place.
    The lead photo shown again in the text, in a figure of its own with another caption, is shown twice."""
    same = [p for p in photos if same_rendition(p.src, photo.src)]
    if not same:
        return False
    if not photo.caption or any(p.caption == photo.caption for p in same):
        return True
    bare = next((p for p in same if not p.caption), None)
    if bare is None:
        return False
    bare.caption, bare.credit, bare.anchors = photo.caption, photo.credit, photo.anchors
    return True


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
        if element.tag not in PHOTO_TAGS:
            continue
        src = source(element, base_url)
        if src and not is_furniture_image(element, src) and not links_elsewhere(element):
            return _photo(element, src, photo_block(element))
    return None


@dataclass
class Cover:
    """The page's share image (og:image / JSON-LD): its URL, the photo as the page shows it (with its
    caption), and the URL the page shows it at as a photo ("" when only as furniture, a link to
    another page, or nowhere)."""

    url: str = ""
    photo: ExtractedImage | None = None
    shown_as: str = ""
    element: object = None  # the <img> showing it


def page_cover(images, cover_urls, base_url):
    """The share image as the page shows it, read before the cleaning (which may drop the header
    or sidebar block holding it, or its caption); `images` are the page's <img> elements."""
    url = next((u for u in cover_urls if not DEFAULT_COVER.search(u.split("?", 1)[0].rsplit("/", 1)[-1])), "")
    if not url or not stem(url):
        return Cover(url, ExtractedImage(src=url) if url else None)
    first = None
    for img in images:
        src = source(img, base_url)
        if not src or not same_photo(src, url):
            continue
        photo = _photo(img, url, photo_block(img))
        if not is_furniture_image(img, src) and not links_elsewhere(img):
            return Cover(url, photo, src, img)
        first = first or photo
    return Cover(url, first or ExtractedImage(src=url))


def with_cover(photos, cover, has_lead_photo, root=None):
    """The share image is the lead photo when the article shows none above its text, or when the
    page shows it as a photo outside the article block (a header picture above the headline)."""
    if not cover.url:
        return photos
    if not any(same_file_name(p.src, cover.url) for p in photos):
        # Shown as a photo outside the block (the block's photos were read there), not in another crop.
        inside = root is not None and cover.element is not None and root in cover.element.iterancestors()
        shown = bool(cover.shown_as) and not inside and not any(same_file_name(p.src, cover.shown_as) for p in photos)
        if shown or not has_lead_photo:
            photos = [copy(cover.photo), *photos]
    else:
        # The article's own copy of the share image is its lead photo: move it first.
        photos = sorted(photos, key=lambda p: not same_file_name(p.src, cover.url))
    return photos


def with_schema_captions(photos, image_objects):
    """JSON-LD ImageObjects give captions and credits the markup leaves to JavaScript; a captioned
    one missing from the page is one of the article's photos too."""
    by_stem = {}
    for photo in photos:
        by_stem.setdefault(stem(photo.src), photo)
    for url, caption, credit in image_objects:
        caption, inline_credit = split_credit(caption)
        credit = clean_credit(credit) if credit else inline_credit
        photo = by_stem.get(stem(url)) if stem(url) else None
        if photo is None:
            if caption:
                photo = ExtractedImage(src=url, caption=caption, credit=credit)
                photos.append(photo)
                by_stem[stem(url)] = photo
            continue
        if caption and len(photo.caption.split()) < MIN_CAPTION_WORDS:
            photo.caption = caption
        photo.credit = photo.credit or credit
    return photos


def article_photos(tree, h1, root, md, cover, base_url):
    """The article's photos, the lead one first and marked main: those of the article block, one shown
    between the headline and the block, the share image when none comes before the text, and the
    JSON-LD's captions and credits. `cover`: the share image as the page showed it (page_cover)."""
    photos, has_lead_photo = find_photos(root, base_url)
    if (above := photo_above(tree, h1, root, base_url)) is not None:
        if all(p.src != above.src for p in photos):
            photos.insert(0, above)
        has_lead_photo = True
    photos = with_cover(photos, cover, has_lead_photo, root)
    photos = with_schema_captions(photos, md.image_objects)
    if photos:
        photos[0].is_main = True
    return photos


def remove_captions(tree):
    """Captions and credits belong to the photos, never to the text; <noscript> copies of lazy
    images have been read: both leave the tree before trafilatura reads it."""
    for element in caption_elements(tree):
        remove(element)
    for element in list(tree.iter("noscript")):
        remove(element)
