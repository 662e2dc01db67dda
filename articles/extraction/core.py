"""extract(): parse once, read metadata, clean furniture, find photos and lead, then the text."""

from dataclasses import replace
from urllib.parse import urlsplit

from articles.canonical import canonicalize

from .authors import clean_byline, merge_names, visible_byline, without_agencies, without_organisations
from .body import build_body, run_trafilatura, trafilatura_metadata
from .boilerplate import remove_furniture
from .chunks import join_chunks
from .dates import parse_date
from .echo import remove_lead_copy
from .headings import page_headings, restore_headings
from .lead import kept_apart, marked_lead, opens_text, reads_as_standfirst
from .metadata import read_metadata
from .nobreak import page_pairs, restore, restore_html
from .photos import caption_elements, find_photos, photo_above, with_cover, with_schema_captions
from .result import ExtractedArticle, ExtractionError
from .title import choose_title, strip_site
from .tree import clean_text, parse_html, remove, text_of

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


def shown_description(root, descriptions):
    """The first description that the article block shows as a paragraph of its own."""
    shown = {text_of(e) for e in root.iter("p", "div") if len(e) <= 2}
    return next((d for d in descriptions if d in shown), "")


def _host(url):
    return (urlsplit(url).hostname or "").removeprefix("www.") if url else ""


def extract(html, url=None):
    """An ExtractedArticle from a page's HTML; ExtractionError when the page holds no article."""
    tree = parse_html(html)
    # The page's no-break spaces, before every text goes through plain-space normalisation.
    no_break = page_pairs(tree)
    md = read_metadata(tree, url)
    page_url = url or md.canonical or None
    base = page_url or ""
    site_name = md.site_name

    found = trafilatura_metadata(tree, page_url)
    shown_byline = without_organisations(visible_byline(tree), md.organisations)
    # The page's images as published: the share image's copy may sit in a block the cleaning drops.
    page_images = list(tree.iter("img"))
    remove_furniture(tree)
    join_chunks(tree)
    h1 = next(tree.iter("h1"), None)
    root = article_root(tree, h1)
    photos, has_lead_photo = find_photos(root, base)
    # A photo shown between the headline and the text block leads the article's photos.
    if (above := photo_above(tree, h1, root, base)) is not None:
        if all(p.src != above.src for p in photos):
            photos.insert(0, above)
        has_lead_photo = True
    photos = with_cover(photos, md.images, has_lead_photo, page_images, base)
    photos = with_schema_captions(photos, md.image_objects)
    captions = {text for p in photos for text in (p.caption, p.credit) if text}
    for element in caption_elements(tree):
        remove(element)
    for element in list(tree.iter("noscript")):
        remove(element)

    lead = ""
    lead_element = marked_lead(root, h1)
    lead_in_page = lead_element is not None
    if lead_element is not None:
        # Left in the tree (trafilatura weighs the headline block when it picks the text) and
        # dropped from the body afterwards.
        lead = text_of(lead_element)

    description = md.description
    if lead_element is None and len(md.descriptions) > 1:
        # The descriptions disagree: the one the page prints as a paragraph is the standfirst.
        shown = shown_description(root, md.descriptions)
        # ... unless the chosen one is its fuller version, which the page prints cut short.
        description = shown if shown and not description.startswith(shown) else description
    document = run_trafilatura(tree, page_url)
    headings = page_headings(tree)
    bylines = [n for raw in (found.author or "").split(";") for n in clean_byline(raw)]
    # An agency in the metadata yields to a person the page's own byline names.
    authors = merge_names(
        without_agencies(md.authors),
        shown_byline,
        md.authors,
        without_organisations(bylines, md.organisations),
        md.organisation_authors,
        bylines,
    )
    title = choose_title(md.headline, md.og_title, md.html_title, md.h1, site_name, page_url, md.headline_h1)
    if not title:
        title = strip_site(found.title or "", site_name, page_url)
    # A byline standing alone as a line of text is not part of the story.
    body = build_body(document, drop_texts=[*captions, lead, *authors], title=title, url=base, authors=authors)
    if not body.blocks:
        raise ExtractionError("no article text found")
    body.blocks = restore_headings(body.blocks, headings)

    # The meta description is the lead when it is how the text opens; then it leaves the body.
    if not lead and description and body.blocks[0].kind == "p":
        first = body.blocks[0].text
        if opens_text(description, first):
            lead, lead_in_page = first, True
            body.blocks.pop(0)
    # Many sites render their standfirst only from the description: it is still the article's lead.
    if not lead and description and reads_as_standfirst(description, title):
        lead = description
    if lead:
        blocks, lead = remove_lead_copy(body.blocks, lead, lead_in_page)
        if blocks:
            body.blocks = blocks
    lead, body.blocks = kept_apart(lead, body.blocks)
    if photos:
        photos[0].is_main = True
    for photo in photos:
        photo.caption = restore(photo.caption, no_break)
    body.blocks = [replace(b, text=restore(b.text, no_break), html=restore_html(b.html, no_break)) for b in body.blocks]

    published = md.published or parse_date(found.date)
    section = md.section or (found.categories[0] if found.categories else None)
    language = md.language or found.language
    site_name = site_name or found.sitename or _host(page_url)
    canonical = md.canonical or page_url or ""

    return ExtractedArticle(
        title=restore(clean_text(title), no_break),
        url=url or canonical,
        canonical_url=canonicalize(canonical) if canonical else "",
        section=clean_text(section) or None,
        authors=authors,
        published=published,
        modified=md.modified,
        lead=restore(clean_text(lead), no_break),
        body=body.text,
        body_html=body.html,
        subheadings=body.subheadings,
        language=language,
        images=photos,
        site_name=clean_text(site_name),
    )
