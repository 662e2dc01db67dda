"""Page metadata from schema.org JSON-LD, meta tags, breadcrumbs and <html lang>."""

import html
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from articles.canonical import site_host
from articles.domains import same_site

from .authors import clean_byline, fullest, merge_names, without_organisations
from .dates import parse_when
from .headline import displayed_headline
from .tree import absolute, after, attr_words, clean_text, text_of

ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "blogposting",
    "liveblogposting",
    "report",
    "scholarlyarticle",
    "techarticle",
}
BREADCRUMB_WORDS = re.compile(r"breadcrumb|fil-?ariane|ariane|crumbs")
CRUMB_SPLIT = re.compile(r"\s+[-–—>›»/|]\s+|\s*[›»]\s*")
# Some sites put raw control characters or trailing commas in their JSON-LD.
JSON_CONTROL = re.compile(r"[\x00-\x1f]")


@dataclass
class PageMetadata:
    """Everything read from the page's metadata; the extractor merges it with trafilatura's."""

    headline: str = ""
    og_title: str = ""
    html_title: str = ""
    h1: list[str] = field(default_factory=list)
    # The <h1>s that read as an article's headline (not a logo, a link, a "Log in" box).
    headline_h1: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    published: object = None
    published_time_known: bool = False  # the page gives the time of day, not only the day
    modified: object = None
    section: str | None = None
    description: str = ""
    # Every description the page gives (share, search, JSON-LD), first the one chosen above.
    descriptions: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    site_name: str = ""
    canonical: str = ""
    language: str | None = None
    breadcrumb: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)  # the site and its publisher
    image_objects: list[tuple] = field(default_factory=list)  # (url, caption, credit) from JSON-LD
    organisation_authors: list[str] = field(default_factory=list)  # bylines naming only those
    displayed: str = ""  # the headline the page shows (headline.py)
    article_body: str = ""  # the JSON-LD articleBody: the text, when the page shows none trafilatura keeps


def _types(obj):
    value = obj.get("@type", "")
    values = value if isinstance(value, list) else [value]
    return {str(v).lower() for v in values}


def _flatten(data):
    """All dicts of a JSON-LD document: lists, @graph arrays and mainEntity wrappers unrolled."""
    stack, out = [data], []
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            out.append(item)
            if "@graph" in item:
                stack.append(item["@graph"])
            if isinstance(item.get("mainEntity"), dict | list):
                stack.append(item["mainEntity"])
    return out


def _json_ld(tree):
    objects = []
    for script in tree.iterfind(".//script[@type]"):
        if "ld+json" not in script.get("type", "").lower() or not script.text:
            continue
        raw = script.text.strip().removeprefix("<!--").removesuffix("-->").strip().rstrip(";")
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            try:
                data = json.loads(JSON_CONTROL.sub(" ", raw), strict=False)
            except ValueError:
                continue
        objects.extend(_flatten(data))
    return objects


def _name(value):
    """A name from a string, an object with "name", or a list of those."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name") or ""
        if isinstance(name, list):
            name = " ".join(str(n) for n in name)
        if not name and (value.get("givenName") or value.get("familyName")):
            name = f"{value.get('givenName', '')} {value.get('familyName', '')}"
        return [str(name)] if name else []
    if isinstance(value, list):
        return [n for v in value for n in _name(v)]
    return []


def _image_urls(value):
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _image_urls(value.get("url") or value.get("contentUrl") or "")
    if isinstance(value, list):
        return [u for v in value for u in _image_urls(v)]
    return []


def _image_objects(objects, article, base):
    """schema.org ImageObjects of the article with a caption or credit: [(url, caption, credit)]."""
    found, stack = [], [article.get("image"), article.get("associatedMedia")]
    stack += [o for o in objects if "imageobject" in _types(o)]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            url = absolute(_first_str(item.get("url") or item.get("contentUrl")), base)
            caption = _first_str(item.get("caption") or item.get("description"))
            credit = _first_str(
                _name(item.get("creditText") or item.get("copyrightHolder") or item.get("author") or "")
            )
            if url and (caption or credit) and url not in (f[0] for f in found):
                found.append((url, caption, credit))
    return found


def _raw_str(value):
    """A JSON-LD string as given, line breaks kept (the first one of a list)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), "")
    return value.strip() if isinstance(value, str) else ""


