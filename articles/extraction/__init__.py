"""HTML in, ExtractedArticle out: trafilatura plus what a news reader needs. No database."""

from .charset import decode_html
from .core import extract
from .pool import ExtractionPool
from .result import ExtractedArticle, ExtractedImage, ExtractionError
from .worker import extract_with_timeout

__all__ = [
    "ExtractedArticle",
    "ExtractedImage",
    "ExtractionError",
    "ExtractionPool",
    "decode_html",
    "extract",
    "extract_with_timeout",
]
