"""The page's no-break spaces (U+00A0, U+202F) put back where extraction turned them into plain spaces."""

import re
from dataclasses import replace
from html import escape, unescape

NO_BREAK = "\u00a0\u202f"
# Two words a run of no-break spaces joins (\s holds them, so a word is what no space breaks): the
# right one is looked ahead at, so it is also the left one of the next pair ("33 000 €"). A left word
# starts after a space and is taken whole (possessive): no retries inside a long unbroken text.
JOINED = re.compile(rf"(?<!\S)(\S++)([{NO_BREAK}]+)(?=(\S+))")
LETTER = re.compile(r"[^\W\d_]")
DIGIT = re.compile(r"\d")
SPACE = re.compile(r"(\s)")
TAG = re.compile(r"(<[^>]*>)")


def _typographic(left, right):
    """A no-break space French typography asks for: after "«" or a number ("33 000", "206 passagers",
    "40 %"), before a sign (":", "!", "»"). Between two words, or a word and a number, it is an editor's
    habit (some join every word with one): not kept, or a paragraph would never wrap."""
    if not LETTER.search(left):
        return True
    return not LETTER.search(right) and not DIGIT.search(right)


def page_pairs(tree):
    """{(word, word): no-break space} for the pairs of words the page joins with one, typographic ones only."""
    pairs = {}
    for text in tree.xpath("//text()[contains(., '\u00a0') or contains(., '\u202f')]"):
        for left, spaces, right in JOINED.findall(text):
            if _typographic(left, right):
                # "\u00a0\u202f" or a doubled space: the narrow one when there is one.
                pairs[(left, right)] = "\u202f" if "\u202f" in spaces else "\u00a0"
    return pairs


def restore(text, pairs):
    """`text` with the plain space between two words the page joined by a no-break space replaced by it."""
    if not pairs or not text:
        return text
    parts = SPACE.split(text)
    for index in range(1, len(parts) - 1, 2):
        if parts[index] == " " and (joined := pairs.get((parts[index - 1], parts[index + 1]))):
            parts[index] = joined
    return "".join(parts)


def restore_html(html, pairs):
    """The same in the text of an HTML fragment we wrote (escaped text between tags)."""
    if not pairs or not html:
        return html
    pieces = TAG.split(html)
    for index in range(0, len(pieces), 2):
        pieces[index] = escape(restore(unescape(pieces[index]), pairs))
    return "".join(pieces)


def restore_blocks(blocks, pairs):
    """The body's blocks, text and HTML, with the page's no-break spaces back."""
    return [replace(b, text=restore(b.text, pairs), html=restore_html(b.html, pairs)) for b in blocks]
