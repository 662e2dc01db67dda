"""Main text: trafilatura on the cleaned tree, its body tree turned into sanitised HTML and plain text."""

import re
from dataclasses import dataclass, field
from html import escape

from trafilatura import bare_extraction

from articles.canonical import site_host
from articles.sanitize import sanitize_html

from .authors import BYLINE_PREFIX, SHORT_LINE, is_dateline
from .boilerplate import CALL_TO_ACTION
from .tree import ELLIPSIS, clean_text

HEADING_LEVEL = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3"}
INLINE = {"#b": "strong", "#i": "em", "#u": "em", "#t": None, "#sub": None, "#sup": None}
# Lines that are furniture even when they sit inside the article's container.
FURNITURE_LINE = re.compile(
    r"^(?:advertisement|publicité|anzeige|werbung|rechercher|search|share|partager|print|imprimer|"
    r"close|fermer|menu|skip to (?:main )?content|aller au contenu|accéder aux raccourcis d'accessibilité|"
    r"copy link|copier le lien|"
    r"(?:follow|suivez)[\w\s]{0,30}(?:on|sur)\s+\w+|loading\.*|chargement\.*|"
    # Reprint, print and e-mail tools, error notices and comment prompts of the page's toolbars.
    r"order reprints?|reprints?(?: (?:&|and) permissions)?|print (?:this )?article|imprimer (?:l'|cet )article|"
    r"this article has been sent to.*|thank you|an error has occurred.*|une erreur (?:s'est produite|est survenue).*|"
    r"this copy is for your personal,? non-commercial use.*|"
    r"tell us what you think.*|dites-nous ce que vous en pensez.*|"
    r"comments?|commentaires?|kommentare?|"
    # A placeholder of an embedded video or post held back until the reader consents.
    r"link zum \S+-inhalt|ein klick für den datenschutz|"
    # The author's e-mail sign-off and the publisher's copyright line.
    r"write to .{0,60} at \S+@\S+|(?:copyright\s*)?©.{0,80}all rights reserved\.?)\W*$",
    re.IGNORECASE,
)
# A short line sending the reader elsewhere ("Click here to get the app"), in the corpus' languages.
CLICK_HERE = re.compile(
    r"\b(?:click(?:ing)? here|cliquez ici|klicken sie hier|hier klicken|haga clic aquí|clique aqui)\b", re.IGNORECASE
)
MAX_CLICK_HERE_LINE = 120
BARE_URL = re.compile(r"^\s*https?://(?:www\.)?([^/\s]+)\S*\s*$", re.IGNORECASE)
MAX_CALL_TO_ACTION = 300


@dataclass
class Block:
    kind: str  # "p", "h2", "h3", "ul", "ol", "blockquote", "table"
    text: str
    html: str


@dataclass
class Body:
    blocks: list[Block] = field(default_factory=list)

    @property
    def text(self):
        return "\n\n".join(b.text for b in self.blocks)

    @property
    def html(self):
        return sanitize_html("".join(b.html for b in self.blocks))

    @property
    def subheadings(self):
        return [b.text for b in self.blocks if b.kind in ("h2", "h3")]


def paragraph(text):
    return Block("p", text, f"<p>{escape(text)}</p>")


def run_trafilatura(tree, url):
    """trafilatura's text on our (already cleaned) tree: it copies the tree, so ours is left as is.

    Its body only (document_blocks): "txt", not "python", spares the plain text it would also make of it.
    """
    return bare_extraction(
        tree,
        url=url or None,
        output_format="txt",
        with_metadata=False,
        include_images=False,
        include_tables=True,
        include_comments=False,
        include_formatting=True,
        include_links=True,
        deduplicate=False,
    )


def _inline(element):
    """(text, html) of an element's inline content: emphasis and links kept, line breaks as spaces."""
    texts, htmls = [element.text or ""], [escape(element.text or "")]
    for child in element:
        child_text, child_html = _inline(child)
        if child.tag == "lb":
            texts.append(" ")
            htmls.append("<br>")
        elif child.tag == "hi" and INLINE.get(child.get("rend", "")):
            tag = INLINE[child.get("rend")]
            texts.append(child_text)
            htmls.append(f"<{tag}>{child_html}</{tag}>")
        elif child.tag == "ref" and (href := child.get("target", "")).startswith(("http://", "https://")):
            texts.append(child_text)
            htmls.append(f'<a href="{escape(href)}">{child_html}</a>')
        else:
            texts.append(child_text)
            htmls.append(child_html)
        texts.append(child.tail or "")
        htmls.append(escape(child.tail or ""))
    return "".join(texts), "".join(htmls)


