"""The headline the page displays: its article's visible <h1> (else the element marked as the
headline), without the kicker shown above it. Not a breadcrumb, a menu or sticky bar, a hidden logo."""

import re

from .title import strip_site
from .tree import attr_words, clean_text, spaced_text, squash

# Where an <h1> is site furniture, not the article's headline.
FURNITURE_TAGS = {"a", "nav", "footer", "form", "button", "aside", "li", "label"}
FURNITURE_WORDS = re.compile(
    r"breadcrumb|fil-?ariane|crumbs|sticky|navbar|nav-bar|topbar|top-bar|toolbar|menu|masthead|site-?title|logo"
)
# "overflow-hidden" (a utility class on a page's <body> or a wrapper) clips, it hides nothing.
HIDDEN_WORDS = re.compile(
    r"(?<!overflow)(?<!overflow-[xy])(?:^|[\s_-])(?:sr-only|visually-?hidden|screen-?reader(?:-text)?|hidden|hide|invisible)(?:$|\s)"
)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# A line shown above the headline, in its element: "Exklusiv", "Premier League", the story's topic.
KICKER_WORDS = re.compile(
    r"kicker|topline|overline|over-?title|eyebrow|dachzeile|roofline|super-?title|surtitre|pre-?title|flag|category|rubri"
)
HEADLINE_WORDS = re.compile(r"headline|title")
# A part shown on a line of its own: a block utility class, an inline style, a <br> after it.
BLOCK_CLASS = re.compile(r"(?<!\S)(?:d-|is-|display-)?block(?!\S)")
BLOCK_STYLE = re.compile(r"display\s*:\s*(?:block|flex)", re.IGNORECASE)
MAX_KICKER_WORDS = 8
# The part after it is the headline's second line, not the headline: "Title <span class=subtitle>…".
SUBTITLE_WORDS = re.compile(r"sub-?title|sub-?head|\bdek\b|deck|standfirst|strapline")
KICKER_ENDS = (":", "：", "|", "/")
SEPARATORS = " :|/-–—·•"  # what joins a kicker to its headline on one line
# Chinese, Japanese and Korean run without spaces: no space is put where their elements meet.
CJK = "\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef"
GAP = "\x00"
CJK_GAP = re.compile(f"(?<=[{CJK}]){GAP}+|{GAP}+(?=[{CJK}])")
MIN_WORDS = 3
MIN_CHARS = 12  # scripts written without spaces


def _hidden(element):
    return (
        element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or HIDDEN_STYLE.search(element.get("style") or "") is not None
        or HIDDEN_WORDS.search(attr_words(element)) is not None
    )


def _is_furniture(h1):
    if next(h1.iter("a", "img", "svg"), None) is not None:
        return True
    for element in (h1, *h1.iterancestors()):
        if element.tag in FURNITURE_TAGS or _hidden(element):
            return True
        if element is not h1 and FURNITURE_WORDS.search(attr_words(element)):
            return True
    return False


def _reads_as_headline(text, labels):
    if squash(text) in labels:
        return False
    return len(text.split()) >= MIN_WORDS or (" " not in text and len(text) >= MIN_CHARS)


def _text(element):
    """Its text, its spans kept apart by a space ("Kicker:</span>Headline"), but not in CJK scripts."""
    return clean_text(CJK_GAP.sub("", spaced_text(element, GAP)).replace(GAP, " "))


def _parts(element):
    return [child for child in element if isinstance(child.tag, str) and _text(child)]


def _same(a, b):
    return bool(squash(a)) and squash(a) == squash(b)


def _set_apart(kicker, headline):
    """The kicker's part is shown apart from the headline: on a line of its own, or closed by a colon."""
    if BLOCK_CLASS.search(kicker.get("class") or "") or BLOCK_STYLE.search(kicker.get("style") or ""):
        return True
    between, element = [kicker.tail or ""], kicker.getnext()
    while element is not None and element is not headline:
        if element.tag == "br":
            return True
        between += [_text(element), element.tail or ""]
        element = element.getnext()
    return _text(kicker).endswith(KICKER_ENDS) or clean_text(" ".join(between)) in KICKER_ENDS


def structural_kicker(element):
    """(kicker, headline) when the heading's markup alone shows its first part as a kicker: two
    parts and no text before them, the first shorter, set apart (a line of its own, a colon) and
    not itself named the title ("Exklusiv:" above the headline's own span); else None."""
    parts = [p for p in _parts(element) if _text(p).strip(SEPARATORS)]
    if len(parts) != 2 or clean_text(element.text) or any(clean_text(p.tail).strip(SEPARATORS) for p in parts):
        return None
    kicker, headline = parts
    if kicker.get("itemprop") == "headline" or HEADLINE_WORDS.search(attr_words(kicker)):
        return None
    if SUBTITLE_WORDS.search(attr_words(headline)):
        return None
    words = _text(kicker).strip(SEPARATORS)
    if len(words.split()) > MAX_KICKER_WORDS or len(words) >= len(_text(headline)):
        return None
    return (kicker, headline) if _set_apart(kicker, headline) else None


def without_kicker(element, titles):
    """The element's text without a kicker: a part marked as one (by its class, or by the markup
    alone: structural_kicker), or a first part the page's metadata titles leave out ("Premier
    League" above "Liverpool verliert bei Everton")."""
    text = _text(element)
    parts = _parts(element)
    if len(parts) < 2 and not (parts and clean_text(parts[0].tail)):
        return text
    if (shown := structural_kicker(element)) is not None:
        return _text(shown[1])
    for part in parts:
        if KICKER_WORDS.search(attr_words(part)):
            rest = text.replace(_text(part), "", 1).strip(SEPARATORS)
            if rest:
                return rest
    marked = [p for p in parts if p.get("itemprop") == "headline" or HEADLINE_WORDS.search(attr_words(p))]
    if len(marked) == 1:
        return _text(marked[0])
    first = _text(parts[0])
    if not clean_text(element.text) and text.startswith(first):
        rest = text[len(first) :].strip(SEPARATORS)
        if rest and any(_same(rest, t) for t in titles):
            return rest
    return text


def displayed_headline(tree, titles=(), labels=(), site_name="", url=""):
    """The headline a reader sees, without the site's name; `titles` are the metadata's (to
    recognise a kicker), `labels` the site's sections (an <h1> saying only one is not a headline)."""
    keys = {squash(label) for label in (*labels, site_name) if label and squash(label)}
    candidates = []
    for h1 in tree.iter("h1"):
        if _is_furniture(h1):
            continue
        text = strip_site(without_kicker(h1, titles), site_name, url)
        if _reads_as_headline(text, keys):
            candidates.append((h1, text))
    if candidates:
        # The one inside the article (or the page's main part) over one in the page's header.
        for h1, text in candidates:
            if any(a.tag in ("article", "main") for a in h1.iterancestors()):
                return text
        return candidates[0][1]
    for marked in [*tree.xpath("//body//*[@itemprop='headline']"), *_kicker_headings(tree)]:
        if marked.tag != "meta" and not _is_furniture(marked):
            text = strip_site(without_kicker(marked, titles), site_name, url)
            if _reads_as_headline(text, keys):
                return text
    return ""


def _kicker_headings(tree):
    """<h2>s of the article made of a kicker (marked by its class or by the markup) and the
    headline: the displayed headline when the page's <h1> is furniture."""
    for h2 in tree.iter("h2"):
        inside = any(a.tag in ("article", "main", "header") for a in h2.iterancestors())
        marked = any(KICKER_WORDS.search(attr_words(part)) for part in _parts(h2))
        if inside and (marked or structural_kicker(h2) is not None):
            yield h2
