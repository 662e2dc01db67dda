"""Where an article page shows its photos: each in its place among the body's blocks, once.

Extraction records how many top-level blocks of the body stand before each photo
(Photo.body_position, counted by articles/blocks.py); a photo without one (stored before
positions were kept, or read from the page's metadata only) goes after the body.
"""

from .blocks import top_level
from .bodies import page_body
from .extraction.images import same_rendition


def distinct(photos):
    """The photos minus copies: the same file again (another size, another query) with no caption
    or the caption already shown. A copy captioned otherwise is the story showing it twice."""
    kept = []
    for photo in photos:
        if any(same_rendition(photo.src, k.src) and (not photo.caption or photo.caption == k.caption) for k in kept):
            continue
        kept.append(photo)
    return kept


# Between the blocks while the page's outline is drawn over the whole body: stored bodies hold no
# comment (sanitising drops them), and the outline neither adds nor removes one.
_CUT = "<!--newsroom-cut-->"


def in_body(body_html, photos):
    """(parts, after): the body's blocks as [{"photos": [...], "html": block}], each with the photos
    that stand before it, and the photos that come after the last block. The blocks are cut where
    extraction counted them, then shown as the page shows a body (bodies.page_body)."""
    blocks = top_level(body_html)
    blocks = page_body(_CUT.join(blocks)).split(_CUT) if blocks else []
    before = [[] for _ in blocks]
    after = []
    for photo in photos:
        position = photo.body_position
        (before[position] if position is not None and position < len(blocks) else after).append(photo)
    return [{"photos": p, "html": html} for p, html in zip(before, blocks, strict=True)], after
