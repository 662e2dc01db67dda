"""Subheadings trafilatura passed on as paragraphs: the page's own h2–h6, and short whole-bold lines."""

from html import escape

from .body import Block, paragraph
from .tree import clean_text, text_of

LEVEL = {"h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3"}
MAX_HEADING_WORDS = 20
# "<p><strong>Words of wisdom</strong></p>": a bold line this short, without a closing full stop.
MAX_BOLD_HEADING = 100
BOLD = ("strong", "b")
# A heading glued inside a paragraph is set apart only when this long and after a sentence's end.
MIN_GLUED = 12
SENTENCE_END = (".", "!", "?", "…", "»", "”", '"')
MAX_SPLITS = 20


def _key(text):
    return clean_text(text).casefold()


def _bold_line(p):
    text = text_of(p)
    if not text or len(text) > MAX_BOLD_HEADING or text.endswith((".", ",", ";", ":")) or (p.text or "").strip():
        return False
    children = list(p)
    if not children or any(child.tag not in BOLD or (child.tail or "").strip() for child in children):
        return False
    return clean_text("".join(text_of(child) for child in children)) == text


def page_headings(tree):
    """{text key: "h2" | "h3"} for the headings the page shows as headings."""
    found = {}
    for element in tree.iter("h2", "h3", "h4", "h5", "h6"):
        text = text_of(element)
        if text and len(text.split()) <= MAX_HEADING_WORDS:
            found.setdefault(_key(text), LEVEL[element.tag])
    for p in tree.iter("p"):
        if _bold_line(p):
            found.setdefault(_key(text_of(p)), "h3")
    return found


def _origins(text, folded):
    """For each character of `folded` (text.casefold()), the index of the one it came from in `text`
    ("ß" folds to "ss": the positions of the two differ from there on)."""
    if len(folded) == len(text):  # every character folded to one: the same positions
        return range(len(text))
    return [index for index, char in enumerate(text) for _ in char.casefold()]


def _glued(text, headings):
    """(start, end, level) of a heading glued inside a paragraph between two sentences
    ("…their plans.Will China lead?In addition…"), or None."""
    folded, origin = text.casefold(), None
    for key, level in headings.items():
        if len(key) < MIN_GLUED or len(key) >= len(folded):
            continue
        found = folded.find(key)
        if found <= 0:
            continue
        origin = origin or _origins(text, folded)
        start, end = origin[found], origin[found + len(key) - 1] + 1
        before = text[:start].rstrip()
        after = text[end:].lstrip()
        # The text after it opens a new sentence: "…?In addition", not "… response was".
        if before.endswith(SENTENCE_END) and after[:1].isupper():
            return start, end, level
    return None


def restore_headings(blocks, headings):
    """Blocks with the paragraphs that are one of the page's headings turned back into headings,
    and headings glued between two sentences of a paragraph set apart."""
    out = []
    for block in blocks:
        level = headings.get(_key(block.text)) if block.kind == "p" else None
        if level:
            out.append(Block(level, block.text, f"<{level}>{escape(block.text)}</{level}>"))
            continue
        text, pieces = block.text, []
        while block.kind == "p" and len(pieces) < MAX_SPLITS and (found := _glued(text, headings)):
            start, end, level = found
            heading = clean_text(text[start:end])
            pieces += [
                paragraph(clean_text(text[:start])),
                Block(level, heading, f"<{level}>{escape(heading)}</{level}>"),
            ]
            text = clean_text(text[end:])
        out.extend([*pieces, paragraph(text)] if pieces else [block])
    return out
