"""Where each photo stands in the story: how many of the body's top-level blocks come before it.

find_photos notes, for each photo of the article block, the last paragraphs read before it on the
page (its anchors); once the body is settled, a photo stands after the body block that holds its
latest anchor. A photo before any text stands first; one not found in the body (its paragraph was
furniture, or it came from the page's metadata) gets no place and is shown after the text.
"""

from articles.blocks import top_level

from .tree import clean_text

# Enough of a paragraph's start to find it again in trafilatura's text, short enough to survive
# its small rewrites (a link's text dropped, spaces) further on.
ANCHOR_CHARS = 50


def _key(text):
    return clean_text(text).casefold()


def _holder(keys, anchors, start):
    """The index of the first block from `start` holding the latest anchor found, or None."""
    for anchor in reversed(anchors):
        wanted = _key(anchor)[:ANCHOR_CHARS]
        for index in range(start, len(keys)):
            if wanted and wanted in keys[index]:
                return index
    return None


def place_photos(photos, blocks, lead=""):
    """Set each photo's `position` among the body's `blocks` (counted in top-level HTML elements,
    as the stored body is cut: articles/blocks.py), in page order; the main photo stands apart."""
    keys = [_key(block.text) for block in blocks]
    elements = [len(top_level(block.html)) for block in blocks]
    lead_key, start = _key(lead), 0
    for photo in photos:
        if photo.is_main or photo.anchors is None:
            continue
        index = _holder(keys, photo.anchors, start)
        if index is not None:
            photo.position, start = sum(elements[: index + 1]), index
        elif not photo.anchors or any(_key(a)[:ANCHOR_CHARS] in lead_key for a in photo.anchors):
            photo.position = 0  # before the text, or after the lead taken out of it
