"""Full-text search of articles: one API in front of SQLite FTS5 and PostgreSQL text search.

    results = search_articles(Article.objects.published(), request.GET.get("q", ""))
    page = highlight(paginator.page(n).object_list, q)   # article.search_snippet, .search_title

Both backends index and query the same analysed terms (`text.py`: words folded per script, CJK
cut into character pairs, each article stemmed in its own language; `terms.py` for the query),
so they are case-, accent- and plural-insensitive alike, and read the same syntax ("phrase",
-word, a OR b, prefix*), parsed once in `query.py`. Highlighting is theirs too (`highlighting.py`).

A search keeps the newest `window()` matches (settings.NEWSROOM_SEARCH_WINDOW, 1,000 by
default) among the articles of the queryset it is given and, when more matched, the articles
whose titles match best over the whole archive (`best_titles()`, 20, however old: the article
whose title a person types is found) unless more than TITLE_MATCHES titles match; it ranks,
counts and facets those: work stays bounded when a word is in nearly every article.
`find_articles` also says whether more articles matched, and how many older ones were kept for
their title.
"""

from contextlib import nullcontext
from itertools import islice
from typing import NamedTuple

from django.apps import apps
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import FloatField, Prefetch, Value, prefetch_related_objects
from django.db.utils import NotSupportedError

from articles.search import highlighting, languages, marks, postgresql, sqlite, text
from articles.search.query import parse

__all__ = [
    "DATE",
    "RELEVANCE",
    "Analysed",
    "analyse_entry",
    "best_titles",
    "find_articles",
    "highlight",
    "index_article",
    "index_articles",
    "index_rows",
    "parse",
    "reindex",
    "search_articles",
    "window",
]

RELEVANCE, DATE = "relevance", "date"
REINDEX_BATCH = 500  # articles written by one statement a table in a reindex
# Beyond the window, titles are looked for only when at most this many match: a query that common in
# titles does not single out one article, and ranking every title that holds it cost 120 ms at
# 100,000 articles on PostgreSQL (docs/BENCHMARKS.md, issue 16).
TITLE_MATCHES = 2_000
_TEXT_FIELDS = frozenset({"title", "lead", "body_text", "language"})  # what highlighting reads of an article
_ORDERINGS = {RELEVANCE: ("-rank", "-published_at", "-id"), DATE: ("-published_at", "-id")}


def _backend(using):
    vendor = connections[using].vendor
    if vendor == "sqlite":
        return sqlite
    if vendor == "postgresql":
        return postgresql
    raise NotSupportedError(f"Full-text search supports SQLite and PostgreSQL, not {vendor}.")


class Found(NamedTuple):
    articles: object  # the QuerySet
    truncated: bool  # more articles matched than the window holds
    older: int = 0  # articles older than the window, kept for their title (when truncated)
    count: int | None = None  # how many articles it holds, when the search knows without a statement (words searched)


def window():
    """How many of the newest matches a search keeps."""
    return settings.NEWSROOM_SEARCH_WINDOW


def best_titles():
    """How many articles whose titles match best a search adds, however old, when more matched than its window."""
    return settings.NEWSROOM_SEARCH_TITLES


def search_articles(queryset, q, *, order=RELEVANCE):
    """`queryset` narrowed to the articles matching `q`, annotated with `rank` (higher is better;
    0 with order=DATE, where it orders nothing).

    Ordered by relevance (rank, then newest first) or, with order=DATE, newest first. A query
    with no words (empty, punctuation, only stopwords) adds no condition and keeps the
    queryset's order; one with only exclusions matches nothing. Facet counts on the result
    need the ordering cleared first: `results.order_by().values("section").annotate(...)`.
    Filter `queryset` before, not after: the window is taken among its articles.
    """
    return find_articles(queryset, q, order=order).articles


