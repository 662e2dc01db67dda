"""An article's language as HTML and feeds mark it: a valid tag, and the writing direction.

The page around an article stays French (`<html lang="fr">`); the article's own text (title,
chapô, body, captions) carries its language, so a screen reader reads a German story with a
German voice and the browser hyphenates it with German rules, and Arabic runs right to left.
"""

import re

PAGE_LANGUAGE = "fr"
# What the extractor stores: a primary subtag (ISO 639-1 or 639-2/3); anything else is not shown.
_TAG = re.compile(r"[a-z]{2,3}")
# Languages written right to left (their primary subtags).
RIGHT_TO_LEFT = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ps", "sd", "syr", "ug", "ur", "yi"})


def language_tag(language):
    """The stored language as a lang attribute's value, or "" when unknown or not a language tag."""
    tag = (language or "").strip().replace("_", "-").split("-")[0].lower()
    return tag if _TAG.fullmatch(tag) else ""


def direction(language):
    """ "rtl" for a language written right to left, else "" (the page's left to right)."""
    return "rtl" if language_tag(language) in RIGHT_TO_LEFT else ""
