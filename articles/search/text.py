"""Words as both search backends see them: one analysis, in Python, for the index and the query.

Both databases index what this module makes of a text, never their own reading of it, so they
find the same articles for the same query:

- a word is a run of letters, digits and combining marks (a Devanagari vowel sign is part of
  its word); Chinese and Japanese text, written without spaces, is cut into overlapping
  character pairs (東京都 → 東京 京都), so that a word inside a longer run is found;
- `fold`: lower case (casefold), compatibility forms (NFKC), and marks removed only where a
  reader would not tell the words apart: Latin and Greek accents, Arabic vowel signs and hamza
  (أ → ا). Cyrillic й and Japanese voiced kana (が) keep theirs; ё is е;
- `stem`: the Snowball stem of the folded word in the article's own language, tagged with it
  (`fr_secur`), so that one language's stem never matches another's. A language without a
  stemmer (Japanese, unknown) is not stemmed: each word is its own stem, tagged `x_`, so that
  its words score in the stem columns as a stemmed page's do — an English page scored each word
  typed twice, as itself and by its rare stem, and outranked a page without a language holding the
  very words typed (docs/BENCHMARKS.md, issue 16).
"""

import re
import unicodedata
from functools import lru_cache

import regex
import Stemmer

from articles.languages import language_tag

MAX_TOKEN_CHARS = 100  # longer "words" are noise (base64, URLs); PostgreSQL refuses > 2047 bytes
MAX_FIELD_CHARS = 300_000  # per field: keeps a tsvector well under PostgreSQL's 1 MB limit

# Control characters never reach an index: highlighting uses two of them as markers.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# A word: a letter or digit, then letters, digits and marks. The underscore is a separator.
WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}]*")
# Scripts written without spaces between words: cut into character pairs.
_CJK_CHAR = r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Bopomofo}\u3005\u3006\u30fc\uff70]"
CJK_RUN = regex.compile(rf"(?:{_CJK_CHAR}\p{{M}}*)+")
_ANY_CJK = regex.compile(_CJK_CHAR)
# Every character of _CJK_CHAR is one of these (two Bopomofo tone letters, then U+2E80 and above): a
# text with none has no CJK, and the standard library tells it 15 times faster than a scan for the
# scripts (a page's bodies, highlighted).
_MAYBE_CJK = re.compile("[\u02ea\u02eb\u2e80-\U0010ffff]")
# The characters below U+0250 (Latin) and the General Punctuation block (’ … and the thin spaces of French
# typography), each put once in WORD's own classes: in a text of those alone, the standard library finds
# the same words (checked over each of them) twice as fast, and no CJK is there (word_pattern).
_NARROW = "".join(map(chr, (*range(0x250), *range(0x2000, 0x2070))))
_WIDE_CHAR = re.compile("[^\x00-\u024f\u2000-\u206f]")


def _narrow_class(kind):
    return "[" + "".join(re.escape(ch) for ch in _NARROW if regex.match(kind, ch)) + "]"


_NARROW_WORD = re.compile(_narrow_class(r"[\p{L}\p{N}]") + _narrow_class(r"[\p{L}\p{N}\p{M}]") + "*")
_MARKS_FOLDED = regex.compile(r"[\p{Latin}\p{Greek}\p{Arabic}]")
# What a folded word may not contain: anything but letters, digits and marks, which NFKC makes
# of a few characters ("¼" → "1⁄4", ligatures with spaces). SQLite's `ascii` tokenizer would cut
# at ASCII punctuation, and `_` separates a stem from its language.
_NOT_IN_TERM = regex.compile(r"[^\p{L}\p{N}\p{M}]")

# Letters that have no Unicode decomposition but are folded all the same.
_FOLD_EXTRA = str.maketrans(
    {"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ı": "i", "ё": "е", "\u0640": None}  # ـ tatweel
)

# The Snowball stemmers, by ISO 639-1 code (and the codes pages use for the same language).
STEMMERS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french",
    "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "fa": "persian", "pl": "polish",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "es": "spanish", "sv": "swedish",
    "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}  # fmt: skip
_ALIASES = {"nb": "no", "nn": "no", "in": "id", "ji": "yi"}
# A stemmer changes only words of its own script (Latin for the others; Serbian reads both).
_SCRIPTS = {
    "ar": "Arabic", "fa": "Arabic", "el": "Greek", "hi": "Devanagari", "ne": "Devanagari", "hy": "Armenian",
    "ta": "Tamil", "ru": "Cyrillic", "sr": "Cyrillic", "yi": "Hebrew",
}  # fmt: skip

