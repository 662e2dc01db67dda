"""The standfirst's copy in the opening of the body: taken out, so a reader never reads the lead twice."""

import re

from .body import paragraph
from .tree import ELLIPSIS, clean_text

WORD = re.compile(r"\w+")
# The copy must begin in one of the body's first blocks (a kicker or a headline echo may come first).
OPENING = 3
MIN_WORDS = 4
# Characters of a cut-off lead's last words that must open the next block to count as its start.
MIN_TAIL = 10
# A lead covering this share of a block is that block, shortened (a dateline or a cut-off dropped).
MOSTLY = 0.6
TEXT_KINDS = ("p", "blockquote")
# A dek set as a heading: dropped when the lead holds it.
HEADINGS = ("h2", "h3")
LEADING_PUNCTUATION = re.compile(r"^[\s.,;:!?…»”’\"')\]。、-]+")


def _words(text):
    return [(m.group().casefold(), m.start(), m.end()) for m in WORD.finditer(text or "")]


def _same(have, want, loose_end):
    """Token lists equal; the last wanted token may be cut short ("…élect" of "élection")."""
    if len(have) != len(want) or not want:
        return False
    if have[:-1] != want[:-1]:
        return False
    return have[-1] == want[-1] or (loose_end and have[-1].startswith(want[-1]))


def _find(needle, haystack, loose_end=False):
    """Index where the token list `needle` occurs in `haystack`, or -1."""
    size = len(needle)
    for start in range(len(haystack) - size + 1):
        if haystack[start] == needle[0] and _same(haystack[start : start + size], needle, loose_end):
            return start
    return -1


def _lead_in_block(blocks, index, words, start, lead, wanted):
    """The lead found inside blocks[index] at word `start`: one of the two copies goes."""
    block, count = blocks[index], len(wanted)
    end_word = words[start + count - 1]
    truncated = end_word[0] != wanted[-1] or bool(ELLIPSIS.search(lead))
    covers = count >= MOSTLY * len(words)
    if truncated:
        # A teaser cut from the opening text: the full paragraph is the lead, or there is none.
        if covers:
            del blocks[index]
            return blocks, block.text
        return blocks, ""
    if start > 0 and start + count == len(words):
        # The page's fuller version ("Paris. " + the lead): it becomes the lead.
        del blocks[index]
        return blocks, block.text
    cut, end = words[start][1], end_word[2]
    rest = clean_text(block.text[:cut] + " " + LEADING_PUNCTUATION.sub("", block.text[end:]))
    if len(WORD.findall(rest)) < MIN_WORDS:
        del blocks[index]
    else:
        blocks[index] = paragraph(rest)
    return blocks, lead


def remove_lead_copy(blocks, lead, lead_in_page=True):
    """(blocks, lead) with the body's copy of the lead removed from its opening blocks.

    A block holding the whole lead gives it up (or becomes the lead when the lead is most of it:
    the page's fuller version); blocks the lead holds are dropped, and when the lead was cut inside
    the next block it is completed with that block, which leaves the body. A heading copy of a lead
    read from the page's metadata only (`lead_in_page` false) is the page's own deck: the lead goes.
    """
    lead_words = _words(lead)
    wanted = [w for w, _, _ in lead_words]
    if len(wanted) < MIN_WORDS or not blocks:
        return blocks, lead
    out = list(blocks)
    for index in range(min(OPENING, len(out))):
        block = out[index]
        if block.kind not in TEXT_KINDS + HEADINGS:
            continue
        words = _words(block.text)
        have = [w for w, _, _ in words]
        if not have:
            continue
        start = _find(wanted, have, loose_end=True)
        if start >= 0 and block.kind in TEXT_KINDS:
            return _lead_in_block(out, index, words, start, lead, wanted)
        if len(have) < MIN_WORDS or _find(have, wanted) < 0:
            continue
        if block.kind in HEADINGS and not lead_in_page:
            return blocks, ""
        position = _find(have, wanted) + len(have)
        del out[index]
        while index < len(out) and out[index].kind in TEXT_KINDS + HEADINGS and position < len(wanted):
            following = [w for w, _, _ in _words(out[index].text)]
            if following and _same(wanted[position : position + len(following)], following, False):
                if out[index].kind in HEADINGS and not lead_in_page:
                    return blocks, ""  # a description running over a subheading: the opening text itself
                position += len(following)
                del out[index]
                continue
            tail = wanted[position:]
            if (
                following
                and sum(map(len, tail)) >= MIN_TAIL
                and len(tail) < len(following)
                and _same(following[: len(tail)], tail, loose_end=True)
            ):
                # The lead stops inside this block: the block completes it.
                lead = clean_text(lead[: lead_words[position][1]] + " " + out[index].text)
                del out[index]
            break
        return out, lead
    return blocks, lead
