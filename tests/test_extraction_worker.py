"""extract_with_timeout: the result comes back from the child; failures and overruns are ExtractionError."""

import pytest

from articles.extraction import ExtractedArticle, ExtractionError, extract_with_timeout
from tests.sample_pages import PARAGRAPHS, article_page


def test_result_comes_back_from_the_child_process():
    result = extract_with_timeout(article_page(), "https://gazette.test/a/1", timeout=30)
    assert isinstance(result, ExtractedArticle)
    assert result.title == "Le budget des écoles voté"


def test_a_page_too_slow_for_the_deadline_is_an_extraction_error():
    big_page = article_page(paragraphs=PARAGRAPHS * 3000)
    with pytest.raises(ExtractionError, match="longer than"):
        extract_with_timeout(big_page, "https://gazette.test/a/2", timeout=0.05)


def test_extraction_failures_are_reported_as_extraction_errors():
    with pytest.raises(ExtractionError, match="not an HTML page"):
        extract_with_timeout("\x00\x01\x02binary" * 100, "https://gazette.test/a/3", timeout=30)
    with pytest.raises(ExtractionError, match="no article text found"):
        extract_with_timeout("<html><body><nav>Menu</nav></body></html>", "https://gazette.test/", timeout=30)
