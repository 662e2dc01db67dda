"""What an input is (article page, feed, sitemap, file, directory) and the article URLs a feed or sitemap lists."""

import gzip
import logging
import os
import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, time
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from lxml import etree

from articles.storable import plausible_date

HTML = "html"
FEED = "feed"
SITEMAP = "sitemap"
SITEMAP_INDEX = "sitemap index"

PAGE_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
GZIP_MAGIC = b"\x1f\x8b"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

_PROLOG = re.compile(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", re.DOTALL | re.IGNORECASE)
_FIRST_TAG = re.compile(rb"<([A-Za-z_][\w:.-]*)")
_HTML_TAG = re.compile(rb"<(html|head|body|article|main|div|p|h1|title|meta)\b", re.IGNORECASE)
logger = logging.getLogger(__name__)
_ROOT_KINDS = {"rss": FEED, "rdf": FEED, "feed": FEED, "urlset": SITEMAP, "sitemapindex": SITEMAP_INDEX}


class InputError(Exception):
    """An input that cannot be read or listed; the message is the reason shown to the user."""


@dataclass(frozen=True)
class Entry:
    """One URL listed by a feed or sitemap, with its date when the source gives one."""

    url: str
    published: datetime | None = None


def is_url(source):
    return urlsplit(source).scheme in ("http", "https")


# --- Telling inputs apart by content ------------------------------------------------------


def sniff(data):
    """HTML, FEED, SITEMAP or SITEMAP_INDEX, from the bytes (never from a URL or file name)."""
    head = data[:8192]
    if head.startswith(UTF16_BOMS):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    elif b"\x00" in head:
        raise InputError("binary content, not an HTML page")
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    first = _FIRST_TAG.search(_PROLOG.sub(b"", head))
    if first:
        name = first.group(1).decode("ascii").rsplit(":", 1)[-1].lower()
        if name in _ROOT_KINDS:
            return _ROOT_KINDS[name]
    if head.lower().startswith(b"<!doctype html") or _HTML_TAG.search(data[:200_000]):
        return HTML
    raise InputError("not an HTML page, feed or sitemap")


def gunzip(data):
    """A gzip file's content (sitemap.xml.gz), refusing to inflate past the size cap."""
    if not data.startswith(GZIP_MAGIC):
        return data
    cap = settings.NEWSROOM_MAX_RESPONSE_BYTES
    try:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        result = inflater.decompress(data, cap + 1)
    except zlib.error as error:
        raise InputError(f"invalid gzip data: {error}") from None
    if len(result) > cap:
        raise InputError(f"content larger than {cap} bytes once decompressed")
    return result


# --- Feeds and sitemaps ---------------------------------------------------------------------


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
        raise InputError(f"malformed {kind}: {error}") from None
    if root is None:
        raise InputError(f"empty {kind}")
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
    """A feed or sitemap date (ISO 8601 or RFC 822) as an aware datetime, or None."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            value = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    # Only compared with --since: a date that cannot be one is no date (the entry is kept).
    return plausible_date(value)


# --- Local files ------------------------------------------------------------------------------


def local_pages(given):
    """The page files of a local input: the file itself, or a directory's pages, recursively."""
    path = Path(given)
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InputError("no such file or directory")
    pages = []
    for directory, subdirectories, files in os.walk(path):  # does not follow symlinked directories
        subdirectories.sort()
        pages.extend(Path(directory, name) for name in sorted(files) if name.lower().endswith(PAGE_SUFFIXES))
    if not pages:
        raise InputError("no .html or .htm files in this directory")
    return pages


def read_local(path):
    """A page file's bytes, gunzipped for .gz, refused past the size cap or when empty."""
    cap = settings.NEWSROOM_MAX_RESPONSE_BYTES
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as file:
            data = file.read(cap + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(f"cannot read the file: {getattr(error, 'strerror', None) or error}") from None
    if len(data) > cap:
        raise InputError(f"file larger than {cap} bytes")
    if not data.strip():
        raise InputError("empty file")
    return data
