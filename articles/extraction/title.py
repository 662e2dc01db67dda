"""The headline: JSON-LD headline, og:title or <h1>, never "<title> - Site"."""

import re

from articles.canonical import site_host

from .tree import NON_ALNUM, clean_text, squash

SEPARATORS = re.compile(r"\s+[|\-–—:·•»/*]\s+|\s+[|·•]\s*")
SEPARATOR_CHARS = " |-–—:·•»/*"  # what SEPARATORS leaves at a cut's edge
TOKENS = re.compile(r"\w+")


def _site_keys(site_name, url):
    keys = set()
    if site_name:
        keys.add(squash(site_name))
    host = site_host(url)
    if host:
        keys.add(squash(host))
        keys.add(squash(host.rsplit(".", 1)[0]))
        keys.add(squash(host.split(".")[-2] if host.count(".") >= 1 else host))
    return {k for k in keys if len(k) >= 2}


def _is_site(part, keys):
    squashed = squash(part)
    if not squashed:
        return False
    # A short key ("co" of example.co.uk) only ever matches whole.
    return any(squashed == k or (len(squashed) >= 4 and len(k) >= 4 and (squashed in k or k in squashed)) for k in keys)


def strip_site(title, site_name, url):
    """Remove " | Site" / " - Site" / "Site: " around a title when that part is the site's name."""
    title = clean_text(title)
    keys = _site_keys(site_name, url)
    if not title or not keys:
        return title
    parts = SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    while len(parts) > 1 and _is_site(parts[-1], keys):
        title = title[: title.rfind(parts[-1])]
        title = title.rstrip(SEPARATOR_CHARS)
        parts = parts[:-1]
    if len(parts) > 1 and _is_site(parts[0], keys):
        title = title[len(parts[0]) :].lstrip(SEPARATOR_CHARS)
    return title.strip()


# Chinese, Japanese and Korean titles run many words together: compare their characters in pairs.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _units(text):
    text = text.casefold()
    if CJK.search(text):
        squashed = NON_ALNUM.sub("", text)
        return {squashed[i : i + 2] for i in range(len(squashed) - 1)}
    return set(TOKENS.findall(text))


def _similar(a, b):
    ta, tb = _units(a), _units(b)
    if not ta or not tb:
        return False
    return len(ta & tb) / min(len(ta), len(tb)) >= 0.7


def choose_title(headline, og_title, html_title, h1s, site_name, url, headline_h1s=()):
    """The article's headline: the JSON-LD headline, else the visible <h1> when it says what the
    share title says (a logo or "Log in" <h1> does not), else the <h1> that reads as a headline
    (a share title written for social media often differs from it), else the share title."""
    headline = strip_site(headline, site_name, url)
    meta_title = strip_site(og_title, site_name, url) or strip_site(html_title, site_name, url)
    if headline:
        return headline
    for h1 in h1s:
        if not meta_title or _similar(h1, meta_title):
            return h1
    keys = _site_keys(site_name, url)
    return next((h1 for h1 in headline_h1s if not _is_site(h1, keys)), meta_title)


def article_title(md, fallback, url):
    """The headline the page displays, else the one its metadata and <h1>s give, else `fallback`
    (trafilatura's), without the site's name."""
    title = md.displayed or choose_title(
        md.headline, md.og_title, md.html_title, md.h1, md.site_name, url, md.headline_h1
    )
    return title or strip_site(fallback or "", md.site_name, url)
