"""Author names from bylines and metadata: "Par Jean Dupont et Marie Curie" -> two names."""

import re

# News agencies: the author when they sign alone, an affiliation after a person's name.
from .agencies import BYLINE as AGENCY
from .names import is_position, person_name
from .tree import after, attr_words, clean_text, squash

BYLINE_PREFIX = re.compile(
    r"^\s*(?:(?:written|reported|text|texte|photos?|video|vidéo|interview)\s+)?"
    r"(?:by|par|von|de|por|di|door|av|af|from)\s*[:\-]?\s+",
    re.IGNORECASE,
)
LABEL_PREFIX = re.compile(r"^\s*(?:authors?|auteurs?|autor(?:in|en)?|byline|redaction|rédaction)\s*:\s*", re.IGNORECASE)
# Between names: commas, "and", "et", "und", "&"; not inside "Jr." etc.
# The one-letter conjunctions ("y", "e") only in lower case: "Laura E. Adkins" is one name.
SEPARATORS = re.compile(r"\s*(?:,\s*(?i:and|et|und)\s+|,|;|\||/|\s&\s|\s+(?i:and|et|und)\s+|\s+(?:y|e|og|en)\s+)\s*")
BETWEEN_NAMES = re.compile(f"({SEPARATORS.pattern})")  # the same, the separators kept
# Trailing role or organisation: "Jean Dupont, AFP", "John Doe - Reuters", "Jane Roe · CBC News", "(AFP)", "for CNN".
TRAILING_NOISE = re.compile(
    r"\s*(?:\(.*?\)|\s[-–—|·•]\s.*|\bfor\s+\w.*|\bpour\s+\w.*|\bwith\s+\w.*|\bavec\s+\w.*"
    r"|\b(?:updated|mis à jour|publié|published|aktualisiert)\b.*"
    r"|\s(?:twitter|facebook|instagram|linkedin|bluesky|threads|e-?mail|mail)(?:\s.*)?)$",
    re.IGNORECASE,
)
# A date glued after a name by a byline-and-date line: "Jane Roe May", "Jean Dupont décembre",
# "Laura E. Adkins December 28" (the year went with the comma), "Max Muster 3. Juni".
TRAILING_MONTH = re.compile(
    r"(?:\s+\d{1,2}\.?)?\s+(?:jan(?:uary|vier)?|feb(?:ruary)?|février|march|mars|april|avril|may|mai|june|juin|july|juillet|"
    r"aug(?:ust)?|août|sept?(?:ember)?|septembre|oct(?:ober)?|octobre|nov(?:ember)?|novembre|dec(?:ember)?|"
    r"décembre|januar|februar|märz|juni|juli|oktober|dezember)\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?$",
    re.IGNORECASE,
)
# A company signing: "Mediagene Inc.", "Example Media GmbH".
COMPANY = re.compile(
    r"\s(?:inc|ltd|llc|plc|gmbh|ag|s\.a|sas|sarl|corp|corporation|media group)\.?$",
    re.IGNORECASE,
)
# Words that never form a person's name on their own: a byline made only of them names nobody.
NOT_A_NAME = re.compile(
    r"^(?:the\s+)?(?:staff|staff writer|redaktion|rédaction|la rédaction|editorial|editors?|newsroom|admin|"
    r"administrator|news desk|web desk|agencies|agences?|wire|wires|guest|anonymous|unknown|username|user)\.?$",
    re.IGNORECASE,
)
# A link, not a name; a bare domain ("ndr.de") is how some sites sign, and stays.
URLISH = re.compile(r"^(?:https?:)?//|^www\.|\.(?:com|org|net|fr|de)/", re.IGNORECASE)
HAS_LETTER = re.compile(r"[^\W\d_]")
SINGLE_WORD = re.compile(r"^[^\W\d_][\w'’-]*$")


