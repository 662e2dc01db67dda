"""Writing one extracted article (Article, Section, Authors, Photos, RawPage, search entry) in one transaction."""

import hashlib
import json
from datetime import UTC
from urllib.parse import urljoin

from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.curation import section_for
from articles.messages import CodedError
from articles.models import Article, Author, Authorship, Photo, RawPage
from articles.photos.rows import keep_stored
from articles.pipeline.results import CREATED, UNCHANGED, UPDATED
from articles.revisions import keep_revision, update_date_is_ours
from articles.sanitize import sanitize_html
from articles.search import analyse_entry, index_article
from articles.sections import clean_label
from articles.slugs import slug
from articles.stories.grouping import group_article

MAX_URL_LENGTH = 2000  # Article.canonical_url / Photo.src
MAX_BODY_POSITION = 32767  # Photo.body_position, a PositiveSmallIntegerField


class UpdateRefused(CodedError):
    """The article exists and the caller may not change it; `article` is its id."""

    def __init__(self, code, *, article):
        super().__init__(code)
        self.article = article


def save_article(extracted, *, html, fetched_url, may_update=True, story=None, search=None, _retry=True):
    """Create or update the article of `extracted`; (status, article id).

    `html` is the page, or its bytes already compressed (RawPage.compress); `story` its
    story_print() and `search` its search_entry() when already computed. An article whose
    fingerprint has not changed is left alone without a write. One that has changed raises
    UpdateRefused unless `may_update`.
    """
    photos = photos_to_store(extracted)
    fingerprint = content_fingerprint(extracted, photos)
    existing = _existing(extracted.canonical_url)
    if existing and existing[1] == fingerprint:
        return UNCHANGED, existing[0]
    if existing and not may_update:
        raise UpdateRefused("update_refused", article=existing[0])
    try:
        with transaction.atomic():
            article = _write_article(extracted, existing[0] if existing else None, fingerprint, fetched_url)
            _write_authors(article, extracted.authors)
            _write_photos(article, photos)
            _write_raw_page(article, html, fetched_url)
            # Same transaction: the search index is never stale, nor ahead of the article.
            index_article(article, search)
            group_article(article, story)  # its story: joined, kept or left (articles.stories)
    except IntegrityError:
        if existing or not _retry:
            raise
        # Another import created this canonical URL between our look-up and our insert:
        # the unique constraint caught it; now it exists, so this is an update or nothing.
        return save_article(
            extracted,
            html=html,
            fetched_url=fetched_url,
            may_update=may_update,
            story=story,
            search=search,
            _retry=False,
        )
    return (UPDATED if existing else CREATED), article.pk


def _existing(canonical_url):
    """(id, fingerprint) of the article with this canonical URL, or None."""
    return Article.objects.filter(canonical_url=canonical_url).values_list("pk", "fingerprint").first()


def content_fingerprint(extracted, photos):
    """sha256 over what a reader sees: a change in any of it makes an update."""
    payload = [
        extracted.title,
        extracted.lead,
        extracted.body_html,
        list(extracted.authors),
        extracted.section or "",
        [[photo.src, photo.caption, photo.credit] for photo in photos],
    ]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode("utf-8")).hexdigest()


def _write_article(extracted, pk, fingerprint, fetched_url):
    article = article_row(extracted, pk, fingerprint, fetched_url, timezone.now())
    article.save()
    return article


def article_row(extracted, pk, fingerprint, fetched_url, now, sections=section_for):
    """The Article of `extracted`, filled, not saved: the one with id `pk`, or a new one.

    `sections(label, title=...)` gives the section: section_for, or a batch's memory of it.
    """
    article = Article.objects.get(pk=pk) if pk else Article(canonical_url=extracted.canonical_url)
    stamp = pk is not None and update_date_is_ours(article)
    revised = pk is not None and keep_revision(
        article, title=extracted.title[:500], lead=extracted.lead, body_text=extracted.body, at=now
    )
    if not extracted.published and pk is None:
        # No date in the source: the first ingest stands in for it, and is never moved later.
        article.published_at, article.published_from_source, article.published_time_known = now, False, True
    if not extracted.modified and revised and stamp:
        article.modified_at = now  # readers see "Mis à jour le …" even when the source gives no date
    fill_article(
        article,
        extracted,
        section=sections(extracted.section, title=extracted.title),
        fetched_url=fetched_url,
        fingerprint=fingerprint,
        fetched_at=now,
    )
    return article


