"""Provisional extractor: bare trafilatura mapped onto ExtractedArticle (to be replaced)."""

from datetime import UTC, datetime
from html import escape

from trafilatura import bare_extraction

from articles.canonical import canonicalize
from articles.sanitize import sanitize_html

from .result import ExtractedArticle, ExtractedImage, ExtractionError


def extract(html, url=None):
    doc = bare_extraction(html, url=url or None, with_metadata=True, include_images=True)
    if doc is None or not (doc.text or "").strip():
        raise ExtractionError("no article text found")
    paragraphs = [p.strip() for p in doc.text.splitlines() if p.strip() and not p.startswith("![")]
    published = None
    if doc.date:
        published = datetime.fromisoformat(doc.date).replace(tzinfo=UTC)
    images = [ExtractedImage(src=doc.image, is_main=True)] if doc.image else []
    source = url or doc.url or ""
    return ExtractedArticle(
        title=doc.title or "",
        url=source,
        canonical_url=canonicalize(doc.url or source) if (doc.url or source) else "",
        section=(doc.categories or [None])[0],
        authors=[a.strip() for a in (doc.author or "").split(";") if a.strip()],
        published=published,
        lead=doc.description or "",
        body="\n\n".join(paragraphs),
        body_html=sanitize_html("".join(f"<p>{escape(p)}</p>" for p in paragraphs)),
        language=doc.language,
        images=images,
        site_name=doc.sitename or "",
    )
