"""What extraction returns: plain dataclasses, no database."""

from dataclasses import asdict, dataclass, field
from datetime import datetime

from articles.messages import CodedError


class ExtractionError(CodedError):
    """A page that cannot become an article (no text, not HTML, too slow...); worded by articles.messages."""


@dataclass
class ExtractedImage:
    src: str
    alt: str = ""
    caption: str = ""
    credit: str = ""
    width: int | None = None
    height: int | None = None
    is_main: bool = False
    # How many of the body's top-level blocks stand before it (extraction/placement.py); None: after the text.
    position: int | None = None
    # The last paragraphs read before it on the page (None: not read in the article block).
    anchors: list[str] | None = field(default=None, repr=False, compare=False)


@dataclass
class ExtractedArticle:
    title: str
    url: str
    canonical_url: str
    section: str | None = None
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    published_time_known: bool = True  # False: the source gives only the day (stored at midnight UTC)
    modified: datetime | None = None
    lead: str = ""
    body: str = ""
    body_html: str = ""
    subheadings: list[str] = field(default_factory=list)
    language: str | None = None
    images: list[ExtractedImage] = field(default_factory=list)
    site_name: str = ""

    @property
    def word_count(self):
        return len((self.lead + " " + self.body).split())

    def as_json(self):
        """The `ingest --dry-run --json` object (the format the scorer reads)."""
        data = asdict(self)
        data["published"] = self.published.isoformat() if self.published else None
        data["modified"] = self.modified.isoformat() if self.modified else None
        data["word_count"] = self.word_count
        data["images"] = [
            {"src": im.src, "alt": im.alt, "caption": im.caption, "credit": im.credit, "position": im.position}
            for im in self.images
        ]
        data.pop("site_name")
        data["site_name"] = self.site_name
        return data
