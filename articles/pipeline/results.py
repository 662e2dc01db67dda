"""What an ingestion run reports: a result per article (or per input that gave none), and their counts."""

from collections import Counter
from dataclasses import dataclass, field

from articles.extraction import ExtractedArticle

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
EXTRACTED = "extracted"  # dry run: extracted, nothing written


@dataclass
class ItemResult:
    """What happened to one article (or to an input that yielded none)."""

    label: str  # what people see in messages: the URL, the file path, "fichier x.html"
    status: str
    error: Exception | None = None  # why it failed: a CodedError, worded by articles.messages
    article: int | None = None  # Article id once written
    # The whole extraction: kept to the end of the run only in a dry run (previews, --dry-run);
    # otherwise dropped once reported, so a long import's memory does not grow with its size.
    extracted: ExtractedArticle | None = field(default=None, repr=False)
    title: str = ""
    url: str = ""  # the canonical URL

    def __post_init__(self):
        if self.extracted is not None:
            self.title, self.url = self.extracted.title, self.extracted.canonical_url

    @property
    def reason(self):
        """Why it failed, in English (the command line); articles.messages.french() for editors."""
        return str(self.error) if self.error else ""

    def as_json(self):
        return {
            "source": self.label,
            "status": self.status,
            "reason": self.reason,
            "article": self.article,
            "url": self.url or None,
            "title": self.title or None,
        }


@dataclass
class IngestReport:
    dry_run: bool = False
    results: list[ItemResult] = field(default_factory=list)
    photos: object = None  # articles.photos.PhotoReport: the written articles' photos, stored after them

    @property
    def counts(self):
        counter = Counter(result.status for result in self.results)
        statuses = (EXTRACTED, FAILED) if self.dry_run else (CREATED, UPDATED, UNCHANGED, FAILED)
        return {status: counter[status] for status in statuses}

    @property
    def failures(self):
        return [result for result in self.results if result.status == FAILED]

    def article_ids(self):
        """Ids of the articles this run created, updated or found unchanged."""
        return [result.article for result in self.results if result.status in (CREATED, UPDATED, UNCHANGED)]

    def summary(self):
        return ", ".join(f"{status} {n}" for status, n in self.counts.items())

    def as_json(self):
        photos = {"photos": self.photos.as_json()} if self.photos else {}
        return {**self.counts, "results": [result.as_json() for result in self.results], **photos}
