"""A stored body as the article page shows it: an outline under the page's h1, no empty links.

Done at render time, not when the body is stored: the levels depend on the page that shows the
body (the article page puts it under its h1; a page showing it under an h2 would start at h3),
the stored body keeps the source's own structure, and every body already stored is shown right
without a migration rewriting it. The input is sanitised HTML (articles/sanitize.py): nh3 writes
headings without attributes and links as `<a href=… rel=…>`, so patterns on tags suffice, and
only tag names change or empty elements go: nothing is added that sanitising did not allow.
"""

import re

_HEADING = re.compile(r"<(/?)h([1-6])>")
# An element that shows nothing: empty, or only spaces and line breaks (a link whose image was
# removed by sanitising is announced "link" with no name, axe's link-name).
_EMPTY_INLINE = re.compile(r"<(a|strong|em|b|i|p)\b[^>]*>(?:\s|&nbsp;|<br\s*/?>)*</\1>")
MAX_LEVEL = 6


def outline(html, top=2):
    """Headings renumbered so the first is h`top` and none is more than one level below the one
    before it (axe's heading-order), siblings staying siblings: h3, h4, h3 become h2, h3, h2."""
    levels = [int(level) for closing, level in _HEADING.findall(html) if not closing]
    if not levels:
        return html
    renumbered = []
    open_headings = []  # (level in the source, level shown) of the headings the next one is under
    for level in levels:
        while open_headings and open_headings[-1][0] > level:
            open_headings.pop()
        if open_headings and open_headings[-1][0] == level:
            shown = open_headings.pop()[1]  # a sibling: the same level as the one before
        else:
            shown = min(open_headings[-1][1] + 1, MAX_LEVEL) if open_headings else top
        open_headings.append((level, shown))
        renumbered.append(shown)
    pending = iter(renumbered)
    current = [top]

    def rename(match):
        if not match.group(1):
            current[0] = next(pending)
        return f"<{match.group(1)}h{current[0]}>"

    return _HEADING.sub(rename, html)


def without_empty_links(html):
    """Drop links (and emphasis, and paragraphs) that hold no text, innermost first."""
    while True:
        html, count = _EMPTY_INLINE.subn("", html)
        if not count:
            return html


def page_body(html, top=2):
    return outline(without_empty_links(html or ""), top)
