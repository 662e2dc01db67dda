"""Which <img> is a photo of the article, the URL a reader sees, and two URLs of one photo."""

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlsplit

from .tree import absolute, attr_words, text_of

# An AMP page's pictures are <amp-img> elements (the <img> exists only once its script has run).
PHOTO_TAGS = ("img", "amp-img")
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
BEM_MODIFIER = re.compile(r"(?<=\w)--[\w-]*")
LAZY_WRAPPER = re.compile(r"[\w-]*(?:placeholder|loader|spinner|blank|transparent)[\w-]*")
# In a file name the same words count only whole: "silicon-valley.jpg", "advertisement_1950.jpg"
# and "authority.jpg" are photos.
NOT_A_PHOTO_NAME = re.compile(r"(?<![a-z])(?:" + NOT_A_PHOTO.pattern + r")s?(?![a-z])", re.IGNORECASE)
ALT_NOT_A_PHOTO = re.compile(r"\b(?:logo|icon|avatar|emoji|badge|spacer|placeholder)s?\b", re.IGNORECASE)
MIN_SIZE = 50
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


# A srcset value: candidates with a width or density descriptor ("a.jpg 800w, b.jpg 1600w").
SRCSET_VALUE = re.compile(r"\S\s+\d+(?:\.\d+)?[wx](?:\s*,|\s*$)")


def _photo_url(value):
    """A URL (or srcset) of a photo file: what a lazy-loading script copies into src."""
    words = (value or "").split()
    return (
        bool(words) and bool(PHOTO_EXTENSION.search(words[0])) and (len(words) == 1 or bool(SRCSET_VALUE.search(value)))
    )


def source(img, base):
    """The URL a reader would see: the largest srcset candidate, else the lazy or plain src."""
    candidates = [_largest_from_srcset(img.get(name)) for name in SRCSET_ATTRIBUTES if img.get(name)]
    # libxml2 does not know <source> is empty, so the <img> may sit inside one: look up to <picture>.
    picture = next((a for a in ancestors(img, 3) if a.tag == "picture"), None)
    if picture is not None:
        for source in picture.iter("source"):
            candidates.extend(_largest_from_srcset(source.get(n)) for n in SRCSET_ATTRIBUTES if source.get(n))
    candidates.extend(img.get(name) for name in LAZY_ATTRIBUTES)
    # Any other script's lazy attribute ("data-flickity-lazyload", "data-splide-lazy") holding a photo's URL.
    candidates.extend(
        _largest_from_srcset(value) if SRCSET_VALUE.search(value) else value
        for name, value in img.attrib.items()
        if name.startswith("data-") and name not in LAZY_ATTRIBUTES and _photo_url(value)
    )
    for candidate in candidates:
        url = absolute(candidate, base)
        # src="/" (the site's home page) is an empty slot a script fills in, not a photo.
        if url and not NOT_A_PHOTO_NAME.search(url.rsplit("/", 1)[-1]) and urlsplit(url).path.strip("/"):
            return url
    return ""


def dimension(value):
    value = (value or "").strip().removesuffix("px")
    return int(value) if value.isdigit() else None


def is_furniture_image(img, src):
    width, height = dimension(img.get("width")), dimension(img.get("height"))
    if (width is not None and width < MIN_SIZE) or (height is not None and height < MIN_SIZE):
        return True
    if (src.lower().endswith(".svg") or ".svg?" in src.lower()) and not _in_captioned_figure(img):
        return True  # SVGs are logos and icons, unless a figure gives them a caption
    name = src.rsplit("/", 1)[-1]
    # The alt text is prose ("une façade transparente", "the new Pixel 8"): only whole furniture words count.
    alt = img.get("alt") or ""
    # A lazy image names its own state ("c-placeholder__image", "lazy-loader"): the real file is elsewhere.
    own = LAZY_WRAPPER.sub(" ", attr_words(img)) if is_lazy(img) else attr_words(img)
    if NOT_A_PHOTO.search(own) or NOT_A_PHOTO_NAME.search(name) or ALT_NOT_A_PHOTO.search(alt):
        return True
    # A lazy-loading wrapper ("aspectRatioPlaceholder", "loader") holds the real photo.
    # A BEM modifier says how a wrapper looks ("image--has-hint-icon", "box--has-profile"), not what it holds.
    # The page's <body> and <html> classes describe the page ("wp-custom-logo"), not the picture.
    wrappers = (a for a in ancestors(img, 3) if a.tag not in ("body", "html"))
    around = " ".join(BEM_MODIFIER.sub("", attr_words(ancestor)) for ancestor in wrappers)
    return bool(NOT_A_PHOTO.search(LAZY_WRAPPER.sub(" ", around)))


LAZY_ONLY = tuple(name for name in (*LAZY_ATTRIBUTES, *SRCSET_ATTRIBUTES) if name.startswith("data-"))


def is_lazy(img):
    """The file comes from an attribute a script reads (data-src, data-srcset, a <source>'s data-srcset)."""
    if any(img.get(name) for name in LAZY_ONLY):
        return True
    picture = next((a for a in ancestors(img, 3) if a.tag == "picture"), None)
    return picture is not None and any(s.get(n) for s in picture.iter("source") for n in LAZY_ONLY)


