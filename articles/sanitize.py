"""The one allowlist that scraped HTML goes through before it is stored."""

import nh3

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "blockquote",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "br",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https"}


def _only_absolute_links(tag, attribute, value):
    if tag == "a" and attribute == "href" and not value.lower().startswith(("http://", "https://")):
        return None
    return value


def sanitize_html(html):
    """Keep paragraphs, subheadings, lists, quotes, emphasis and http(s) links; drop the rest."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
        attribute_filter=_only_absolute_links,
    )
