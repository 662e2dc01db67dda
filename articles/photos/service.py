"""store_photos(): the pending photos of some articles downloaded, verified, resized and stored.

Worker threads download, decode and write files (no database); the calling thread records each
photo's state, so SQLite sees one writer. A photo URL shared by several articles is fetched once,
and one already stored for another article is linked without a download.
"""

import hashlib
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.messages import CodedError
from articles.models import Article, Photo, StoredImage
from articles.photos import storage
from articles.photos.download import download
from articles.photos.renditions import renditions
from articles.photos.verify import PhotoError, verify

BATCH = 500  # ids per query


@dataclass
class PhotoFailure:
    article: int
    src: str
    error: CodedError

    @property
    def reason(self):
        return str(self.error)

    def as_json(self):
        return {"article": self.article, "src": self.src, "code": self.error.code, "reason": self.reason}


@dataclass
class PhotoReport:
    stored: int = 0
    failures: list[PhotoFailure] = field(default_factory=list)

    def summary(self):
        return f"photos: stored {self.stored}, failed {len(self.failures)}"

    def as_json(self):
        return {"stored": self.stored, "failed": len(self.failures), "failures": [f.as_json() for f in self.failures]}


@dataclass
class _Stored:
    """What a worker made of one URL: the image's row, not yet saved."""

    sha256: str
    original: str
    format: str
    width: int
    height: int
    size: int
    renditions: dict


def after_ingest(article_ids):
    """The pending photos of a run's articles (an unchanged one's too, if a run stopped before them),
    unless NEWSROOM_PHOTOS_DOWNLOAD is off (left pending)."""
    return store_photos(article_ids) if settings.NEWSROOM_PHOTOS_DOWNLOAD else PhotoReport()


def store_photos(article_ids=None, *, retry_failed=False, workers=None):
    """Store the pending photos (and failed ones if `retry_failed`) of `article_ids` (None: all); a PhotoReport."""
    states = [Photo.PENDING, Photo.FAILED] if retry_failed else [Photo.PENDING]
    report = PhotoReport()
    photos = Photo.objects.filter(state__in=states)
    if article_ids is not None:
        article_ids = list(article_ids)
        chunks = [article_ids[i : i + BATCH] for i in range(0, len(article_ids), BATCH)]
        rows = [row for chunk in chunks for row in photos.filter(article_id__in=chunk).values_list("src", "article_id")]
    else:
        rows = list(photos.values_list("src", "article_id"))
    by_src = {}
    for src, article_id in rows:
        by_src.setdefault(src, []).append(article_id)
    _link_known(by_src, report)
    workers = max(1, workers or settings.NEWSROOM_PHOTO_WORKERS)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = deque()
        for src in by_src:
            pending.append((src, pool.submit(_process, src)))
            while len(pending) > 2 * workers:  # a bounded window: memory does not grow with the run
                done, future = pending.popleft()
                _record(done, future, by_src[done], states, report)
        while pending:
            done, future = pending.popleft()
            _record(done, future, by_src[done], states, report)
    return report


def _link_known(by_src, report):
    """Photos whose URL another article's photo already stored: linked, no download."""
    srcs = list(by_src)
    for i in range(0, len(srcs), BATCH):
        known = (
            Photo.objects.filter(src__in=srcs[i : i + BATCH], state=Photo.STORED, image__isnull=False)
            .values_list("src", "image_id")
            .distinct()
        )
        for src, image_id in dict(known).items():
            ids = by_src.pop(src)
            report.stored += _mark(src, ids, [Photo.PENDING, Photo.FAILED], image_id=image_id)


def _process(src):
    """Worker thread: download, verify, resize and store one URL; a _Stored or the CodedError why not."""
    try:
        content = download(src)
        verified = verify(content)
    except CodedError as error:
        return error
    try:
        files = renditions(verified.image)
    except Exception as error:  # Pillow fails in many ways on a file that decoded but is damaged
        return PhotoError("photo_corrupt", error=str(error)[:200] or type(error).__name__)
    sha256 = hashlib.sha256(content).hexdigest()
    try:
        original = storage.save(sha256, f"original.{verified.format.replace('jpeg', 'jpg')}", content)
        for name, data, _, _ in files:
            storage.save(sha256, name, data)
    except OSError as error:  # the storage itself (disk full, S3 down): the photo can be retried
        return PhotoError("photo_storage_failed", error=str(error)[:200])
    return _Stored(
        sha256=sha256,
        original=original.rsplit("/", 1)[1],
        format=verified.format,
        width=verified.image.width,
        height=verified.image.height,
        size=len(content),
        renditions={name: [width, height, len(data)] for name, data, width, height in files},
    )


def _record(src, future, article_ids, states, report):
    """Calling thread: the outcome of `src` on its photos' rows."""
    outcome = future.result()
    if isinstance(outcome, CodedError):
        _mark(src, article_ids, states, error=outcome)
        report.failures += [PhotoFailure(article_id, src, outcome) for article_id in article_ids]
        return
    image = _image_row(outcome)
    report.stored += _mark(src, article_ids, states, image_id=image.pk)


def _image_row(stored):
    defaults = {k: v for k, v in vars(stored).items() if k != "sha256"}
    try:
        with transaction.atomic():
            return StoredImage.objects.get_or_create(sha256=stored.sha256, defaults=defaults)[0]
    except IntegrityError:  # another process stored the same content meanwhile
        return StoredImage.objects.get(sha256=stored.sha256)


def _mark(src, article_ids, states, *, image_id=None, error=None):
    """Set the state of `src`'s photos in these articles; how many rows. Their pages are re-rendered."""
    now = timezone.now()
    if error is None:
        values = {"image_id": image_id, "state": Photo.STORED, "error": "", "error_params": {}}
    else:
        values = {"state": Photo.FAILED, "error": error.code, "error_params": _plain(error.params)}
    with transaction.atomic():
        count = Photo.objects.filter(src=src, article_id__in=article_ids, state__in=states).update(
            checked_at=now, **values
        )
        if error is None:
            # An article page is cached by its version (articles.pagecache): a new version shows the photo.
            Article.objects.filter(pk__in=article_ids).update(updated_at=now)
    return count


def _plain(params):
    return {key: value if isinstance(value, (int, float, str)) else str(value) for key, value in params.items()}
