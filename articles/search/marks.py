"""Safe highlighted HTML from engine output: escape the text first, then turn markers into <mark>."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from articles.search import text

# Both engines wrap matched words in these; `text.clean` strips them from indexed text.
START, STOP = "\x02", "\x03"
_MARKERS = re.compile(f"([{START}{STOP}])")

# The snippet comes from the field showing the most matched words; on a tie, the one that
# weighs more in the ranking. The title, shown anyway, only when nothing else matched.
FIELDS = ("lead", "captions", "body", "title")


def render(marked):
    """HTML for engine output: the text escaped, the markers (balanced) turned into <mark>."""
    parts, open_ = [], False
    for chunk in _split(escape(marked)):
        if chunk == START and not open_:
            parts.append("<mark>")
            open_ = True
        elif chunk == STOP and open_:
            parts.append("</mark>")
            open_ = False
        elif chunk not in (START, STOP):
            parts.append(text.CONTROL.sub("", chunk))
    if open_:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 (escaped above; only our <mark> tags added)


def matched_words(marked):
    """The distinct words an engine marked in a text."""
    words, current, inside = set(), [], False
    for chunk in _split(marked):
        if chunk == START:
            inside, current = True, []
        elif chunk == STOP:
            if inside and current:
                words.add(text.fold("".join(current).strip()))
            inside = False
        elif inside:
            current.append(chunk)
    return words


def best_snippet(marked_fields):
    """(field, safe HTML) of the field whose snippet shows the most matched words, or None."""
    scored = [(len(matched_words(marked_fields.get(field) or "")), -i, field) for i, field in enumerate(FIELDS)]
    count, _, field = max(scored)
    return (field, render(marked_fields[field])) if count else None


def plain(value, words=40):
    """A field shown without any match: escaped and cut, as Truncator(value).words(words) cuts it."""
    # Its words split off only as far as the cut, and Truncator (a lazy object: each of its attributes read through
    # Python) only for a text that is cut: a page shows some 20 of these, a body among them.
    kept = (value or "").split(None, words)
    return escape(" ".join(kept) if len(kept) <= words else Truncator(value).words(words))


def _split(value):
    """The text between the markers, and each marker, in order (no empty piece)."""
    return [piece for piece in _MARKERS.split(value) if piece]