def find_articles(queryset, q, *, order=RELEVANCE, keep=None):
    """search_articles, and whether the window left matches out: Found(articles, truncated, older, count).

    Runs its queries at once (the window's ids, then the best titles when more matched); the
    returned QuerySet stays lazy. `keep(ids)`, if given, takes the matching ids, newest first,
    and returns those to keep (one version per story: articles.stories.versions.earliest_of_each_story).
    """
    if order not in _ORDERINGS:
        raise ValueError(f"order must be {RELEVANCE!r} or {DATE!r}")
    query = parse(q)
    if query.is_empty:
        queryset = queryset.annotate(rank=Value(0.0, output_field=FloatField()))
        return Found(queryset.order_by(*_ORDERINGS[DATE]) if order == DATE else queryset, False)
    if query.matches_nothing:
        return _nothing(queryset)
    try:
        backend = _backend(queryset.db)
        # Each also says how many articles it kept: the page's count needs no statement.
        articles, truncated, older, count = backend.search(
            queryset, query, window(), keep, best=best_titles(), most=TITLE_MATCHES
        )
    except EmptyResultSet:  # the queryset holds no article at all (`.none()`, an empty `__in`)
        return _nothing(queryset)
    if order == DATE:  # no score read: bm25's set-up was most of a common word's page (docs/BENCHMARKS.md, issue 16)
        articles = articles.annotate(rank=Value(0.0, output_field=FloatField()))
    return Found(articles.order_by(*_ORDERINGS[order]), truncated, older, count)


def _nothing(queryset):
    return Found(queryset.none().annotate(rank=Value(0.0, output_field=FloatField())), False)


def highlight(articles, q):
    """Set `search_title` and `search_snippet` (safe HTML, matches in <mark>) on a page of articles.

    One query for the whole page. `search_snippet_field` says where the snippet comes from
    (title, lead, captions, body); without a match it is the lead, escaped.
    """
    articles = list(articles)
    query = parse(q)
    marked = {}
    if articles and query.groups:
        using = articles[0]._state.db or "default"
        rows = None
        if not any(_TEXT_FIELDS & article.get_deferred_fields() for article in articles):  # not read again
            rows = [(a.pk, a.title, a.lead, a.body_text, a.language) for a in articles]
        marked = highlighting.headlines([article.pk for article in articles], query, using, rows)
    for article in articles:
        fields = marked.get(article.pk, {})
        article.search_title = marks.render(fields["title"]) if fields.get("title") else marks.plain(article.title)
        # The title is shown above the snippet: the snippet never repeats it.
        others = {
            name: value for name, value in fields.items() if name != "title" and not _repeats_title(value, article)
        }
        best = marks.best_snippet(others) if others else None
        article.search_snippet_field, article.search_snippet = best or _plain_snippet(article)
    return articles


def _repeats_title(value, article):
    """Whether a snippet only says (part of) the title again: engines may cut it at other words."""

    def words(value):
        return " ".join((value or "").replace(marks.START, "").replace(marks.STOP, "").strip("…. ").split()).casefold()

    snippet = words(value)
    return bool(snippet) and snippet in words(article.title)


def _plain_snippet(article):
    """The lead, or the body's start when the lead only says the title again (or is empty)."""
    if article.lead.strip() and not _repeats_title(article.lead, article):
        return "lead", marks.plain(article.lead)
    body = getattr(article, "body_text", "") if "body_text" not in article.get_deferred_fields() else ""
    return ("body", marks.plain(body)) if body.strip() else ("lead", "")


def _fields(article, captions=None):
    if captions is None:
        captions = [photo.caption for photo in sorted(article.photos.all(), key=lambda photo: photo.position)]
    return _cleaned(article.title, article.lead, captions, article.body_text)


def _cleaned(title, lead, captions, body):
    return {
        "title": text.clean(title),
        "lead": text.clean(lead),
        "captions": text.clean("\n".join(caption for caption in captions if caption)),
        "body": text.clean(body),
    }


class Analysed(NamedTuple):
    """An article's entry analysed before its write (analyse_entry), and what it was made from."""

    vendor: str  # the database's: SQLite and PostgreSQL store different things
    language: str
    fields: dict  # the cleaned fields
    entry: object  # the backend's analysis of them


