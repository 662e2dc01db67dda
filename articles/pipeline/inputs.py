"""What an input is (article page, feed, sitemap, file, directory), told by its bytes; reading local page files."""

import gzip
import os
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

from articles.messages import CodedError

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
_ROOT_KINDS = {"rss": FEED, "rdf": FEED, "feed": FEED, "urlset": SITEMAP, "sitemapindex": SITEMAP_INDEX}


class InputError(CodedError):
    """An input that cannot be read or listed; its code names the reason people read (articles.messages)."""


@dataclass
class Page:
    """One article page to extract: fetched from `url`, read from the file `path`, or bytes in hand.

    `url` is the page's address: where to fetch it, or the original URL of a file or of bytes.
    """

    label: str  # what people see in messages: the URL, the file path, "fichier x.html"
    url: str | None = None
    path: Path | None = None
    content: bytes | None = None  # already fetched while telling the input apart, or uploaded
    content_type: str = ""


def is_url(text):
    return urlsplit(text).scheme in ("http", "https")


# --- Telling inputs apart by content ------------------------------------------------------


def sniff(data):
    """HTML, FEED, SITEMAP or SITEMAP_INDEX, from the bytes (never from a URL or file name)."""
    head = data[:8192]
    if head.startswith(UTF16_BOMS):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    elif b"\x00" in head:
        raise InputError("binary_content")
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    first = _FIRST_TAG.search(_PROLOG.sub(b"", head))
    if first:
        name = first.group(1).decode("ascii").rsplit(":", 1)[-1].lower()
        if name in _ROOT_KINDS:
            return _ROOT_KINDS[name]
    if head.lower().startswith(b"<!doctype html") or _HTML_TAG.search(data[:200_000]):
        return HTML
    raise InputError("unknown_content")


def only_html(data):
    """`data` when it is an article page's bytes, else InputError not_a_page (a feed, a sitemap...)."""
    kind = sniff(data)
    if kind != HTML:
        raise InputError("not_a_page", kind=kind)
    return data


def gunzip(data):
    """A gzip file's content (sitemap.xml.gz), refusing to inflate past the size cap."""
    if not data.startswith(GZIP_MAGIC):
        return data
    cap = settings.NEWSROOM_MAX_RESPONSE_BYTES
    try:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        result = inflater.decompress(data, cap + 1)
    except zlib.error as error:
        raise InputError("invalid_gzip", error=str(error)) from None
    if len(result) > cap:
        raise InputError("decompressed_too_large", limit=cap)
    return result


# --- Local files ------------------------------------------------------------------------------


def local_pages(given):
    """The page files of a local input: the file itself, or a directory's pages, recursively."""
    path = Path(given)
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InputError("no_such_path")
    pages = []
    for directory, subdirectories, files in os.walk(path):  # does not follow symlinked directories
        subdirectories.sort()
        pages.extend(Path(directory, name) for name in sorted(files) if name.lower().endswith(PAGE_SUFFIXES))
    if not pages:
        raise InputError("no_pages_in_directory")
    return pages


def read_local(path):
    """A page file's bytes, gunzipped for .gz, refused past the size cap or when empty."""
    cap = settings.NEWSROOM_MAX_RESPONSE_BYTES
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as file:
            data = file.read(cap + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise InputError("unreadable_file", error=getattr(error, "strerror", None) or str(error)) from None
    if len(data) > cap:
        raise InputError("file_too_large", limit=cap)
    if not data.strip():
        raise InputError("empty_file")
    return data
