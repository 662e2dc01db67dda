"""Slugs, the words of a URL: ASCII for text in Latin letters ("Fußball" → "fussball"), the text's own
letters otherwise ("国際", "157-миллионов-за-бездействие"), so that no title or section is reduced to
nothing or to a number in its address."""

import unicodedata

from django.utils.text import slugify

# Letters NFKD does not take apart: "Fußball" is "fussball" in a URL, never "fuball".
LATIN_LETTERS = str.maketrans(
    {"ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D"}
    | {"ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ł": "l", "Ł": "L", "ı": "i", "ŀ": "l", "Ŀ": "L"}
)


def slug(text, max_length):
    """`text`'s slug, at most `max_length` characters; letters other than Latin ones are kept as they are."""
    latin = "".join(
        ch for ch in unicodedata.normalize("NFKD", text.translate(LATIN_LETTERS)) if not unicodedata.combining(ch)
    )
    if any(ch.isalpha() and not ch.isascii() for ch in latin):  # "国際", "モバイルPC": not Latin letters
        return slugify(text, allow_unicode=True)[:max_length].strip("-")
    return slugify(latin)[:max_length].strip("-")
