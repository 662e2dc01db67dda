"""Author names from bylines and metadata: "Par Jean Dupont et Marie Curie" -> two names."""

import re

from .tree import clean_text

BYLINE_PREFIX = re.compile(
    r"^\s*(?:(?:written|reported|text|texte|photos?|video|vidéo|interview)\s+)?"
    r"(?:by|par|von|de|por|di|door|av|af|from)\s*[:\-]?\s+",
    re.IGNORECASE,
)
LABEL_PREFIX = re.compile(r"^\s*(?:authors?|auteurs?|autor(?:in|en)?|byline|redaction|rédaction)\s*:\s*", re.IGNORECASE)
# Between names: commas, "and", "et", "und", "&"; not inside "Jr." etc.
SEPARATORS = re.compile(r"\s*(?:,|;|\||/|\s&\s|\s+(?:and|et|und|y|e|og|en)\s+)\s*", re.IGNORECASE)
# Trailing role or organisation: "Jean Dupont, AFP", "John Doe - Reuters", "(AFP)", "for CNN".
TRAILING_NOISE = re.compile(
    r"\s*(?:\(.*?\)|\s[-–—|]\s.*|\bfor\s+\w.*|\bpour\s+\w.*|\bwith\s+\w.*|\bavec\s+\w.*"
    r"|\b(?:updated|mis à jour|publié|published|aktualisiert)\b.*)$",
    re.IGNORECASE,
)
# Words that never form a person's name on their own; a byline made only of them is an organisation.
ORGANISATION_WORDS = re.compile(
    r"^(?:the\s+)?(?:afp|ap|reuters|dpa|apa|ansa|efe|sda|kna|epd|upi|associated press|agence france[- ]presse|"
    r"staff|staff writer|redaktion|rédaction|la rédaction|editorial|editors?|newsroom|admin|administrator|"
    r"news desk|web desk|agencies|agences?|wire|wires|guest|anonymous|unknown)\.?$",
    re.IGNORECASE,
)
URLISH = re.compile(r"^(?:https?:)?//|^www\.|\.(?:com|org|net|fr|de)(?:/|$)", re.IGNORECASE)
HAS_LETTER = re.compile(r"[^\W\d_]")


def clean_byline(text):
    """A byline string as a list of person names (organisation-only bylines give [])."""
    text = clean_text(text)
    if not text or URLISH.search(text):
        return []
    text = LABEL_PREFIX.sub("", text)
    text = BYLINE_PREFIX.sub("", text)
    names = []
    for part in SEPARATORS.split(text):
        part = BYLINE_PREFIX.sub("", part)
        part = TRAILING_NOISE.sub("", part).strip(" .,:;-–—|•")
        if not part or not HAS_LETTER.search(part) or ORGANISATION_WORDS.match(part):
            continue
        # A sentence is not a name: bylines are a few words.
        if len(part.split()) > 5 or len(part) > 60:
            continue
        names.append(part)
    return names


def merge_names(*groups):
    """First non-empty group, de-duplicated case-insensitively, order kept."""
    for group in groups:
        seen, names = set(), []
        for name in group or []:
            key = name.casefold()
            if key not in seen:
                seen.add(key)
                names.append(name)
        if names:
            return names
    return []
