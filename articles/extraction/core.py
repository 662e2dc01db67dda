"""extract(): parse once, read the page as published, clean its furniture, then photos, lead, text."""

from dataclasses import dataclass
from functools import partial

from trafilatura.settings import Document

from articles.canonical import canonicalize, site_host

from .authors import article_authors, needs_byline, visible_byline
from .body import build_body, document_blocks, run_trafilatura
from .boilerplate import remove_furniture
from .chunks import join_chunks
from .dates import parse_when
from .fallback import fallback_blocks
from .found import trafilatura_metadata
from .headings import page_headings, restore_headings
from .images import PHOTO_TAGS
from .lead import page_standfirst, settle_lead
from .metadata import PageMetadata, read_metadata
from .nobreak import page_pairs, restore, restore_blocks
from .photos import Cover, article_photos, page_cover, remove_captions
from .placement import place_photos
from .result import ExtractedArticle, ExtractionError
from .text_byline import opening_byline
from .title import article_title
from .tree import clean_text, parse_html

# Containers that hold the article body in the usual templates, best first.
# An <article> with less paragraph text than this is a card, not the article.
MIN_ROOT_TEXT = 200
ARTICLE_BODY_XPATH = ".//*[@itemprop='articleBody' or @property='articleBody']"


def _paragraph_length(element):
    return sum(len(p.text_content()) for p in element.iter("p"))


def article_root(tree, h1):
    """The smallest block that holds the article: its <article>, articleBody or <main>."""
    body = tree.find(".//body")
    body = body if body is not None else tree
    root = None
    marked = tree.xpath(ARTICLE_BODY_XPATH)
    if marked:
        root = marked[0]
    else:
        articles = list(tree.iter("article"))
        if articles:
            root = max(articles, key=_paragraph_length)
        # An <article> holding no text (a headline card) is not the article: the page's <main> is.
        if root is None or _paragraph_length(root) < MIN_ROOT_TEXT:
            main = tree.find(".//main")
            if main is None:
                main = next(iter(tree.xpath(".//*[@role='main']")), None)
            if main is not None and (root is None or _paragraph_length(main) > _paragraph_length(root)):
                root = main
    if root is None:
        return body
    # The lead photo and standfirst usually sit beside the headline, above the text block.
    if h1 is not None:
        candidate, depth = root, 0
        while candidate is not None and candidate is not body and depth < 3:
            if h1 in candidate.iterdescendants():
                return candidate
            candidate, depth = candidate.getparent(), depth + 1
    return root


@dataclass
class AsPublished:
    """What is read on the page before the cleaning drops blocks (a byline box, the share image's copy)."""

    md: PageMetadata
    url: str | None  # the page's URL, else its canonical one
    found: Document  # trafilatura's metadata: byline, date, site, categories
    byline: list[str]  # the names of the visible byline
    cover: Cover  # the share image as the page shows it
    no_break: dict  # the word pairs the page joins with a no-break space

    @property
    def base(self):
        return self.url or ""


def read_as_published(tree, url):
    no_break = page_pairs(tree)
    md = read_metadata(tree, url)
    page_url = url or md.canonical or None
    byline = visible_byline(tree)
    return AsPublished(
        md=md,
        url=page_url,
        # Only what _article and article_authors will read: a date when the page's own metadata gave
        # none, a byline when neither the page's byline nor its metadata names a person, categories
        # when it names no section.
        found=trafilatura_metadata(
            tree, page_url, date=not md.published, author=needs_byline(md, byline), categories=not md.section
        ),
        byline=byline,
        cover=page_cover(tree.iter(*PHOTO_TAGS), md.images, page_url or ""),
        no_break=no_break,
    )


def _body(document, fallback, headings, photos, standfirst, authors, title, url, h1s=()):
    """The text's blocks: trafilatura's (else the fallback's), minus captions, the standfirst, the
    page's <h1>s (a headline with its kicker) and lines naming only an author."""
    captions = [text for p in photos for text in (p.caption, p.credit) if text]
    drop = [*captions, standfirst.text, *authors, *h1s]
    body = build_body(document_blocks(document), drop_texts=drop, title=title, url=url, authors=authors)
    if not body.blocks:
        body = build_body(fallback(), drop_texts=drop, title=title, url=url, authors=authors)
    if not body.blocks:
        raise ExtractionError("no_article_text")
    body.blocks = restore_headings(body.blocks, headings)
    return body


def _article(page, url, title, authors, lead, body, photos):
    """The ExtractedArticle, its texts with the page's no-break spaces back."""
    md, found, pairs = page.md, page.found, page.no_break
    for photo in photos:
        photo.caption = restore(photo.caption, pairs)
    body.blocks = restore_blocks(body.blocks, pairs)
    canonical = md.canonical or page.url or ""
    published, time_known = (md.published, md.published_time_known) if md.published else parse_when(found.date)
    return ExtractedArticle(
        title=restore(clean_text(title), pairs),
        url=url or canonical,
        canonical_url=canonicalize(canonical) if canonical else "",
        section=clean_text(md.section or (found.categories[0] if found.categories else None)) or None,
        authors=authors,
        published=published,
        published_time_known=time_known,
        modified=md.modified,
        lead=restore(clean_text(lead), pairs),
        body=body.text,
        body_html=body.html,
        subheadings=body.subheadings,
        language=md.language or found.language,
        images=photos,
        site_name=clean_text(md.site_name or found.sitename or site_host(page.url)),
    )


def extract(html, url=None):
    """An ExtractedArticle from a page's HTML; ExtractionError when the page holds no article."""
    tree = parse_html(html)
    page = read_as_published(tree, url)
    remove_furniture(tree)
    join_chunks(tree)
    h1 = next(tree.iter("h1"), None)
    root = article_root(tree, h1)
    photos = article_photos(tree, h1, root, page.md, page.cover, page.base)
    remove_captions(tree)
    standfirst = page_standfirst(root, h1, page.md)
    document = run_trafilatura(tree, page.url)
    headings = page_headings(tree)
    authors = article_authors(page.md, page.byline, lambda: page.found.author, partial(opening_byline, root))
    title = article_title(page.md, page.found.title, page.url)
    fallback = partial(fallback_blocks, root, page.md.article_body)
    body = _body(document, fallback, headings, photos, standfirst, authors, title, page.base, page.md.h1)
    lead, body.blocks = settle_lead(standfirst, body.blocks, title)
    place_photos(photos, body.blocks, lead)
    return _article(page, url, title, authors, lead, body, photos)
