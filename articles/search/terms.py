"""What the engines look for: each item of a parsed query (`query.py`) as index terms (`text.py`).

Both backends render these, so a query means the same on SQLite and PostgreSQL:

- `Match`: a sequence of terms at consecutive positions (one word, a phrase, or a CJK run's
  character pairs) as typed and folded, or — `stems` — the same positions as stems of one
  language each, `text.UNSTEMMED` (the words of pages without a stemmer) one of them (a word
  that is not stemmed stands as its term);
- `Prefix`: a folded beginning of word. A lone CJK character is one too: it is indexed only
  inside the character pairs it begins.
"""

from dataclasses import dataclass

from articles.search import text
from articles.search.query import Phrase


@dataclass(frozen=True)
class Match:
    words: tuple[str, ...]
    stems: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Prefix:
    term: str


def expand(item, languages=None):
    """The Match or Prefix of a query item (Term or Phrase); stems only in `languages` (stemmer
    codes, `languages.held`) when given, else in every language of each word's script."""
    words = item.words if isinstance(item, Phrase) else (item.word,)
    grams = tuple(gram for word in words for gram in text.grams(word))
    if len(words) == 1 and text.is_cjk(words[0]):
        return Prefix(grams[0]) if len(grams[0]) == 1 else Match(grams)
    if getattr(item, "prefix", False):
        return Prefix(text.fold(item.word))
    codes = {code for word in words for code in text.stem_codes(word)}
    codes = sorted(codes if languages is None else codes & languages)
    stems = tuple(
        tuple(
            step
            for word in words
            for step in ([text.stem(word, code)] if code in text.stem_codes(word) else text.grams(word))
        )
        for code in codes
    )
    return Match(grams, stems)
