"""What the searches of one page read once: a page searches its words with the reader's filters, then
again without one filter for each facet (articles.filters). What does not depend on the filters — the
languages the index holds (languages.held), the titles matching the words and their scores —
is read by the first search and given to the others (a facet's second search of a word in one section
read its titles again: 1.5–1.8 ms at 100,000 articles on SQLite, 6–11 ms on PostgreSQL under load,
docs/BENCHMARKS.md, issue 16).

    with shared.one_page(memo):   # memo: a dict kept by the page's searches
        find_articles(...)

Outside one_page, every search reads for itself. A page that will search its words again with other
filters (a facet's count without the reader's section or agency) says so (`again`): a search that reads
every match of its words can then keep the newest for the next (articles.search.postgresql).
"""

from contextlib import contextmanager
from contextvars import ContextVar

_memo = ContextVar("articles.search.shared", default=None)


_AGAIN = "again"  # the memo's mark: the page searches its words again with other filters


@contextmanager
def one_page(memo, again=False):
    """The searches made inside share `memo` (a dict the page keeps for all of them); `again`: the page
    will search the same words again with other filters."""
    if again:
        memo[_AGAIN] = True
    token = _memo.set(memo)
    try:
        yield
    finally:
        _memo.reset(token)


def remembered(key, read):
    """read() once for `key` among the searches of one page; called every time outside one."""
    memo = _memo.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def again():
    """Whether the page said it will search its words again with other filters (one_page(again=True))."""
    memo = _memo.get()
    return bool(memo and memo.get(_AGAIN))


def keep(key, value):
    """Keep `value` for the page's later searches (nothing outside one_page)."""
    memo = _memo.get()
    if memo is not None:
        memo[key] = value


def kept(key):
    """What an earlier search of the page kept for `key`, or None."""
    memo = _memo.get()
    return None if memo is None else memo.get(key)
