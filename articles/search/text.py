"""Words as both search backends see them: tokens, accent folding, French stems and stopwords."""

import re
import unicodedata
from functools import lru_cache

import Stemmer

# A token is a run of letters and digits. The underscore is a separator, as it is for
# SQLite's unicode61 tokenizer and PostgreSQL's parser.
TOKEN = re.compile(r"[^\W_]+")
MAX_TOKEN_CHARS = 100  # longer "words" are noise (base64, URLs); PostgreSQL refuses > 2047 bytes
MAX_FIELD_CHARS = 300_000  # per field: keeps a tsvector well under PostgreSQL's 1 MB limit

# Control characters never reach an index: highlighting uses two of them as markers.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Letters that PostgreSQL's unaccent rewrites but that have no Unicode decomposition.
_UNACCENT_EXTRA = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O"})
_UNACCENT_EXTRA.update(str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i"}))

# PostgreSQL's french.stop (the Snowball list). PostgreSQL checks it after unaccent, so the
# accented entries never match there; keeping them verbatim here keeps both backends equal.
STOPWORDS = frozenset(
    """
    au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me même mes moi mon ne
    nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre
    vous c d j l à m n s t y été étée étées étés étant étante étants étantes suis es est sommes êtes sont
    serai seras sera serons serez seront serais serait serions seriez seraient étais était étions étiez
    étaient fus fut fûmes fûtes furent sois soit soyons soyez soient fusse fusses fût fussions fussiez
    fussent ayant ayante ayantes ayants eu eue eues eus ai as avons avez ont aurai auras aura aurons
    aurez auront aurais aurait aurions auriez auraient avais avait avions aviez avaient eut eûmes eûtes
    eurent aie aies ait ayons ayez aient eusse eusses eût eussions eussiez eussent
    """.split()  # noqa: SIM905 (a word list reads better as words)
)

_stemmer = Stemmer.Stemmer("french")


def clean(text, limit=MAX_FIELD_CHARS):
    """Text fit for an index: composed (NFC), no control characters, bounded."""
    return CONTROL.sub(" ", unicodedata.normalize("NFC", (text or "")[:limit]))


def tokens(text):
    """The words of a text, in order, as typed (composed Unicode)."""
    return [t for t in TOKEN.findall(unicodedata.normalize("NFC", text)) if len(t) <= MAX_TOKEN_CHARS]


def _strip_marks(text):
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


@lru_cache(maxsize=8192)
def fts_form(token):
    """The token as SQLite's `unicode61 remove_diacritics 2` stores it: lower case, no accents."""
    return unicodedata.normalize("NFC", _strip_marks(token.lower()))


@lru_cache(maxsize=8192)
def key(token):
    """The token as PostgreSQL's unaccent then french_stem see it before stemming."""
    return _strip_marks(token.translate(_UNACCENT_EXTRA)).lower()


def is_stopword(token):
    return key(token) in STOPWORDS


def stemmable(token):
    """PostgreSQL stems words; tokens with digits (numword, integers) are only lower-cased."""
    return not any(ch.isdigit() for ch in token)


@lru_cache(maxsize=8192)
def stem(token):
    """The Snowball French stem of the unaccented, lower-cased token (what french_unaccent stores)."""
    folded = key(token)
    if not stemmable(token):
        return folded
    return _as_snowball2(folded, _stemmer.stemWord(folded))


def _as_snowball2(folded, stemmed):
    """PyStemmer 3.1 is Snowball 3, PostgreSQL 15 ships Snowball 2: undo the change that matters.

    Snowball 3 stems "française" to "franc" and "libanaise" to "liban"; Snowball 2 (and so
    PostgreSQL) to "francais" and "libanais". Feminine nationality adjectives are everywhere
    in the news, so the SQLite side follows PostgreSQL here. Words still stemmed apart
    (compared on 92,000 words): "palais" (PostgreSQL "pal") and forms of "nier".
    """
    for ending in ("aises", "aise"):
        base = folded[: -len(ending)]
        if folded.endswith(ending) and base.startswith(stemmed) and not stemmed.endswith("ais"):
            return base + "ais"
    return stemmed
