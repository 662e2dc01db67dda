"""trafilatura's metadata of the page as published: the steps of its extract_metadata() that extract() reads.

    found = trafilatura_metadata(tree, url)   # a trafilatura Document: title, author, date, site, categories
    found = trafilatura_metadata(tree, url, date=False, author=False, categories=False)

The same calls, in the same order, with the settings bare trafilatura uses, so each field is the one
extract_metadata() gives; left out are what extract() never reads (tags, licence, host name) and the
searches of the page for a field extract() will not read on this page, which its caller tells
(docs/BENCHMARKS.md, issue 18): the date when the page's own metadata dated it already (htmldate,
whose first date it cannot read costs dateparser's every locale, ≈ 1.8 s of CPU once in each
extraction worker), the byline searched in the page's markup when the page names its authors
otherwise (a copy of the whole page pruned, then searched: ≈ 11 ms), the categories when the page
names its section. A field left out keeps what the page's meta tags and JSON-LD gave.
"""

import logging

from htmldate import find_date
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_catstags,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import set_date_params

LOGGER = logging.getLogger(__name__)


def trafilatura_metadata(tree, url, *, date=True, author=True, categories=True):
    """trafilatura's byline, title, date, site name and categories of `tree`, read before any cleaning;
    the date, the byline and the categories not searched in the markup when their flag is false."""
    found = examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None
    try:
        found = extract_meta_json(tree, found)
    except Exception as error:  # trafilatura's own guard: a bug in its JSON-LD reading
        LOGGER.warning("error in JSON metadata extraction: %s", error)
    if not found.title:
        found.title = extract_title(tree)
    if author and not found.author:
        found.author = extract_author(tree)
    if not found.url:
        found.url = extract_url(tree, url or None)
    if date:
        found.date = find_date(tree, **set_date_params(True), url=found.url)
    if not found.sitename:
        found.sitename = extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url and (match := META_URL.match(found.url)):
        found.sitename = match[1]
    if categories and not found.categories:
        found.categories = extract_catstags("category", tree)
    found.clean_and_trim()
    return found
