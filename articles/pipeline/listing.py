"""Feeds and sitemaps: the article pages an RSS/Atom feed, a sitemap or a sitemap index lists (ingest and polling)."""

import logging
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from django.conf import settings
from lxml import etree

from articles.extraction.dates import parse_listing_date
from articles.pipeline.fetching import XML_TYPES, FetchError, fetch
from articles.pipeline.inputs import FEED, SITEMAP, SITEMAP_INDEX, InputError, Page, gunzip, is_url, sniff
from articles.pipeline.results import FAILED, ItemResult
from articles.storable import plausible_date

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    """One URL listed by a feed or sitemap, with its date when the feed or sitemap gives one."""

    url: str
    published: datetime | None = None


def listed_pages(content, kind, base_url, *, since=None, depth=0):
    """The pages a feed or sitemap lists, and a failed ItemResult for each of its sitemaps that fails.

    The one expansion of feeds and sitemaps, for `ingest` and for polling. A sitemap index's
    sitemaps are fetched in turn; a sitemap that is dead or unreadable is one failure, and the
    others still give their pages. An index listing an index (the protocol has none) gives a
    failure for each sitemap of the inner one. InputError when `content` itself cannot be listed.
    Entries older than `since` are left out; entries without a date are kept: nothing says they are old.
    """
    entries = [e for e in list_entries(content, kind, base_url) if not (since and e.published and e.published < since)]
    if kind != SITEMAP_INDEX:
        for entry in entries:
            yield Page(entry.url, url=entry.url)
        return
    for entry in entries:
        try:
            if depth >= 1:  # indexes within indexes: a loop or a trap
                raise InputError("index_too_deep")
            response = fetch(entry.url, accept=XML_TYPES)
            child = gunzip(response.content)
            child_kind = sniff(child)
            if child_kind not in (SITEMAP, SITEMAP_INDEX):
                raise InputError("index_entry_not_sitemap", kind=child_kind)
            yield from listed_pages(child, child_kind, response.url, since=since, depth=depth + 1)
        except (FetchError, InputError) as error:
            yield ItemResult(entry.url, FAILED, error)


def list_entries(data, kind, base_url):
    """The entries of a FEED, SITEMAP or SITEMAP_INDEX (for an index: its child sitemaps)."""
    root = _parse_xml(data, kind)
    if kind == FEED:
        entries = _feed_entries(root, base_url)
    elif kind == SITEMAP:
        entries = [_sitemap_entry(el, base_url) for el in _descendants(root, "url")]
    else:
        entries = [_sitemap_entry(el, base_url) for el in _descendants(root, "sitemap")]
    unique = {}
    for entry in entries:
        if entry and is_url(entry.url):
            unique.setdefault(entry.url, entry)
    return _capped(list(unique.values()), base_url)


def _capped(entries, base_url):
    """At most NEWSROOM_MAX_FEED_ENTRIES entries: the newest (undated ones last), in their order.

    A sitemap may list 50,000 pages and a feed anything: one source must not become an
    import of unbounded size. `ingest --limit` and the admin's limit cut further.
    """
    cap = settings.NEWSROOM_MAX_FEED_ENTRIES
    if len(entries) <= cap:
        return entries
    logger.warning(
        "%s lists %d entries: only the newest %d are taken (NEWSROOM_MAX_FEED_ENTRIES)", base_url, len(entries), cap
    )
    newest = sorted(range(len(entries)), key=lambda i: (entries[i].published is None, _newest_first(entries[i])))
    return [entries[i] for i in sorted(newest[:cap])]


def _newest_first(entry):
    return -entry.published.timestamp() if entry.published else 0


def _parse_xml(data, kind):
    # No DTDs, no entities, no network: a feed is untrusted input (billion laughs, XXE).
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise InputError("malformed_listing", kind=kind, error=str(error)) from None
    if root is None:
        raise InputError("empty_listing", kind=kind)
    return root


def _feed_entries(root, base_url):
    entries = []
    for item in _descendants(root, "item", "entry"):
        url = _atom_link(item) or _text(item, "link") or _permalink_guid(item)
        published = _date(_text(item, "pubDate", "published", "date", "issued", "updated", "modified"))
        if url:
            entries.append(Entry(urljoin(base_url, url), published))
    return entries


def _atom_link(item):
    """An Atom entry's page: <link rel="alternate" href> (rel defaults to alternate)."""
    for link in _children(item, "link"):
        href = link.get("href")
        if href and link.get("rel", "alternate") == "alternate":
            return href.strip()
    return None


def _permalink_guid(item):
    for guid in _children(item, "guid"):
        if guid.get("isPermaLink", "true") != "false" and (guid.text or "").strip().startswith("http"):
            return guid.text.strip()
    return None


def _sitemap_entry(element, base_url):
    loc = _text(element, "loc")
    if not loc:
        return None
    # Google News sitemaps give the publication date; lastmod is the next best thing.
    news_date = next((_text(news, "publication_date") for news in _children(element, "news")), None)
    return Entry(urljoin(base_url, loc), _date(news_date or _text(element, "lastmod")))


def _localname(element):
    return etree.QName(element).localname if isinstance(element.tag, str) else None


def _children(element, *names):
    return [child for child in element if _localname(child) in names]


def _descendants(element, *names):
    return [el for el in element.iter() if _localname(el) in names]


def _text(element, *names):
    """The first non-empty text among the children named `names`, in the order of `names`."""
    for name in names:
        for child in _children(element, name):
            if child.text and child.text.strip():
                return child.text.strip()
    return None


def _date(text):
    """A feed or sitemap date as an aware datetime, or None (extraction's parser, the storable range).

    Only compared with --since: a date that cannot be one is no date, and the entry is kept.
    """
    return plausible_date(parse_listing_date(text))
