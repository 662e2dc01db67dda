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
# A prefix is expanded by the engine into every indexed word it starts: `a*` is most of the
# vocabulary. Shorter prefixes are searched as the word itself, and only so many per query.
MIN_PREFIX_CHARS = 3
MAX_PREFIXES = 4
# Why a query was searched in part (Query.cuts); the search page says so (describe_cuts).
WORDS_CUT, SHORT_PREFIX, PREFIXES_CUT = "words_cut", "short_prefix", "prefixes_cut"

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
    cuts: frozenset[str] = frozenset()  # what was left out or simplified, if anything

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
    """The AST of a user's query string; never raises.

    A word, phrase or OR group typed twice is searched once (`a* OR a* …` repeated did the
    engine's work each time), and the work stays bounded: MAX_WORDS distinct words and
    MAX_PREFIXES prefixes of MIN_PREFIX_CHARS letters or more. What goes beyond is named in `cuts`.
    """
    state = _State()
    join_next = False  # the previous piece was OR
    q = q or ""
    if len(q) > MAX_INPUT_CHARS:
        # Cut between words, not inside one: a word's first letters would be another word.
        q = q[:MAX_INPUT_CHARS] if q[MAX_INPUT_CHARS].isspace() else re.sub(r"\S+$", "", q[:MAX_INPUT_CHARS])
        state.cuts.add(WORDS_CUT)
    for match in _PIECE.finditer(q):
        phrase, chunk = match.group("phrase"), match.group("chunk")
        negated = False
        if chunk == "OR":
            join_next = bool(state.groups)
            continue
        if chunk is not None:
            negated = chunk.startswith("-") and len(chunk) > 1
            item = _item(chunk.lstrip("-"), phrase=False)
        else:
            negated = _minus_before(q, match.start())
            item = _item(phrase, phrase=True)
        item = state.admit(item)
        if item is None:
            join_next = join_next and not negated
            continue
        state.add(item, negated=negated, joined=join_next)
        join_next = False
    return state.query()


class _State:
    """The query being built: its groups and exclusions, the words already seen, the cuts made."""

    def __init__(self):
        self.groups, self.excluded = [], []
        self.seen = set()  # signatures: a repeated item costs nothing
        self.budget, self.prefixes = MAX_WORDS, MAX_PREFIXES
        self.cuts = set()

    def admit(self, item):
        """`item` within the budgets (a prefix made a word, a phrase shortened), or None."""
        if item is None or _signature(item) in self.seen:
            return item
        if isinstance(item, Term) and item.prefix:
            item = self._prefix(item)
            if _signature(item) in self.seen:
                return item
        size = len(item.words) if isinstance(item, Phrase) else 1
        if size > self.budget:
            self.cuts.add(WORDS_CUT)
            item = _phrase(item.words[: self.budget]) if self.budget and isinstance(item, Phrase) else None
            size = self.budget
        if item is not None:
            self.budget -= size
            self.seen.add(_signature(item))
        return item

    def _prefix(self, term):
        if len(term.word) < MIN_PREFIX_CHARS:
            self.cuts.add(SHORT_PREFIX)
            return Term(term.word)
        if self.prefixes <= 0:
            self.cuts.add(PREFIXES_CUT)
            return Term(term.word)
        self.prefixes -= 1
        return term

    def add(self, item, *, negated, joined):
        if negated:
            _append_once(self.excluded, item)
        elif joined:
            _append_once(self.groups[-1], item)
        else:
            self.groups.append([item])

    def query(self):
        groups = []
        for group in self.groups:
            # `a OR b` twice is one condition: the same alternatives, in any order.
            if {_signature(item) for item in group} not in [{_signature(item) for item in g} for g in groups]:
                groups.append(group)
        return Query(tuple(tuple(group) for group in groups), tuple(self.excluded), frozenset(self.cuts))


def _signature(item):
    """What the engines search for: case and accents do not make another word."""
    if isinstance(item, Phrase):
        return ("phrase", tuple(text.fold(word) for word in item.words))
    return ("term", text.fold(item.word), item.prefix)


def _append_once(items, item):
    if _signature(item) not in {_signature(other) for other in items}:
        items.append(item)


def _minus_before(q, start):
    """A quote preceded by a minus sign that starts a word: `-"phrase"`."""
    if start == 0 or q[start - 1] != "-":
        return False
    return start == 1 or q[start - 2].isspace()


def _item(chunk, *, phrase):
    words = text.tokens(chunk)
    if not words:
        return None
    if len(words) > 1 or phrase:
        # Both engines keep stopwords' positions in a phrase; a phrase of stopwords alone
        # is dropped, as PostgreSQL would drop it.
        if all(text.is_stopword(word) for word in words):
            return None
        return _phrase(words)
    prefix = chunk.endswith("*") and re.search(r"[^\W_]\*+$", chunk) is not None
    if text.is_stopword(words[0]):
        return None
    return Term(words[0], prefix=prefix)


def _phrase(words):
    return Phrase(tuple(words)) if len(words) > 1 else Term(words[0])


_CUT_MESSAGES = {
    WORDS_CUT: f"seuls les {MAX_WORDS} premiers mots sont cherchés",
    SHORT_PREFIX: f"un préfixe (mot*) doit avoir au moins {MIN_PREFIX_CHARS} lettres : les plus courts sont cherchés "
    "comme des mots entiers",
    PREFIXES_CUT: f"au plus {MAX_PREFIXES} préfixes (mot*) par recherche : les suivants sont cherchés comme des mots "
    "entiers",
}


def describe_cuts(query):
    """What the search page says when a query was searched in part, in French ('' when it was not)."""
    reasons = [_CUT_MESSAGES[code] for code in (WORDS_CUT, SHORT_PREFIX, PREFIXES_CUT) if code in query.cuts]
    return ("Recherche simplifiée : " + " ; ".join(reasons) + ".") if reasons else ""
