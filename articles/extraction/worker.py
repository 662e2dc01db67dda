"""One page's extraction with a deadline, in a worker of its own (re-extracting one stored page)."""

from .pool import ExtractionPool


def extract_with_timeout(html, url=None, timeout=60.0, grace=10.0):
    """extract() in a worker process; ExtractionError when it fails or passes `timeout` seconds.

    A batch shares an ExtractionPool instead (articles.pipeline.ingestion): this starts one worker.
    """
    with ExtractionPool(1, soft_timeout=timeout, hard_timeout=timeout + grace) as pool:
        return pool.extract(html, url)
