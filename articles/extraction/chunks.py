"""A story cut into chunks around advertisements, joined back into one block before trafilatura reads it.

Many templates close the text container before an ad row and open an identical one after it
("<div class='body__container'>…</div><div class='ad'>…</div><div class='body__container'>…</div>").
Trafilatura keeps the first container its rules find, so the rest of the story would be lost.
"""

from itertools import islice, pairwise

from .boilerplate import is_prose
from .tree import clean_text, remove

CONTAINER_TAGS = ("div", "section")
# The chunks of one story sit in one part of the page: they meet a few levels up.
MAX_LEVELS_TO_COMMON = 5
# Between two chunks only an ad's leftovers: an "Advertisement" label, an empty slot.
MAX_GAP_TEXT = 40
# ... never a subheading, a paragraph or a photo of the story.
GAP_BREAKERS = ("h2", "h3", "h4", "h5", "h6", "p", "figure", "img", "blockquote")


def _has_prose(element):
    return any(child.tag == "p" and is_prose(child) for child in element)


def _ancestors(element):
    return list(islice(element.iterancestors(), MAX_LEVELS_TO_COMMON))


def _story(element):
    return next(element.iterancestors("article"), None)


def _below(element, ancestor):
    """The child of `ancestor` that holds `element` (or is it)."""
    while element.getparent() is not ancestor:
        element = element.getparent()
    return element


def _next_chunk(previous, chunk):
    """`chunk` continues the story `previous` stopped: same article, and nothing but an ad's leftovers between."""
    if _story(previous) is not _story(chunk):
        return False
    above = _ancestors(chunk)
    common = next((a for a in _ancestors(previous) if a in above), None)
    if common is None or common is previous or common is chunk:
        return False
    start, end = _below(previous, common), _below(chunk, common)
    gap = ""
    for sibling in start.itersiblings():
        if sibling is end:
            return len(gap) <= MAX_GAP_TEXT
        gap += clean_text(sibling.text_content())
        if len(gap) > MAX_GAP_TEXT or next(sibling.iter(*GAP_BREAKERS), None) is not None:
            return False
    return False


def join_chunks(tree):
    """Move the paragraphs of the containers that continue a story into its first container, in place."""
    groups = {}
    for element in tree.iter(*CONTAINER_TAGS):
        cls = (element.get("class") or "").strip()
        if cls and _has_prose(element):
            groups.setdefault((element.tag, cls), []).append(element)
    for chunks in groups.values():
        # All or none: a story joined in part reads as complete to trafilatura and loses the rest.
        if len(chunks) < 2 or not all(_next_chunk(*pair) for pair in pairwise(chunks)):
            continue
        first = chunks[0]
        for chunk in chunks[1:]:
            if (chunk.text or "").strip():  # text before the chunk's first element goes with it
                last = first[-1] if len(first) else None
                if last is None:
                    first.text = (first.text or "") + chunk.text
                else:
                    last.tail = (last.tail or "") + chunk.text
            for child in list(chunk):
                first.append(child)
            remove(chunk)
    return tree