def _first_str(value):
    """The first string of a JSON-LD value, its HTML entities ("&#8216;") decoded."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), "")
    return clean_text(html.unescape(value)) if isinstance(value, str) else ""


def _meta_tags(tree):
    meta = {}
    for tag in tree.iterfind(".//meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or tag.get("http-equiv") or "").lower()
        content = tag.get("content")
        if key and content and content.strip() and key not in meta:
            meta[key] = content.strip()
    return meta


# [@itemprop] first: the string test runs only on the few elements that have one.
AUTHOR_PROP = ".//*[@itemprop][contains(concat(' ', normalize-space(@itemprop), ' '), ' author ')]"
NAME_PROP = ".//*[@itemprop][contains(concat(' ', normalize-space(@itemprop), ' '), ' name ')]"
PERSON_SCAN = 400  # elements after the headline where a byline's Person items sit


def _byline_persons(tree):
    """schema.org Person items just under the headline: the bylines, not a teaser list's authors further down."""
    h1 = next(tree.iter("h1"), None)
    if h1 is None:
        return []
    return [
        element
        for element in after(tree, h1, PERSON_SCAN)
        if "schema.org/Person" in (element.get("itemtype") or "") and element.xpath(NAME_PROP)
    ]


def _microdata_authors(tree):
    """schema.org microdata: the first byline block's itemprop="author" and Person items, by their
    itemprop="name"; the same markup on a teaser list further down names other stories' authors."""
    items = [*tree.xpath(AUTHOR_PROP), *_byline_persons(tree)]
    if not items:
        return []
    block = items[0].getparent()
    names = []
    for element in items:
        if element.getparent() is not block:
            continue
        named = element.xpath(NAME_PROP)
        source = named[0] if named else element
        value = source.get("content") or text_of(source)
        if value and value not in names:
            names.append(value)
    return names


# Site furniture a logo, login box or footer banner <h1> sits in.
NOT_HEADLINE_ANCESTORS = {"a", "nav", "footer", "form", "button", "aside"}
MIN_HEADLINE_WORDS = 3
MIN_HEADLINE_CHARS = 12  # scripts written without spaces


def _reads_as_headline(h1):
    """An <h1> that can be the article's headline: words of its own, not a link, a logo or a form's title."""
    if any(a.tag in NOT_HEADLINE_ANCESTORS for a in h1.iterancestors()):
        return False
    if next(h1.iter("a", "img", "svg"), None) is not None:
        return False
    text = text_of(h1)
    return len(text.split()) >= MIN_HEADLINE_WORDS or (" " not in text and len(text) >= MIN_HEADLINE_CHARS)


def _breadcrumb_from_markup(tree):
    for element in tree.iter("nav", "ol", "ul", "div", "p"):
        if BREADCRUMB_WORDS.search(attr_words(element)) or element.get("aria-label", "").lower() in (
            "breadcrumb",
            "fil d'ariane",
        ):
            crumbs = [text_of(a) for a in element.iter("a", "li", "span") if len(a) == 0 and text_of(a)]
            if crumbs:
                return crumbs
            text = text_of(element)
            if text:
                return [c for c in CRUMB_SPLIT.split(text) if c]
    return []


def _section_from_crumbs(crumbs, title):
    """The last crumb that is not the article itself nor the home page."""
    crumbs = [c for c in crumbs if c and c.casefold() not in ("home", "accueil", "startseite", "inicio", "homepage")]
    if crumbs and title and (crumbs[-1].casefold() == title.casefold() or len(crumbs[-1]) > 60):
        crumbs = crumbs[:-1]
    if not crumbs:
        return None
    last = CRUMB_SPLIT.split(crumbs[-1])[-1].strip()
    return last or None


def _same_site(url, page_url):
    # A canonical link on another registrable domain would let one site's page replace another's
    # article (attacker.co.uk naming victim.co.uk): the Public Suffix List tells them apart.
    return not page_url or same_site(url, page_url)


def _canonical(tree, meta, page_url):
    candidates = [link.get("href") for link in tree.iterfind(".//link[@rel]") if link.get("rel").lower() == "canonical"]
    candidates.append(meta.get("og:url"))
    for href in candidates:
        href = (href or "").strip()
        parts = urlsplit(href)
        if (
            parts.scheme in ("http", "https")
            and parts.hostname
            and parts.path.strip("/")
            and _same_site(href, page_url)
        ):
            return href
    return ""


def _authors(tree, meta, article, organisations):
    """(persons, every byline): the page's own markup of the author first; a bare <meta name=author>
    often names the publisher. A person's name from any source beats the site signing its own pages
    (kept as the last resort)."""
    groups = (
        [n for raw in _name(article.get("author")) for n in clean_byline(raw)],
        clean_byline(meta.get("article:author", "")),
        clean_byline(meta.get("parsely-author", "")),
        clean_byline(meta.get("dc.creator", "") or meta.get("dcterms.creator", "")),
        [n for raw in _microdata_authors(tree) for n in clean_byline(raw)],
        clean_byline(meta.get("author", "")),
    )
    persons = [without_organisations(g, organisations) for g in groups]
    return fullest(merge_names(*persons), *persons), merge_names(*groups)