def analyse_entry(title, lead, captions, body, language, using="default"):
    """The search analysis of an article about to be written, made where no database is needed
    (the extraction workers, articles.pipeline.prepare), so that the one writing process does
    not spend its time there; `captions` are its photos' captions in order. index_articles()
    writes it as it is if the article stored has those very fields, else analyses again."""
    fields = _cleaned(title, lead, captions, body)
    return Analysed(connections[using].vendor, language, fields, _backend(using).analyse(fields, language))


def index_article(article, analysed=None):
    """Write (or rewrite) the article's index entry; call it in the transaction that saves it.

    `analysed`: its analyse_entry(), if made already."""
    index_articles([article], [analysed])


def index_articles(articles, analysed=None, captions=None):
    """index_article() for many articles of one database at once: their photos read in one query,
    their entries written in one statement a table. `analysed`: an analyse_entry() or None per article;
    `captions`: each article's photos' captions in order, when its caller wrote them (not read again)."""
    if not articles:
        return
    Photo = apps.get_model("articles", "Photo")
    using = articles[0]._state.db or "default"
    unread = [article for article in articles if "photos" not in getattr(article, "_prefetched_objects_cache", {})]
    if len(unread) > 1 and captions is None:
        prefetch_related_objects(
            unread, Prefetch("photos", queryset=Photo.objects.only("article_id", "position", "caption"))
        )
    captions = captions or [None] * len(articles)
    entries = [
        (article.pk, article.published_at, _fields(article, shown), article.language)
        for article, shown in zip(articles, captions, strict=True)
    ]
    vendor = connections[using].vendor
    ready = [
        made.entry if made and (made.vendor, made.language, made.fields) == (vendor, language, fields) else None
        for (_, _, fields, language), made in zip(entries, analysed or [None] * len(entries), strict=True)
    ]
    with transaction.atomic(using=using):
        _backend(using).index_many(entries, using, analysed=ready)
        languages.note({article.language for article in articles}, using)


def reindex(queryset=None, using="default"):
    """Index `queryset` (default: rebuild the whole index of database `using`) in one transaction;
    returns the count."""
    # The models by name: articles.models imports this package (Article.objects.search), not the reverse.
    Article, Photo = apps.get_model("articles", "Article"), apps.get_model("articles", "Photo")
    full = queryset is None
    queryset = Article.objects.using(using).all() if full else queryset
    rows = queryset.order_by("published_at", "pk").values_list(
        "pk", "published_at", "title", "lead", "body_text", "language"
    )
    photos = Photo.objects.using(queryset.db).exclude(caption="").order_by("article_id", "position")

    def captions(ids):
        return photos.filter(article_id__in=ids).values_list("article_id", "caption")

    return index_rows(rows.iterator(chunk_size=REINDEX_BATCH), captions, queryset.db, full=full)


def index_rows(rows, captions, using, full=False):
    """Write the entries of `rows` in one transaction; returns the count. `rows`: plain values
    (article id, published_at, title, lead, body, language), oldest first, the order of the search
    keys: FTS5 writes its pending terms out as a new segment whenever a rowid is lower than the
    previous one, so in article order (dates at random) nearly every article became a segment to
    merge, and a rebuild grew faster than the archive (docs/BENCHMARKS.md, issue 16).
    `captions(ids)`: (article id, caption) of their photos, in order. `full`: the whole index made
    again from these rows.

    Plain values, so that a data migration reads them through its own models
    (articles/migrations/_search_entries.py): today's may name columns its database lacks yet.
    """
    backend, rows = _backend(using), iter(rows)
    count, written = 0, set()
    with transaction.atomic(using=using), backend.rebuilding(using) if full else nullcontext():
        if full:
            backend.clear(using)
            languages.clear(using)
        while batch := list(islice(rows, REINDEX_BATCH)):
            found = {}
            for article_id, caption in captions([article_id for article_id, *_ in batch]):
                found.setdefault(article_id, []).append(caption)
            entries = [
                (pk, published_at, _cleaned(title, lead, found.get(pk, ()), body), language)
                for pk, published_at, title, lead, body, language in batch
            ]
            backend.index_many(entries, using, fresh=full)
            written.update(language for *_, language in entries)
            count += len(entries)
        languages.note(written, using)
        if full:
            backend.optimize(using)
    return count
