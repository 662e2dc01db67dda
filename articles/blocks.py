"""A stored body's top-level blocks (paragraphs, headings, lists, quotes), cut without re-writing it.

Extraction counts them to say where a photo stands in the story (Photo.body_position); the article
page cuts the body at the same places to show each photo there. The body is sanitised HTML
(articles/sanitize.py), so its tags are balanced and void elements never closed; markup that
does not balance (hand-written in the admin) is one block, and its photos go after it.
"""

import re

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"})


def top_level(html):
    """The body's top-level elements as HTML strings, in order; whitespace between them goes with the next."""
    html = html or ""
    blocks, depth, start = [], 0, 0
    for tag in _TAG.finditer(html):
        closing, name = tag.group(1), tag.group(2).lower()
        if closing:
            depth -= 1
            if depth < 0:
                return [html] if html.strip() else []
        elif name not in VOID and not tag.group(0).endswith("/>"):
            depth += 1
            continue
        if depth == 0:
            blocks.append(html[start : tag.end()])
            start = tag.end()
    if depth:
        return [html] if html.strip() else []
    if html[start:].strip():
        blocks.append(html[start:])
    return blocks