def _block(element):
    tag = element.tag
    if tag == "head":
        level = HEADING_LEVEL.get(element.get("rend", ""), "h2")
        text, html = _inline(element)
        text = clean_text(text)
        return Block(level, text, f"<{level}>{html}</{level}>") if text else None
    if tag == "list":
        items = [_inline(item) for item in element.iter("item")]
        items = [(clean_text(t), h) for t, h in items if clean_text(t)]
        kind = "ol" if element.get("rend") == "ol" else "ul"
        html = "".join(f"<li>{h}</li>" for _, h in items)
        return Block(kind, "\n".join(t for t, _ in items), f"<{kind}>{html}</{kind}>") if items else None
    if tag == "table":
        rows = []
        for row in element.iter("row"):
            cells = [clean_text(_inline(cell)[0]) for cell in row.iter("cell")]
            if any(cells):
                rows.append(" | ".join(cells))
        html = "".join(f"<p>{escape(r)}</p>" for r in rows)
        return Block("table", "\n".join(rows), html) if rows else None
    if tag == "graphic":
        return None
    text, html = _inline(element)
    text = clean_text(text)
    if not text:
        return None
    if tag == "quote":
        return Block("blockquote", text, f"<blockquote><p>{html.strip()}</p></blockquote>")
    return Block("p", text, f"<p>{html.strip()}</p>")


def _key(text):
    return clean_text(text).casefold()


def _own_address(text, page_host):
    """A bare address on the publisher's own site: the page's permalink printed for sharing."""
    match = BARE_URL.match(text)
    return bool(match and page_host and match.group(1).lower().split(":")[0] == page_host)


def is_furniture_line(text, page_host=""):
    if FURNITURE_LINE.match(text) or _own_address(text, page_host):
        return True
    return len(text) <= MAX_CLICK_HERE_LINE and CLICK_HERE.search(text) is not None


# A paragraph this long is the story: the header's byline box sits above it.
STORY_PARAGRAPH = 150
SENTENCE_END = (".", "!", "?", "…")


def _byline_box_line(text, authors):
    """A line of the header's author-and-date box that trafilatura kept above the story: a date with
    a clock time ("Jane RoeJeudi 19 novembre 2026 | 17:05"), or a short line opening with an author's
    name; a sentence is prose, whatever it holds."""
    if len(text) >= SHORT_LINE or text.endswith(SENTENCE_END):
        return False
    named = BYLINE_PREFIX.sub("", text).casefold()
    return is_dateline(text) or any(named.startswith(name.casefold()) for name in authors if name)


def document_blocks(document):
    """trafilatura's body as blocks; none when it kept nothing."""
    if document is None or document.body is None:
        return []
    return [block for block in map(_block, document.body) if block is not None]


def build_body(blocks, drop_texts=(), title="", url="", authors=()):
    """The text's blocks minus furniture lines, duplicates, captions, teaser echoes and the byline
    box above the story."""
    body = Body()
    seen = {_key(t) for t in drop_texts if t}
    title_key = _key(title)
    page_host = site_host(url)
    story = False
    for block in blocks:
        if not story and _byline_box_line(block.text, authors):
            continue
        story = story or (block.kind == "p" and len(block.text) >= STORY_PARAGRAPH)
        key = _key(block.text)
        if key in seen or (block.kind in ("h2", "h3") and key == title_key):
            continue
        if is_furniture_line(block.text, page_host):
            continue
        if len(block.text) <= MAX_CALL_TO_ACTION and CALL_TO_ACTION.match(block.text):
            continue
        # A teaser repeating the start of a paragraph already read, cut with "…".
        stem = ELLIPSIS.sub("", key) if ELLIPSIS.search(key) else ""
        if stem and len(stem) > 20 and any(s.startswith(stem) for s in seen):
            continue
        seen.add(key)
        body.blocks.append(block)
    return body