def _in_captioned_figure(img):
    figure = next((a for a in ancestors(img, 4) if a.tag == "figure"), None)
    return figure is not None and figure.find(".//figcaption") is not None


def ancestors(element, depth):
    """Up to `depth` ancestors; <source> and <picture> do not count (libxml2 nests what follows a
    <source> inside it, so a <picture> with many sources buries its <img> deep)."""
    parent = element.getparent()
    while parent is not None and depth > 0:
        yield parent
        if parent.tag not in ("source", "picture"):
            depth -= 1
        parent = parent.getparent()


def same_file(url, other):
    """Two renditions of one file: same host and folder, same name once size marks are removed."""
    url, other = url.split("?", 1)[0].removeprefix("https:").removeprefix("http:"), other.split("?", 1)[0]
    other = other.removeprefix("https:").removeprefix("http:")
    name = stem(url)
    return bool(name) and url.rsplit("/", 1)[0] == other.rsplit("/", 1)[0] and name == stem(other)


def links_elsewhere(img):
    """A picture inside a link to another page is a teaser for that page, not this article's photo."""
    for ancestor in ancestors(img, 4):
        if ancestor.tag == "a":
            href = ancestor.get("href") or ""
            if not href or href.startswith("#") or PHOTO_EXTENSION.search(href):
                return False
            # A link to a larger rendition of the same file (an image server's "…=s1200") enlarges it.
            if any(same_file(href, img.get(name)) for name in LAZY_ATTRIBUTES if img.get(name)):
                return False
            # A text-less link to the photo's own page ("/article_photo/list?…", "/gallery/…") enlarges it.
            return not (PHOTO_PAGE.search(href.split("?", 1)[0]) and not text_of(ancestor))
        if ancestor.tag == "figure":
            return False
    return False


SIZE_TOKENS = re.compile(
    r"=[swh]\d+(?:-[\w-]*)?$|\d+x\d+|[_-]?\b(?:w|h)?\d{2,4}(?:w|px)?\b|\.\w{3,4}$|[-_~](?:scaled|large|medium|small|thumb)"
)


def stem(src):
    """The file name without extension and size tokens: one photo in several crops has one stem."""
    name = src.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1].lower()
    return SIZE_TOKENS.sub("", name).strip("-_.~")


# What only sizes a rendition: a "1200x800" or "~768x432" in the name, a WordPress "-scaled", an image
# server's "=s1200"; in the query, its size and quality parameters. A bare number ("-11") may be the
# photo's own number in a series, so it is not one of them.
RENDITION_NAME = re.compile(r"\d+x\d+|[-_](?:scaled|large|medium|small|thumb)\b|=[swh]\d+(?:-[\w-]*)?$|\.\w{3,4}$")
RENDITION_PARAMS = frozenset(
    {"w", "h", "width", "height", "q", "quality", "fit", "crop", "resize", "rect", "strip", "dpr", "fm", "format"}
    | {"auto", "size", "sig", "s", "cb", "ver", "v"}
)


@lru_cache(maxsize=4096)
def _rendition_key(url):
    # Cached: a page compares each of its photos' URLs with every other (same_rendition).
    parts = urlsplit(url)
    name = RENDITION_NAME.sub("", parts.path.rsplit("/", 1)[-1].lower())
    query = tuple(sorted((k, v) for k, v in parse_qsl(parts.query) if k.lower() not in RENDITION_PARAMS))
    return parts.netloc.lower(), parts.path.rsplit("/", 1)[0], name, query


def same_rendition(url, other):
    """One file in two renditions: the same place and name, but for its size marks and sizing query."""
    return url == other or _rendition_key(url) == _rendition_key(other)


SERIES_NUMBER = re.compile(r"(?<![^-_])\d{1,2}(?![^-_])")


def same_file_name(src, other):
    """The same stem and the same number in a series: "…-196-02-scaled.jpg" and "…-196-06-scaled.jpg"
    (the 2nd and 6th photos of one shoot) share a stem, not a photo; a size ("-1200") is no such number."""
    names = (RENDITION_NAME.sub("", u.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1].lower()) for u in (src, other))
    return stem(src) == stem(other) and len({tuple(SERIES_NUMBER.findall(n)) for n in names}) == 1


# A photo's number at the start of its file name ("34432223-mann-mit-….jpg").
PHOTO_NUMBER = re.compile(r"^\d{6,}(?=\D)")


def same_photo(src, other):
    """One photo in two crops: the same stem, or the same number opening the file name in the same folder
    (renditions that differ by a hash suffix)."""
    if stem(src) == stem(other):
        return True
    folder, _, name = src.split("?", 1)[0].rpartition("/")
    other_folder, _, other_name = other.split("?", 1)[0].rpartition("/")
    number = PHOTO_NUMBER.match(name)
    return bool(number) and folder == other_folder and other_name.startswith(number.group())
