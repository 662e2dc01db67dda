"""The one parser of what people type: web-search syntax in, a small AST of plain words out.

Syntax: words (all required), "exact phrase", -excluded (word or phrase), a OR b, prefix*.
OR binds tighter than the implicit AND: `a OR b c` means (a or b) and c. Words joined by
punctuation (Moyen-Orient, l'armée, covid-19) are a phrase. Anything else is a separator,
so no character typed by a user ever reaches a search engine: every word of the AST is a
run of letters and digits (`text.TOKEN`).
"""

import re
from dataclasses import dataclass

from articles.search import text

MAX_INPUT_CHARS = 1000
MAX_WORDS = 32

# A quoted phrase (closing quote optional), or a chunk of anything but spaces and quotes.
_PIECE = re.compile(r'"(?P<phrase>[^"]*)"?|(?P<chunk>[^\s"]+)')


@dataclass(frozen=True)
class Term:
    word: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]


@dataclass(frozen=True)
class Query:
    """All `groups` must match (each group: any of its items) and none of `excluded`."""

    groups: tuple[tuple[Term | Phrase, ...], ...] = ()
    excluded: tuple[Term | Phrase, ...] = ()

    @property
    def is_empty(self):
        """Nothing to search for: the caller shows what it shows without a query."""
        return not self.groups and not self.excluded

    @property
    def matches_nothing(self):
        """Only exclusions: rather than "everything but", nothing."""
        return not self.groups and bool(self.excluded)

    @property
    def positive_items(self):
        return [item for group in self.groups for item in group]


def parse(q):
    """The AST of a user's query string; never raises."""
    groups, excluded = [], []
    budget = MAX_WORDS
    join_next = False  # the previous piece was OR
    q = (q or "")[:MAX_INPUT_CHARS]
    for match in _PIECE.finditer(q):
        if budget <= 0:
            break
        phrase, chunk = match.group("phrase"), match.group("chunk")
        negated = False
        if chunk == "OR":
            join_next = bool(groups)
            continue
        if chunk is not None:
            negated = chunk.startswith("-") and len(chunk) > 1
            item = _item(chunk.lstrip("-"), phrase=False, budget=budget)
        else:
            negated = _minus_before(q, match.start())
            item = _item(phrase, phrase=True, budget=budget)
        if item is None:
            join_next = join_next and not negated
            continue
        budget -= len(item.words) if isinstance(item, Phrase) else 1
        if negated:
            excluded.append(item)
        elif join_next:
            groups[-1].append(item)
        else:
            groups.append([item])
        join_next = False
    return Query(tuple(tuple(group) for group in groups), tuple(excluded))


def _minus_before(q, start):
    """A quote preceded by a minus sign that starts a word: `-"phrase"`."""
    if start == 0 or q[start - 1] != "-":
        return False
    return start == 1 or q[start - 2].isspace()


def _item(chunk, *, phrase, budget):
    words = text.tokens(chunk)[:budget]
    if not words:
        return None
    if len(words) > 1 or phrase:
        # Both engines keep stopwords' positions in a phrase; a phrase of stopwords alone
        # is dropped, as PostgreSQL would drop it.
        if all(text.is_stopword(word) for word in words):
            return None
        return Phrase(tuple(words)) if len(words) > 1 else Term(words[0])
    prefix = chunk.endswith("*") and re.search(r"[^\W_]\*+$", chunk) is not None
    if text.is_stopword(words[0]):
        return None
    return Term(words[0], prefix=prefix)
