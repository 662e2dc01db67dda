"""The extraction workers' step: a page's bytes in, everything the writer needs out, the CPU spent in the worker.

    pool = ExtractionPool(2, function=prepare, warm_up=True)
    prepared = pool.run(content, content_type, url)      # a Prepared; ExtractionError when it fails
    prepared = pool.run(None, None, url, path)           # a local file, read here: InputError when unreadable
    prepared = finished(prepared)                        # what a worker left to the writer (finish=False), done

One writing process serves every worker (articles.pipeline.ingestion), so what it does for a page
bounds how far more workers help. Reading a local file, decoding the page, cleaning the extraction
(storable), compressing the raw page, the story fingerprint and the search entry's analysis need no
database: they can happen here, beside the extraction, and then only the compressed page crosses
back. With fewer workers than cores the writer has a core of its own and the worker is the slower
stage: `finish=False` leaves the compression, the fingerprint and the analysis to the writer, which
does them as each page comes in (finished()), beside the worker's next pages rather than after the
last one (docs/BENCHMARKS.md, issue 18).
"""

from dataclasses import dataclass

from articles.extraction import ExtractedArticle, decode_html, extract
from articles.models import RawPage
from articles.pipeline.inputs import only_html, read_local
from articles.pipeline.writing import search_entry, stored_language
from articles.search import Analysed
from articles.storable import storable
from articles.stories.fingerprint import Fingerprint
from articles.stories.grouping import story_print


@dataclass
class Prepared:
    article: ExtractedArticle
    html: str | bytes  # the page, or its bytes compressed (RawPage.compress) when the worker finished it
    story: Fingerprint | None  # story_print() of the article as it will be stored, unless the writer makes it
    search: Analysed | None  # its search_entry(), unless the writer makes it


def prepare(content, content_type, url, path=None, *, finish=True):
    """Decode, extract and clean the page (read from `path` when given); unless `finish` is false (the
    writer will: finished()), compress it, fingerprint its story and analyse its search entry."""
    if path is not None:
        content = only_html(read_local(path))
    html = decode_html(content, content_type)
    prepared = Prepared(storable(extract(html, url)), html, None, None)
    return finished(prepared) if finish else prepared


def finished(prepared):
    """`prepared` with its page compressed, its story fingerprinted and its search entry analysed,
    done here unless a worker did them already (its page compressed)."""
    if isinstance(prepared.html, bytes):
        return prepared
    article = prepared.article
    story = story_print(article.lead, article.body, stored_language(article))
    return Prepared(article, RawPage.compress(prepared.html), story, search_entry(article))
