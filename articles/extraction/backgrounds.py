"""Photos a page paints as a CSS background (style="background-image: url(…)") instead of an <img>."""

import re

from .captions import FIGURE_WORDS, adjacent_caption, caption_and_credit
from .images import NOT_A_PHOTO, NOT_A_PHOTO_NAME, PHOTO_EXTENSION, PHOTO_TAGS, ancestors, links_elsewhere
from .tree import absolute, attr_words

BACKGROUND_URL = re.compile(r"background(?:-image)?\s*:[^;]*?url\(\s*['\"]?([^'\")]+)", re.IGNORECASE)
BLOCK_TAGS = ("figure", "div")
# A video's poster is painted as a background until its player loads: no photo of the article.
PLAYER = re.compile(r"player|video|jw-|vjs|youtube|vimeo")
PLAYER_TAGS = ("video", "audio", "iframe", "object", "embed")


def background_url(element, base_url):
    """The photo file an element's inline style paints as its background; "" for none, a logo, an icon."""
    style = element.get("style") or ""
    match = BACKGROUND_URL.search(style) if "url(" in style else None
    if match is None:
        return ""
    url = absolute(match.group(1).strip(), base_url)
    name = url.split("?", 1)[0].rsplit("/", 1)[-1]
    if not PHOTO_EXTENSION.search(url) or NOT_A_PHOTO_NAME.search(name) or NOT_A_PHOTO.search(attr_words(element)):
        return ""
    return url


def _plays_media(block):
    around = (block, *ancestors(block, 3))
    if any(PLAYER.search(attr_words(e)) for e in around) or next(block.iter(*PLAYER_TAGS), None) is not None:
        return True
    return any(PLAYER.search(attr_words(e)) for e in block.iterdescendants() if isinstance(e.tag, str))


def background_photo(block, base_url):
    """(url, caption, credit) of the photo a block shows as a background: a <figure> holding no image
    element but one painted by its own or an inner element's style; or a block named after a picture
    ("article-image") painting it itself, with a caption in it or just after it. None otherwise,
    and for a video's poster (a player around or in the block)."""
    if block.tag == "figure":
        painted = (e for e in block.iter() if isinstance(e.tag, str))
    elif FIGURE_WORDS.search(attr_words(block)):
        painted = (block,)
    else:
        return None
    url = next((u for e in painted if (u := background_url(e, base_url))), "")
    if not url or next(block.iter(*PHOTO_TAGS, "picture"), None) is not None or links_elsewhere(block):
        return None
    if _plays_media(block):
        return None
    caption, credit = caption_and_credit(block, block)
    if not caption and not credit and (beside := adjacent_caption(block)) is not None:
        caption, credit = caption_and_credit(block, beside)
    # Without a figure or a caption, a painted block is a banner or a decoration.
    if block.tag != "figure" and not caption:
        return None
    return url, caption, credit