# PostgreSQL's french.stop (the Snowball list): single words the query parser leaves out.
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
_FOLDED_STOPWORDS = frozenset(
    word for word in STOPWORDS if word.isascii()
)  # PostgreSQL read the list after unaccent: accented entries never matched


def clean(text, limit=MAX_FIELD_CHARS):
    """Text fit for an index: composed (NFC), no control characters, bounded."""
    return CONTROL.sub(" ", unicodedata.normalize("NFC", (text or "")[:limit]))


def words(text):
    """(start, end, word) of each word of an NFC text, a CJK run apart from the letters around it."""
    if not has_cjk(text):
        found = []
        for match in WORD.finditer(text):
            start, end = match.span()
            if end - start <= MAX_TOKEN_CHARS:
                found.append((start, end, match.group()))
        return found
    found = []
    for match in WORD.finditer(text):
        word, offset, last = match.group(), match.start(), 0
        for run in CJK_RUN.finditer(word):
            if run.start() > last:
                found.append((offset + last, offset + run.start(), word[last : run.start()]))
            found.append((offset + run.start(), offset + run.end(), run.group()))
            last = run.end()
        if last < len(word):
            found.append((offset + last, offset + len(word), word[last:]))
    return [item for item in found if item[1] - item[0] <= MAX_TOKEN_CHARS]


def word_pattern(text):
    """WORD, or the same pattern in the standard library's regex when every character of `text` is in
    _NARROW (then it holds no CJK either): a page's bodies, highlighted, are mostly such text."""
    return WORD if _WIDE_CHAR.search(text) else _NARROW_WORD


def has_cjk(text):
    """Whether a text holds a character of a script written without spaces (cut into pairs)."""
    return _MAYBE_CJK.search(text) is not None and _ANY_CJK.search(text) is not None


def tokens(text):
    """The words of a text, in order, as typed (composed Unicode)."""
    return [word for _, _, word in words(unicodedata.normalize("NFC", text))]


def is_cjk(word):
    return CJK_RUN.fullmatch(word) is not None


@lru_cache(maxsize=65536)
def fold(word):
    """The word as both indexes store it: lower case, compatibility forms, marks folded per script."""
    # A word is letters, digits and marks: the folding never leaves it empty.
    if word and max(word) < _LATIN_END:
        return word.translate(_latin_folds()) or word
    return _folded(word) or word


def _folded(word):
    kept, strip = [], False
    for ch in unicodedata.normalize("NFD", unicodedata.normalize("NFKC", word).casefold().translate(_FOLD_EXTRA)):
        if unicodedata.category(ch).startswith("M"):
            if strip:
                continue
        else:
            strip = _MARKS_FOLDED.match(ch) is not None
        kept.append(ch)
    return _NOT_IN_TERM.sub("", unicodedata.normalize("NFC", "".join(kept)))


# Below U+0250 (ASCII and Latin letters, their accents precomposed) a text folds one character at a time: no
# character there is a mark, and what each becomes begins with no mark, so none reaches its neighbour (every
# pair checked: tests/test_search_analysed.py). A word of them is read through a table of their folds, made
# once by the general path: a new worker meets most of its pages' words for the first time (docs/BENCHMARKS.md,
# issue 18).
_LATIN_END = "\u0250"


@lru_cache(maxsize=1)
def _latin_folds():
    folds = {code: _folded(chr(code)) for code in range(ord(_LATIN_END))}
    return {code: folded for code, folded in folds.items() if folded != chr(code)}


def grams(word):
    """The index terms of one word: itself folded, or a CJK run's character pairs."""
    if not is_cjk(word):
        return [fold(word)]
    chars = [fold(ch) for ch in regex.findall(r"\X", word)]
    if len(chars) == 1:
        return chars
    return [chars[i] + chars[i + 1] for i in range(len(chars) - 1)]


# The tag of the stems of a language without a stemmer (unknown, Japanese): the words themselves.
# Every tag is shorter than a prefix may be (query.MIN_PREFIX_CHARS) and "_" is no word character,
# so no prefix typed reaches a stem ("und*" would have matched every word of those pages as "und_…").
UNSTEMMED = "x"


