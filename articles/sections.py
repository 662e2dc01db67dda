"""A source's section label read as a reader's section: decoded, cleaned, judged, named and slugged (no database)."""

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from articles.slugs import LATIN_LETTERS, slug

VOCABULARY = Path(__file__).parent / "data" / "rubriques.txt"
FURNITURE = "[mobilier]"

MAX_NAME_CHARS = 40  # longer, and it is a headline or a sentence, not a section
MAX_NAME_WORDS = 5
MAX_ACRONYM_LETTERS = 3  # "IT", "USA", "U.S." stay; "SAMASTIPUR" is a dateline tag

_LIST = re.compile(r"[,;]")
_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[\W_]+")
# Characters around a label that are never part of its name: quotes, bullets, pipes, dashes.
_EDGES = "\"'«»“”‘’‹›|·•-–—/\\>*#"
# A label written as a code, not for people: "news_politics", "culture_culture-lifestyle", "front-page".
_CODE_LIKE = re.compile(r"[a-z0-9]+(?:[_-][a-z0-9]+)+")

# Why a label is not made a section (codes; the command prints them).
LIST, FURNITURE_WORD, CAPITALS, TOO_LONG, TITLE, EMPTY = "list", "furniture", "capitals", "too long", "title", "empty"


@dataclass(frozen=True)
class Reading:
    """What a label stands for: the section names to try, most specific first, or why none."""

    names: tuple[str, ...] = ()
    refused: str = ""


def clean_label(raw):
    """The label as a person would write it: entities decoded ("Europa&#x20;News"), spaces and edges tidied."""
    text = str(raw or "")
    for _ in range(3):  # "&amp;#x20;" is an entity escaped twice
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    text = unicodedata.normalize("NFC", text)
    # Controls, format characters and separators (Unicode's C and Z) become spaces. A printable text has
    # none but the space itself (str.isprintable: neither C nor Z, except " "): a title is read whole
    # once, not a character at a time (a batch compares each article's title with its label).
    if not text.isprintable():
        text = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in text)
    return _SPACES.sub(" ", text).strip(_EDGES + " ")


def label_key(text):
    """How labels are compared: without accents, case, punctuation ("Política" = "politica")."""
    text = unicodedata.normalize("NFKD", clean_label(text).translate(LATIN_LETTERS))
    if not text.isascii():  # no ASCII character is a combining mark
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold()
    return _NOT_WORD.sub(" ", text).strip()


def section_slug(name):
    """An ASCII slug for a name in Latin letters ("Fußball" → "fussball"); the name's own letters otherwise."""
    return slug(clean_label(name), 120)


def read_label(raw, *, title=""):
    """The section names a source's label stands for, or the reason it is not a section at all.

    Labels that are not sections: lists of tags ("game,news,slider"), the site's furniture
    ("front-page", "News", "Uncategorized"), datelines in capitals ("SAMASTIPUR"), a sentence or
    the article's own title. A label written as a code gives its parts, most specific first:
    "news_politics" → "Politics", then "News".
    """
    name = clean_label(raw)
    if not label_key(name):
        return Reading(refused=EMPTY)
    if _LIST.search(name):
        return Reading(refused=LIST)
    if name.endswith(":"):  # "Aktuelle Seite:", the caption of a breadcrumb
        return Reading(refused=FURNITURE_WORD)
    if title and label_key(name) == label_key(title):
        return Reading(refused=TITLE)
    if len(name) > MAX_NAME_CHARS or len(name.split()) > MAX_NAME_WORDS:
        return Reading(refused=TOO_LONG)
    parts = _parts(name)
    names = tuple(part for part in parts if not is_furniture(part))
    if not names:
        return Reading(refused=FURNITURE_WORD)
    if all(_in_capitals(part) and not house_name(part) for part in names):
        return Reading(refused=CAPITALS)
    return Reading(names=names)


def is_furniture(name):
    return label_key(name) in _vocabulary()[1]


def house_name(name):
    """The newsroom's own section a label means ("Politik" → "Politique"), or ''."""
    return _vocabulary()[0].get(label_key(name), "")


def labels_meaning(name):
    """The sources' labels (as compared) that the vocabulary sends to the house section `name`."""
    key = label_key(name)
    return sorted(label for label, house in _vocabulary()[0].items() if label_key(house) == key and label != key)


def display_name(name):
    """A label written all in small letters gets a capital: "ideas" → "Ideas"."""
    return name[:1].upper() + name[1:] if name == name.lower() else name


def _parts(name):
    if not _CODE_LIKE.fullmatch(name):
        return [display_name(name)]
    pieces = [piece for piece in name.split("_") if piece][::-1]
    return list(dict.fromkeys(display_name(piece.replace("-", " ")) for piece in pieces))


def _in_capitals(name):
    letters = [ch for ch in name if ch.isalpha()]
    return len(letters) > MAX_ACRONYM_LETTERS and all(ch.isupper() for ch in letters)


@cache
def _vocabulary():
    """({label key: house section name}, {furniture keys}) from data/rubriques.txt."""
    houses, furniture = {}, set()
    for line in VOCABULARY.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, labels = line.partition(":")
        name, keys = name.strip(), [label_key(label) for label in labels.split(",") if label.strip()]
        if name == FURNITURE:
            furniture.update(keys)
        else:
            houses.update(dict.fromkeys([label_key(name), *keys], name))
    return houses, frozenset(furniture)
