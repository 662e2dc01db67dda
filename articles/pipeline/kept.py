"""Extraction pools kept from one ingest() call to the next while a scope is open (a `db_worker`'s tasks).

    with kept.scope():                        # articles.tasks: the db_worker process, else each task
        with kept.pool(key, make) as pool:    # articles.pipeline.ingestion, one call: make() once a scope
            ...

An admin import runs as chunks of a few dozen pages, one ingest() call a chunk. Without a scope each
call forks its extraction workers anew, and each new worker pays the extractor's first calls again
(its caches; dateparser compiling every locale the first time a page's date needs it, 1.2–1.8 s):
docs/BENCHMARKS.md, issue 18. Within a scope, a pool made for a key (its processes and settings) is
kept when its call ends, its workers idle and alive, and lent to the next call with the same key; it
is closed when the scope ends. Scopes nest: an inner one (a task inside a db_worker process) adds
nothing to the outer one, so a task run by the immediate backend (the tests')
closes its pools when it ends, and a db_worker process when it stops. One scope a process, not a
thread: a db_worker runs its tasks one after another on its main thread, tests on theirs (production's
gunicorn workers are sync, and queue their tasks for a db_worker).
"""

import contextlib

_kept = None  # the open scope's pools by key; None outside any scope


@contextlib.contextmanager
def scope():
    """Pools made by pool() inside are kept until this ends (the outermost scope, if nested)."""
    global _kept
    if _kept is not None:
        yield
        return
    _kept = {}
    try:
        yield
    finally:
        pools, _kept = _kept, None
        for made in pools.values():
            made.close()


@contextlib.contextmanager
def pool(key, make):
    """`make()`'s pool for the block: closed after it outside a scope; inside, the scope's pool for `key`."""
    if _kept is None:
        made = make()
        try:
            yield made
        finally:
            made.close()
        return
    if key not in _kept:
        _kept[key] = make()
    yield _kept[key]