def _published(meta, article):
    """(datetime, time known) of the first publication date the page gives, or (None, False)."""
    for value in (
        _first_str(article.get("datePublished")),
        meta.get("article:published_time"),
        meta.get("parsely-pub-date"),
        meta.get("og:published_time"),
        meta.get("dc.date") or meta.get("dcterms.date") or meta.get("dc.date.issued"),
        meta.get("pubdate") or meta.get("publishdate") or meta.get("date"),
    ):
        published, time_known = parse_when(value)
        if published:
            return published, time_known
    return None, False


def _modified(meta, article):
    """The source's last update; a bare day as midnight UTC, which the reader shows as the day alone."""
    return (
        parse_when(_first_str(article.get("dateModified")))[0]
        or parse_when(meta.get("article:modified_time") or meta.get("og:updated_time"))[0]
    )


def _breadcrumb(tree, objects):
    """The JSON-LD BreadcrumbList's names in order, else the breadcrumb the markup shows."""
    for obj in objects:
        if "breadcrumblist" in _types(obj):
            items = obj.get("itemListElement") or []
            items = sorted(
                (i for i in items if isinstance(i, dict)),
                key=lambda i: int(i.get("position", 0)) if str(i.get("position", "0")).isdigit() else 0,
            )
            crumbs = [clean_text(n) for i in items for n in _name(i.get("item") if not i.get("name") else i)]
            if crumbs:
                return crumbs
            break
    return _breadcrumb_from_markup(tree)


def _section(meta, article, breadcrumb, title):
    section = (
        _first_str(article.get("articleSection"))
        or meta.get("article:section")
        or meta.get("parsely-section")
        or _section_from_crumbs(breadcrumb, title)
    )
    return (CRUMB_SPLIT.split(section)[-1].strip() or None) if section else section


def _descriptions(meta, article):
    """Every description the page gives (share, search, JSON-LD), first the one chosen as the page's."""
    chosen = clean_text(meta.get("og:description") or meta.get("description") or _first_str(article.get("description")))
    descriptions = []
    for text in (
        chosen,
        meta.get("description"),
        meta.get("twitter:description"),
        _first_str(article.get("description")),
    ):
        text = clean_text(text)
        if text and text not in descriptions:
            descriptions.append(text)
    return chosen, descriptions


def _language(tree, meta, article):
    lang = _first_str(article.get("inLanguage")) or tree.get("lang") or meta.get("content-language") or ""
    lang = lang or meta.get("og:locale", "")
    return lang.replace("_", "-").split("-")[0].lower() or None if lang else None


def read_metadata(tree, url=None):
    """Collect the page's metadata, preferring JSON-LD, then meta tags, then markup."""
    meta = _meta_tags(tree)
    objects = _json_ld(tree)
    article = next((o for o in objects if _types(o) & ARTICLE_TYPES), {})
    title_el = tree.find(".//title")
    publisher = _name(article.get("publisher"))
    site_name = clean_text(meta.get("og:site_name") or (publisher[0] if publisher else ""))
    host = site_host(url)
    organisations = [site_name, *publisher, host, host.rsplit(".", 1)[0]]
    authors, organisation_authors = _authors(tree, meta, article, organisations)
    headline = _first_str(article.get("headline")) or _first_str(article.get("name"))
    h1 = [t for t in (text_of(h) for h in tree.iter("h1")) if t]
    breadcrumb = _breadcrumb(tree, objects)
    description, descriptions = _descriptions(meta, article)
    images = [*_image_urls(article.get("image")), meta.get("og:image", ""), meta.get("twitter:image", "")]
    published, published_time_known = _published(meta, article)
    return PageMetadata(
        headline=headline,
        og_title=meta.get("og:title") or meta.get("twitter:title") or "",
        html_title=text_of(title_el) if title_el is not None else "",
        h1=h1,
        headline_h1=[text_of(h) for h in tree.iter("h1") if _reads_as_headline(h)],
        authors=authors,
        published=published,
        published_time_known=published_time_known,
        modified=_modified(meta, article),
        section=_section(meta, article, breadcrumb, headline or (h1[0] if h1 else "")),
        description=description,
        descriptions=descriptions,
        images=[u for u in (absolute(i, url) for i in images) if u],
        site_name=site_name,
        canonical=_canonical(tree, meta, url),
        language=_language(tree, meta, article),
        breadcrumb=breadcrumb,
        organisations=organisations,
        image_objects=_image_objects(objects, article, url),
        organisation_authors=organisation_authors,
        article_body=_raw_str(article.get("articleBody")),
        displayed=displayed_headline(
            tree,
            titles=[headline, meta.get("og:title", ""), meta.get("twitter:title", "")],
            labels=[*breadcrumb[:-1], meta.get("article:section", "")],  # its last: the story
            site_name=site_name,
            url=url,
        ),
    )
