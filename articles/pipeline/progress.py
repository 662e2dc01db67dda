"""An import's results, a row an item (ImportItem), written in the transaction of the articles they report.

    added, failed = record(job_id, [(url_key(label) or upload_key(pk), ItemResult or row dict), ...])
    counts(job)             # {status: n}: the job page's counts (one indexed GROUP BY)
    items(job, status=None) # its results in order, for a paginator: the page reads one page of them

A report costs the same at the 100th item as at the 100,000th: it inserts its rows and adds to the
job's counters (the job's whole JSON list was read and rewritten at each report before: 3.5 s at
100,000 results, docs/BENCHMARKS.md, issue 18). `key` is unique in a job, so a result recorded once
is never recorded (nor counted) again, whichever worker or run meets its item again.
"""

from collections import Counter
from hashlib import blake2b

from django.db.models import Count

from articles.messages import french
from articles.models import ImportItem
from articles.pipeline.results import FAILED
from articles.storable import xml_text

REJECTED_PREFIX = "r:"  # the URL box's bad lines and the refused files, known before any import
LOOKUP_BATCH = 500  # keys a query asks about at once (SQLite's limit on a statement's parameters)


def url_key(label):
    """A URL's (or a listing's page's) key in its job."""
    return "u:" + blake2b(label.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def upload_key(upload_pk):
    """An uploaded file's: two files of one name are two items."""
    return f"f:{upload_pk}"


def rejected_key(position):
    return f"{REJECTED_PREFIX}{position}"


def record(job_id, keyed):
    """Insert the results of `keyed` [(key, ItemResult or row dict)] not recorded yet; (added, failed).

    Call it inside the transaction that wrote their articles: both are kept, or neither.
    """
    keys = [key for key, _ in keyed]
    recorded = recorded_keys(job_id, keys)
    rows = {}
    for key, result in keyed:
        if key not in recorded and key not in rows:
            rows[key] = ImportItem(job_id=job_id, key=key, **_row(result))
    # A race the look-up cannot see (two runs of one item at once) loses the second row, not the batch.
    ImportItem.objects.bulk_create(rows.values(), ignore_conflicts=True)
    return len(rows), sum(item.status == FAILED for item in rows.values())


def _row(result):
    if not isinstance(result, dict):  # a dict is worded already: a rejected line, an old JSON result
        result = result_row(result.label, result.status, reason_of(result), result)
    return {name: result.get(name) or "" for name in ("source", "status", "reason", "title", "url")} | {
        "article": result.get("article")
    }


def result_row(label, status, reason="", result=None):
    """A result as the import pages show it (and as a preview or a rejected line keeps it)."""
    return {
        "source": xml_text(label),
        "status": status,
        "reason": xml_text(reason),  # a server's or parser's words: no NUL in a PostgreSQL value
        "article": result.article if result else None,
        "title": result.title if result else "",
        "url": result.url if result else "",
    }


def reason_of(result):
    return french(result.error) if result.error else ""


def recorded_keys(job_id, keys=None):
    """The keys among `keys` (all the job's when None) that have a result already."""
    items = ImportItem.objects.filter(job_id=job_id).order_by()
    if keys is None:
        return set(items.values_list("key", flat=True))
    keys, found = list(keys), set()
    for start in range(0, len(keys), LOOKUP_BATCH):
        found.update(items.filter(key__in=keys[start : start + LOOKUP_BATCH]).values_list("key", flat=True))
    return found


class Recorded:
    """The URL labels of a job recorded already, as ingest(skip=...) asks about them.

    The chunk's own URLs are looked up at once (ingest asks about them on its fetching threads);
    a page a feed or sitemap lists is looked up when asked, by its key (on the calling thread).
    """

    def __init__(self, job_id, given):
        self.job_id, self.given = job_id, set(given)
        found = recorded_keys(job_id, [url_key(label) for label in self.given])
        self.known = {label for label in self.given if url_key(label) in found}

    def __contains__(self, label):
        if label in self.given:
            return label in self.known
        return ImportItem.objects.filter(job_id=self.job_id, key=url_key(label)).exists()


def counts(job):
    """{status: n} over the job's results."""
    rows = ImportItem.objects.filter(job=job).values_list("status").annotate(n=Count("id")).order_by()
    return Counter(dict(rows))


def items(job, status=None):
    """The job's results in the order they came, those of `status` only when given."""
    found = ImportItem.objects.filter(job=job)
    return (found.filter(status=status) if status else found).order_by("id")


def forget_failures(job):
    """A resumed import tries its failed items again: their results go (the rejected lines stay)."""
    ImportItem.objects.filter(job=job, status=FAILED).exclude(key__startswith=REJECTED_PREFIX).delete()


ROW_FIELDS = ("source", "status", "reason", "article", "title", "url")


def as_row(item):
    """An ImportItem as the dict result_row() makes."""
    return {name: getattr(item, name) for name in ROW_FIELDS}


def result_rows(job):
    """Every result of the job as the dict result_row() makes, in order (small jobs, tests)."""
    return [dict(zip(ROW_FIELDS, values, strict=True)) for values in items(job).values_list(*ROW_FIELDS)]
