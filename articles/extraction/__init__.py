"""HTML in, ExtractedArticle out: trafilatura plus what a news reader needs. No database."""

from .core import extract
from .result import ExtractedArticle, ExtractedImage, ExtractionError

__all__ = ["ExtractedArticle", "ExtractedImage", "ExtractionError", "extract"]
