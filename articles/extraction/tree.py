"""Parse a page once into an lxml tree, and the small helpers every extraction step shares."""

import re
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HTMLParser, HtmlProcessingInstruction, fromstring
from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML, is_dubious_html, repair_faulty_html

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
    if not LOOKS_LIKE_MARKUP.search(html, 0, 200_000):  # as html[:200_000], without copying it
        raise ExtractionError("no_markup")
    tree = load_html(_defuse_json_ld(html))
    if tree is None or (tree.find(".//body") is None and len(tree) < 2):
        raise ExtractionError("unparseable_markup")
    return tree


# trafilatura's parser (trafilatura.utils.HTML_PARSER: the same options, so the same tree), its elements'
# classes chosen in C: lxml.html's own choice is a Python method run for every element Python reaches —
# ≈ 5,400 a dev page, in trafilatura's passes and ours, 0.2 µs each (docs/BENCHMARKS.md, issue 18). Every
# element is an HtmlElement; <form>, <input>, <select>, <textarea> and <label> lose lxml.html's form
# helpers, which neither trafilatura nor this project uses.
PARSER = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True)
PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
)


def load_html(html):
    """trafilatura.utils.load_html() of a str, by PARSER: its repairs, its second try as UTF-8 bytes, its
    refusal of a one-element tree from text that names no html; the tree bare trafilatura builds, or None."""
    beginning = html[:50].lower()
    html = _repaired(html, beginning)
    as_bytes = False
    try:
        tree = fromstring(html, parser=PARSER)
    except ValueError:  # a str that declares its encoding
        tree, as_bytes = _from_bytes(html), True
    except Exception:  # trafilatura's: any other parser error tries the bytes
        tree = None
    if (tree is None or len(tree) < 1) and not as_bytes:
        tree = _from_bytes(html)
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree


# The characters XML forbids, which trafilatura's repair deletes (trafilatura.utils.INVALID_XML_CHARS; a test
# checks they are the same): a page almost never holds one, and str's search for one character (memchr) is
# several times faster than the pattern's scan of a whole page (docs/BENCHMARKS.md, issue 18).
FORBIDDEN_CHARS = (*map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]), "\ufffe", "\uffff")


def _repaired(html, beginning):
    """repair_faulty_html(html, beginning): the same string, without its scan of the whole page when it holds
    no forbidden character, nor its copies of it when its first line needs no repair."""
    if any(char in html for char in FORBIDDEN_CHARS):
        return repair_faulty_html(html, beginning)
    if "doctype" in beginning:  # a DOCTYPE naming a DTD by its URL, dropped (lxml bug 1955915)
        end = html.find("\n")
        first = html if end < 0 else html[:end]
        repaired = DOCTYPE_TAG.sub("", first, count=1)
        if repaired != first or end < 0:  # trafilatura's first line, "\n", the rest
            html = repaired + "\n" + html[len(first) + 1 :]
    for line in html[:4096].splitlines()[:4]:  # a self-closing <html/> in the first lines
        if "<html" in line and line.endswith("/>"):
            return FAULTY_HTML.sub(r"\1>", html, count=1)
    return html


def _from_bytes(html):
    try:
        return fromstring(html.encode("utf8", "surrogatepass"), parser=PARSER)
    except Exception:  # as trafilatura's: bytes it cannot parse are no tree
        return None


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


# An element's text in one call into libxml2 (what lxml.html's text_content() runs), not joined in Python
# from itertext()'s pieces: the same text, ≈ 4× faster a paragraph (docs/BENCHMARKS.md, issue 18).
_STRING = etree.XPath("string()")


def text_of(element):
    return clean_text(_STRING(element))


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