def language_code(language):
    """The stemmer code of an article's language ("fr", "pt-BR" → "pt"), or None: no stemming."""
    code = language_tag(language)
    code = _ALIASES.get(code, code)
    return code if code in STEMMERS else None


def stem_code(language):
    """The tag of an article's stems: its stemmer code, or UNSTEMMED."""
    return language_code(language) or UNSTEMMED


@lru_cache(maxsize=32)
def _stemmer(code):
    """The Snowball stemmer of language `code`, without PyStemmer's own cache (size 0): stem() and _analysed()
    remember the words they stem, so it meets most words once, and a cache that seldom hits « can severely damage
    performance » (its documentation): 1.2 against 0.5 µs an English word; a new extraction worker's search
    entries 2.1 → 1.5 ms a dev page (docs/BENCHMARKS.md, issue 18). The same stems."""
    return Stemmer.Stemmer(STEMMERS[code], 0)


def stemmable(word):
    """Words with digits (covid19, 2e) and CJK runs are matched as written, never stemmed."""
    # No character is both a letter and a digit (str.isalpha, str.isdigit): a word of letters needs no scan.
    return (word.isalpha() or not any(ch.isdigit() for ch in word)) and not is_cjk(word)


@lru_cache(maxsize=65536)
def stem(word, code):
    """The word's stem in language `code` (a STEMMERS key, or UNSTEMMED: the word itself), tagged:
    "fr_secur", "x_securite"; None if not stemmed."""
    if code is None or not stemmable(word):
        return None
    if code == UNSTEMMED:
        return f"{code}_{fold(word)}"
    return f"{code}_{_stemmer(code).stemWord(fold(word))}"


@lru_cache(maxsize=4096)
def stem_codes(word):
    """The languages a typed word may be stemmed in: those of its script, and UNSTEMMED (any script).
    The query does not know the article's language, and a stemmer leaves other scripts alone
    (their words match as typed)."""
    return (*_CODES_BY_SCRIPT.get(_script(word), ()), UNSTEMMED) if stemmable(word) else ()


_SCRIPT_NAMES = ("Latin", "Cyrillic", "Arabic", "Greek", "Devanagari", "Armenian", "Tamil", "Hebrew")
_SCRIPT = regex.compile("|".join(rf"(?P<{name}>\p{{{name}}})" for name in _SCRIPT_NAMES))


_CODES_BY_SCRIPT = {
    script: tuple(code for code in STEMMERS if script in (_SCRIPTS.get(code, "Latin"), "Latin" if code == "sr" else ""))
    for script in _SCRIPT_NAMES
}


_LATIN_CODES = _CODES_BY_SCRIPT["Latin"]


def _script(word):
    match = _SCRIPT.match(word)
    return match.lastgroup if match else None


def is_stopword(word):
    return fold(word) in _FOLDED_STOPWORDS


def analyse(text, language):
    """(terms, stems) of a cleaned text: a term per position; the stems at the same positions
    (a word not stemmed stands as its term; in a language without a stemmer, each word is its
    own stem, tagged UNSTEMMED)."""
    code = stem_code(language)
    terms, stems = [], []
    # word_pattern: the standard library's twin of WORD where every character allows it (twice as fast).
    found = [word for _, _, word in words(text)] if has_cjk(text) else word_pattern(text).findall(text)
    for word in found:
        if len(word) > MAX_TOKEN_CHARS:
            continue
        grams, stemmed = _analysed(word, code)
        terms.extend(grams)
        stems.extend([stemmed] if stemmed else grams)
    return terms, stems


@lru_cache(maxsize=65536)
def _analysed(word, code):
    """A word's terms, and its stem in language `code` when that stemmer reads its script."""
    if word.isascii() and word.isalnum():
        return _analysed_ascii(word, code)
    return grams(word), (stem(word, code) if code in stem_codes(word) else None)


def _analysed_ascii(word, code):
    """_analysed() of a word of ASCII letters and digits, most of a page's first time: NFKC and NFD leave it as
    it is, it holds no mark and no CJK, its case folds as its lower case, and its script is Latin (stemmed
    only without a digit). A new worker meets most of its pages' words for the first time: the general
    path, a Python step a character, was most of a page's search entry there (docs/BENCHMARKS.md, issue 18)."""
    folded = word.lower()
    if code is None or not word.isalpha() or (code != UNSTEMMED and code not in _LATIN_CODES):
        return [folded], None
    return [folded], f"{code}_{folded if code == UNSTEMMED else _stemmer(code).stemWord(folded)}"
