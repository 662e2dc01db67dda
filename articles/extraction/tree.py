"""Parse a page once into an lxml tree, and the small helpers every extraction step shares."""

import re
from urllib.parse import urljoin, urlsplit

from trafilatura.utils import load_html

from .result import ExtractionError

SPACES = re.compile(r"\s+")
# Soft hyphens, zero-width spaces, word joiners: invisible, noise in the text (ZWJ/ZWNJ shape some scripts).
INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
# NUL and other C0 controls do not occur in real HTML text; many of them mean a binary file.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")
LOOKS_LIKE_MARKUP = re.compile(r"<\s*(html|head|body|div|p|article|meta|title|!doctype)\b", re.IGNORECASE)
NON_ALNUM = re.compile(r"[\W_]+")
# A text cut short: "…", "...", "[…]" at its end (with the spaces before it).
ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*$")


def parse_html(html):
    """The page as an lxml.html tree; ExtractionError with a reason when it is not HTML."""
    if isinstance(html, bytes):
        from .charset import decode_html

        html = decode_html(html)
    if not html or not html.strip():
        raise ExtractionError("empty_page")
    head = html[:8192]
    if "\x00" in head or len(CONTROL_CHARS.findall(head)) > len(head) / 100:
        raise ExtractionError("binary_page")
    if not LOOKS_LIKE_MARKUP.search(html[:200_000]):
        raise ExtractionError("no_markup")
    # trafilatura's own loader, so our tree is exactly the one bare trafilatura would build.
    tree = load_html(_defuse_json_ld(html))
    if tree is None or (tree.find(".//body") is None and len(tree) < 2):
        raise ExtractionError("unparseable_markup")
    return tree


JSON_LD_SCRIPT = re.compile(r"(<script[^>]*ld\+json[^>]*>)(.*?)(?=</script)", re.IGNORECASE | re.DOTALL)
OPENS_MARKUP = re.compile(r"<(?=!--|/?script)", re.IGNORECASE)


def _defuse(match):
    """ "<!--" or "<script" inside a JSON-LD string (an articleBody with an embed's markup) would
    make the parser read the rest of the page as script; JSON's own escape keeps the same text."""
    content = match.group(2)
    body = content.lstrip()
    opening = "<!--" if body.startswith("<!--") else ""  # an old-style wrapper around the whole JSON
    body = body[len(opening) :]
    space = content[: len(content) - len(body) - len(opening)]
    return match.group(1) + space + opening + OPENS_MARKUP.sub(r"\\u003c", body)


def _defuse_json_ld(html):
    if "ld+json" not in html or "<!--" not in html:
        return html
    return JSON_LD_SCRIPT.sub(_defuse, html)


def clean_text(text):
    # split() cuts at exactly what \s matches (Unicode whitespace): SPACES.sub(" ", text).strip(), faster.
    return " ".join(INVISIBLE.sub("", text or "").split())


def squash(text):
    """Letters and digits only, case folded: "Le Monde.fr" and "lemondefr" compare equal."""
    return NON_ALNUM.sub("", (text or "").casefold())


def text_of(element):
    return clean_text("".join(element.itertext()))


# Tags that set text inside a line; any other element boundary separates words.
INLINE_TAGS = {"a", "b", "strong", "em", "i", "u", "sup", "sub", "abbr", "mark", "q", "s", "font"}


def _pieces(element, gap, skip):
    yield element.text or ""
    for child in element:
        if not isinstance(child.tag, str) or child in skip:
            yield gap if child in skip else ""
            yield child.tail or ""
            continue
        apart = child.tag not in INLINE_TAGS
        if apart:
            yield gap
        yield from _pieces(child, gap, skip)
        if apart:
            yield gap
        yield child.tail or ""


def spaced_text(element, gap=" ", skip=frozenset()):
    """An element's text with separate blocks and spans kept apart: "…the city.</span><span>Credit: …"
    reads "…the city. Credit: …", not "city.Credit". `gap` marks where they meet; the elements in
    `skip` are left out."""
    return clean_text("".join(_pieces(element, gap, skip)))


def attr_words(element):
    """class and id of an element, lower-cased, one string for word-pattern matching."""
    cls = element.get("class")
    ident = element.get("id")
    if not cls and not ident:
        return ""
    return f"{cls or ''} {ident or ''}".lower()


def absolute(url, base):
    url = (url or "").strip()
    if not url or url.startswith("data:"):
        return ""
    if url.startswith("//"):
        return "https:" + url
    if base:
        try:
            return urljoin(base, url)
        except ValueError:
            return ""
    return url if urlsplit(url).scheme in ("http", "https") else ""


def after(tree, element, limit, skip=()):
    """Up to `limit` elements that follow `element` in document order (from the top of the page
    when it is None); comments and the tags in `skip` are passed over and not counted."""
    count = 0
    for following in _following(tree, element):
        if not isinstance(following.tag, str) or following.tag in skip:
            continue
        count += 1
        if count > limit:
            return
        yield following


def _following(tree, element):
    """What follows `element` inside `tree`, in document order, without walking what comes before it."""
    if element is None:
        yield from tree.iter()
        return
    if element is not tree and tree not in element.iterancestors():
        return
    yield from element.iterdescendants()
    while element is not tree:
        for sibling in element.itersiblings():
            yield sibling
            yield from sibling.iterdescendants()
        element = element.getparent()


def remove(element):
    """Drop an element but keep the text that follows it (its tail belongs to the parent)."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