def _last_first(text):
    """ "Gillman, Steve": a surname and a given name, as library catalogues write them."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 2 and all(SINGLE_WORD.match(p) for p in parts):
        return f"{parts[1]} {parts[0]}"
    return text


def _trimmed(part):
    return TRAILING_NOISE.sub("", BYLINE_PREFIX.sub("", part)).strip(" .,:;-–—|•·")


def _employers(parts, separators):
    """Indexes of the parts naming where the person before works: "Jane Roe, Reporter, Daily
    Gazette" (the part a bare comma puts after a job title, unless a job title follows it too:
    "Jane Roe, Reporter, John Doe, Editor" credits two persons)."""
    positions = [is_position(_trimmed(part)) for part in parts]
    return {
        i
        for i in range(1, len(parts))
        if positions[i - 1]
        and not positions[i]
        and separators[i - 1].strip() == ","
        and not (i + 1 < len(parts) and positions[i + 1])
    }


def clean_byline(text):
    """A byline string as a list of names; an agency counts only when it signs alone."""
    text = clean_text(text)
    if not text or URLISH.search(text):
        return []
    text = LABEL_PREFIX.sub("", text)
    text = BYLINE_PREFIX.sub("", text)
    text = _last_first(text)
    names, agencies = [], []
    pieces = BETWEEN_NAMES.split(text)
    parts, separators = pieces[0::2], pieces[1::2]
    employers = _employers(parts, separators)
    for index, part in enumerate(parts):
        if index in employers:
            continue
        part = _trimmed(part)
        if len(part.split()) >= 3:
            part = TRAILING_MONTH.sub("", part)
        part = person_name(part)
        if not part or not HAS_LETTER.search(part) or NOT_A_NAME.match(part) or part.startswith("@"):
            continue
        # A sentence is not a name: bylines are a few words.
        if len(part.split()) > 5 or len(part) > 60:
            continue
        (agencies if AGENCY.match(part) else names).append(part)
    return names or agencies


# "Updated Nov. 19, 2019 8:21 am ET", "Publié le 3 mai 2024 à 10h12", "Aktualisiert am ...": a dateline.
DATELINE = re.compile(
    r"\b(?:updated|published|posted|mis à jour|publié|modifié|aktualisiert|veröffentlicht|actualizado|publicado|"
    r"aggiornato|pubblicato)\b.{0,40}\d{1,2}[:h.]\d{2}",
    re.IGNORECASE,
)
# "Rédaction Dimanche 22 novembre 2026 | 21:50": a short line holding a year and a clock time is
# an author-and-date box, whatever words it uses.
DATE_AND_TIME = re.compile(r"\b(?:19|20)\d{2}\b.{0,25}?\b\d{1,2}[:h]\d{2}\b")
SHORT_LINE = 100


def is_dateline(text):
    """A byline-and-date line ("Updated … 8:21 am", "Jane Roe Jeudi 19 novembre 2026 | 17:05"), not prose."""
    return bool(DATELINE.search(text) or (len(text) < SHORT_LINE and DATE_AND_TIME.search(text)))


# A visible byline: "By Jane Roe", "Par Jean Dupont", "Von Max Muster", ... under the headline.
# "Written by", "Reported by", "Text von": the writer's label, not a photographer's or a stylist's.
BYLINE_WORD = re.compile(
    r"^\s*(?:(?:written|reported|words|story|text|texte|texto|testo)\s+)?(?:by|par|von|por|di|door|av|af)\b\s*:?\s*",
    re.IGNORECASE,
)
MAX_BYLINE = 150
BYLINE_SCAN = 400  # elements after the headline
PROSE_CHARS = 150  # a paragraph of the story; the byline sits above the second one
NAME_WORD = re.compile(r"^(?:[^\W\d_][\w'’.-]*)$")
SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "title", "head", "meta", "link"}


def _looks_like_names(names):
    """Capitalised words ("Jane Roe", "JANE ROE"), not a phrase ("by the river") nor a weekday ("Di")."""
    for name in names:
        words = name.split()
        if len(words) < 2 and not AGENCY.match(name):
            return False
        if not all(NAME_WORD.match(w) and (w[0].isupper() or not w[0].isalpha()) for w in words):
            return False
    return bool(names)


# Where a "By …" line signs another story: a teaser card, a list of related stories.
TEASER_CLASS = re.compile(r"card|teaser|related|recommend|promo|more-stories|most-")


# A link to the writer's own page ("/author/jane-roe", rel="author") is the byline, not a teaser.
AUTHOR_PAGE = re.compile(
    r"/(?:authors?|autor(?:en|in)?|auteurs?|autore|journalists?|redakteur\w*|writers?|staff|people)/"
)


def _links_to_another_story(link):
    return link.get("rel") != "author" and not AUTHOR_PAGE.search(link.get("href") or "")


def _in_teaser(element):
    return any(
        (a.tag == "a" and _links_to_another_story(a)) or TEASER_CLASS.search(attr_words(a))
        for a in element.iterancestors()
    )


def _byline_text(element):
    """The text of a "By …" line; "" for anything else."""
    own = element.text or ""
    if BYLINE_WORD.match(own):
        # "<span>By </span><a>Jane Roe</a>": the label alone, the names beside it.
        alone = not BYLINE_WORD.sub("", own).strip() and len(element) == 0
        holder = element.getparent() if alone else element
    else:
        return ""
    return clean_text(" ".join(holder.itertext())) if holder is not None else ""


def visible_byline(tree):
    """Names from the first "By …" line after the page's headline, not a teaser's."""
    prose = 0
    for element in after(tree, next(tree.iter("h1"), None), BYLINE_SCAN, skip=SKIP_TAGS):
        if element.tag == "p" and len(element.text_content()) >= PROSE_CHARS:
            prose += 1
            if prose > 1:
                break  # into the story: a "Von …" further down signs a teaser
        text = _byline_text(element)
        if not text or len(text) > MAX_BYLINE or _in_teaser(element):
            continue
        names = clean_byline(text)
        if _looks_like_names(names):
            return names
    return []


def without_organisations(names, organisations):
    """Names minus the site, its publisher or a company ("Lesotho Times", "Mediagene Inc." did not write the story)."""
    keys = {squash(o) for o in organisations if o and squash(o)}
    return [n for n in names if squash(n) not in keys and not COMPANY.search(n)]


def without_agencies(names):
    return [n for n in names if not AGENCY.match(n)]


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


def fullest(names, *groups):
    """`names`, or a group that holds them all and more: a page can list every byline in its markup
    and only the first in its JSON-LD."""
    keys = {n.casefold() for n in names}
    for group in groups:
        if keys and keys < {n.casefold() for n in group}:
            names, keys = merge_names(group), {n.casefold() for n in group}
    return names


def needs_byline(md, shown):
    """Whether article_authors(md, shown, byline) reads `byline()` (trafilatura's, searched in the page's
    markup): asked of article_authors itself, which reads it only when its groups before it are empty."""
    read = []
    article_authors(md, shown, lambda: read.append(True))
    return bool(read)


def article_authors(md, shown, byline, opening=list):
    """The story's authors: the visible byline's persons, the metadata's (an agency yields to a
    person), trafilatura's `byline()`; when only the site signs, the names `opening()` finds (a bold
    line opening the text), else the organisations signing. `byline()` and `opening()` are called
    only when the groups before them name no one."""
    for group in _author_groups(md, shown, byline, opening):
        names = merge_names(group)
        if names:
            return names
    return []


def _author_groups(md, shown, byline, opening):
    """article_authors()'s groups, in order, each made when the ones before it are empty."""
    shown = without_organisations(shown, md.organisations)
    yield without_agencies(shown)
    yield without_agencies(md.authors)
    yield shown
    yield md.authors
    bylines = [n for raw in (byline() or "").split(";") for n in clean_byline(raw)]
    yield without_organisations(bylines, md.organisations)
    # Only the site signs: a bold line of names opening the text credits the persons.
    yield opening() if md.organisation_authors or bylines else []
    yield md.organisation_authors
    yield bylines
