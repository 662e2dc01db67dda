"""Writing many extracted articles in one transaction, each article alone when the batch fails.

    outcomes = save_batch([Write(extracted, html, fetched_url, story), ...], may_update=True)
    # one outcome per write, in order: (status, article id), or the exception that article raised
    outcomes = write_batch(writes)   # the batch alone: BatchFailed, rolled back whole, when it cannot

New articles go in with one statement a table (articles, authorships, photos, raw pages, search
entries) and one author look-up for the whole batch; articles already in the newsroom go
through save_article() (unchanged, updated, or refused), inside the same transaction. If
anything fails, the whole batch is rolled back and every article is written again on its own
(save_article, one transaction each), so one bad page never loses the others and nothing is
ever half-written. The unique canonical URL keeps it idempotent: a page seen twice, in one batch
or by two workers at once, is one article.
"""

from dataclasses import dataclass
from itertools import chain

from django.db import transaction
from django.utils import timezone

from articles.curation import SectionReads, section_for
from articles.extraction import ExtractedArticle
from articles.messages import CodedError
from articles.models import Article, Authorship, Photo, RawPage
from articles.pipeline.results import CREATED
from articles.pipeline.writing import (
    MAX_URL_LENGTH,
    UpdateRefused,
    article_row,
    author_ids,
    authorship_rows,
    compressed,
    content_fingerprint,
    photo_rows,
    photos_to_store,
    save_article,
)
from articles.search import Analysed, index_articles
from articles.sections import clean_label, label_key
from articles.stories.fingerprint import Fingerprint
from articles.stories.grouping import group_articles


@dataclass
class Write:
    extracted: ExtractedArticle
    html: str | bytes  # the page, or its bytes compressed already (RawPage.compress, in a worker)
    fetched_url: str
    story: Fingerprint | None = None  # the article's story_print(), when computed already
    search: Analysed | None = None  # its search_entry(), when computed already


class BatchFailed(Exception):
    """The batch was rolled back whole; its articles are to be written again, each alone."""


def save_batch(writes, *, may_update=True):
    """One outcome per write, in order: (status, article id), or the exception that article raised."""
    try:
        return write_batch(writes, may_update=may_update)
    except BatchFailed:  # each article again, alone, so only the bad one fails
        return [save_alone(write, may_update=may_update) for write in writes]


def write_batch(writes, *, may_update=True):
    """The outcomes of `writes` written in one transaction (a savepoint in the caller's), or BatchFailed.

    A caller holding a transaction of its own around it (an import recording its results) writes the
    articles again alone each in a transaction of its own, not inside that one: held together, their
    rows' locks would be taken in the articles' order, not the batch's (new sections by name, authors
    by name), and two db_workers could deadlock on them.
    """
    if not writes:
        return []
    try:
        with transaction.atomic():
            return _write_batch(writes, may_update)
    except Exception as error:
        raise BatchFailed from error


def save_alone(write, *, may_update=True):
    """save_article() for one write, its failure as the outcome."""
    try:
        return _save(write, may_update)
    except UpdateRefused as refusal:
        return refusal
    except Exception as error:  # one article that cannot be written must not stop the others
        return CodedError("save_failed", error=str(error))


def _write_batch(writes, may_update):
    outcomes = [None] * len(writes)
    urls = [write.extracted.canonical_url for write in writes]
    existing = set(Article.objects.filter(canonical_url__in=set(urls)).values_list("canonical_url", flat=True))
    new, seen = [], set()
    for position, url in enumerate(urls):
        # Known articles, and a page listed twice in the batch, take the one-article path after the new ones.
        if url not in existing and url not in seen:
            new.append(position)
        seen.add(url)
    for position, pk in zip(new, _create([writes[position] for position in new]), strict=True):
        outcomes[position] = (CREATED, pk)
    for position, write in enumerate(writes):
        if outcomes[position] is None:
            try:
                outcomes[position] = _save(write, may_update)
            except UpdateRefused as refusal:
                outcomes[position] = refusal
    return outcomes


def _save(write, may_update):
    return save_article(
        write.extracted,
        html=write.html,
        fetched_url=write.fetched_url,
        may_update=may_update,
        story=write.story,
        search=write.search,
    )


def _create(writes):
    """Insert the articles of `writes`, none of which exists yet, with all their rows; their ids."""
    now, sections = timezone.now(), _Sections([write.extracted.section for write in writes])
    # New sections are created in one order whatever the articles' order: two imports writing batches
    # that create the same new sections at once wait for each other instead of deadlocking.
    labelled = {(write.extracted.section, write.extracted.title) for write in writes if write.extracted.section}
    for label, title in sorted(labelled, key=lambda pair: (clean_label(pair[0]), pair)):
        sections(label, title=title)
    photos = [photos_to_store(write.extracted) for write in writes]
    articles = [
        article_row(write.extracted, None, content_fingerprint(write.extracted, kept), write.fetched_url, now, sections)
        for write, kept in zip(writes, photos, strict=True)
    ]
    if any(len(article.canonical_url) > MAX_URL_LENGTH for article in articles):
        raise ValueError("URL too long")  # the batch falls back: each article says its own reason
    Article.objects.bulk_create(articles)
    ids = author_ids(chain.from_iterable(write.extracted.authors for write in writes))
    Authorship.objects.bulk_create(
        chain.from_iterable(
            authorship_rows(article, write.extracted.authors, ids)
            for article, write in zip(articles, writes, strict=True)
        )
    )
    photo_lists = [photo_rows(article, kept) for article, kept in zip(articles, photos, strict=True)]
    Photo.objects.bulk_create(chain.from_iterable(photo_lists))
    RawPage.objects.bulk_create(
        RawPage(article=article, url=url[:MAX_URL_LENGTH], compressed_html=compressed(html), fetched_at=now)
        for article, (html, url) in zip(articles, ((w.html, w.fetched_url) for w in writes), strict=True)
    )
    # Same transaction: the search index is never stale, nor ahead of the articles.
    index_articles(
        articles,
        [write.search for write in writes],
        captions=[[photo.caption for photo in made] for made in photo_lists],  # the Photo rows above, in order
    )
    # Their stories, each finding those before it (articles.stories).
    group_articles(articles, [write.story for write in writes])
    return [article.pk for article in articles]


class _Sections:
    """section_for(), asked once a label in a batch, the batch's labels read together (SectionReads).

    The title plays a part only when it is the label itself (a label repeating the title is not a
    section: articles.sections.read_label), so that is part of the key.
    """

    def __init__(self, labels):
        self.labels, self.read, self.found = labels, None, {}

    def __call__(self, label, *, title=""):
        key = (label, label_key(clean_label(label)) == label_key(title))
        if key not in self.found:
            self.read = self.read or SectionReads(self.labels)
            self.found[key] = section_for(label, title=title, read=self.read)
        return self.found[key]