def fill_article(article, extracted, *, section, fetched_url, fingerprint, fetched_at):
    """Set `article`'s columns from `extracted`: the one mapping of an extraction onto an Article.

    Ingestion and the synthetic data of the benchmarks (bench.synthetic) both write through it.
    """
    if extracted.published:
        article.published_at, article.published_from_source = _aware(extracted.published), True
        article.published_time_known = extracted.published_time_known
    if extracted.modified:  # the source's own date; a later page that omits it does not erase it
        article.modified_at = _aware(extracted.modified)
    article.title = extracted.title[:500]
    article.slug = slug(extracted.title, 255) or "article"
    article.section_label = clean_label(extracted.section)[:100]
    article.section = section
    article.lead = extracted.lead
    # Sanitised again here, whatever produced `extracted`: nothing unsanitised is ever stored.
    article.body_html = sanitize_html(extracted.body_html)
    article.body_text = extracted.body
    article.language = stored_language(extracted)
    article.source_url = (extracted.url or fetched_url)[:MAX_URL_LENGTH]
    article.site_name = (extracted.site_name or "")[:200]
    article.word_count = extracted.word_count
    article.fingerprint = fingerprint
    article.fetched_at = fetched_at
    return article


def stored_language(extracted):
    """Article.language of `extracted`."""
    return (extracted.language or "")[:16]


def _write_authors(article, names):
    Authorship.objects.filter(article=article).delete()
    Authorship.objects.bulk_create(authorship_rows(article, names, author_ids(names)))


def author_ids(names):
    """{name: Author id} for every name in `names`, creating the missing authors: two or three queries."""
    names = set(author_names(names))
    found = dict(Author.objects.filter(name__in=names).values_list("name", "pk"))
    missing = names - found.keys()
    if missing:
        # Another import may create one of them meanwhile: its row is kept, then read.
        Author.objects.bulk_create([Author(name=name) for name in sorted(missing)], ignore_conflicts=True)
        found.update(Author.objects.filter(name__in=missing).values_list("name", "pk"))
    return found


def authorship_rows(article, names, ids):
    """The Authorship rows of `article` (not saved), in byline order, from author_ids()."""
    return [
        Authorship(article=article, author_id=ids[name], position=position)
        for position, name in enumerate(author_names(names))
    ]


def author_names(names):
    """The names to store, in order, once each, cut to the column's size."""
    return list(dict.fromkeys(name.strip()[:200] for name in names if name.strip()))


def photos_to_store(extracted):
    """The images worth storing: absolute http(s) URLs that fit the column, in order."""
    photos = []
    for image in extracted.images:
        src = _stored_src(extracted, image)
        if src:
            image.src = src
            photos.append(image)
    return photos


def _stored_src(extracted, image):
    """The image's URL as stored, or None when it is not stored."""
    src = urljoin(extracted.url or "", (image.src or "").strip())
    return src if src.startswith(("http://", "https://")) and len(src) <= MAX_URL_LENGTH else None


def search_entry(extracted):
    """The search analysis of the article `extracted` will be (analyse_entry), made without writing
    anything or changing `extracted`: an extraction worker makes it (articles.pipeline.prepare)."""
    captions = [image.caption or "" for image in extracted.images if _stored_src(extracted, image)]
    return analyse_entry(extracted.title[:500], extracted.lead, captions, extracted.body, stored_language(extracted))


def _write_photos(article, photos):
    rows = keep_stored(article, photo_rows(article, photos))  # a photo already stored is not fetched again
    Photo.objects.filter(article=article).delete()
    Photo.objects.bulk_create(rows)


def photo_rows(article, photos):
    """The Photo rows of `article` for the images `photos_to_store` kept (not saved)."""
    # Exactly one main photo: the one the extractor marked, else the first.
    main = next((i for i, image in enumerate(photos) if image.is_main), 0)
    return [
        Photo(
            article=article,
            position=position,
            src=image.src,
            alt=(image.alt or "")[:1000],
            caption=image.caption or "",
            credit=(image.credit or "")[:300],
            width=_dimension(image.width),
            height=_dimension(image.height),
            is_main=position == main,
            body_position=_body_position(image.position),
        )
        for position, image in enumerate(photos)
    ]


def _write_raw_page(article, html, fetched_url):
    raw = RawPage.objects.filter(article=article).first() or RawPage(article=article)
    raw.url, raw.compressed_html, raw.fetched_at = fetched_url[:MAX_URL_LENGTH], compressed(html), article.fetched_at
    raw.save()


def compressed(html):
    """RawPage.compressed_html of `html`: the page, or its bytes compressed already."""
    return html if isinstance(html, bytes) else RawPage.compress(html)


def _dimension(value):
    return value if isinstance(value, int) and value > 0 else None


def _body_position(value):
    """A place among the body's blocks a small integer holds, else none (after the text)."""
    return value if isinstance(value, int) and 0 <= value <= MAX_BODY_POSITION else None


def _aware(value):
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)
