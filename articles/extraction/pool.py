"""Extraction in long-lived worker processes: one per core, each page under a soft and a hard time limit.

    with ExtractionPool(processes=2, soft_timeout=60, hard_timeout=70) as pool:
        article = pool.extract(html, url)      # from any thread; ExtractionError when it fails

    with ExtractionPool(2, function=prepare) as pool:   # a function of its own, run in the workers
        prepared = pool.run(content, content_type, url)

A worker is forked once and extracts page after page (no fork per page), its next page already
waiting in its pipe (`depth`), so it never idles while the parent's threads, which share one
interpreter lock with the writer, hand it work. Inside it, a timer (SIGALRM) stops an extraction
past `soft_timeout`: the page fails with `extraction_timeout` and the worker goes on. Code that
never returns to Python (a parser stuck in C) does not see that timer: past `hard_timeout` the
parent kills the worker (`extraction_killed`) and the next page gets a new one (a page queued
behind it too). A worker is also replaced after `max_pages` pages or once its memory grew by
`max_growth_mb` since its first page, so a leak in a parser never accumulates.
"""

import contextlib
import gc
import multiprocessing
import os
import signal
import threading
from collections import deque

from articles.messages import CodedError

from .core import extract
from .result import ExtractionError

# fork: a worker starts at once with trafilatura already imported and needs nothing from the
# parent but pages. It only runs the extraction, which takes no lock another thread of the
# parent could be holding.
_context = multiprocessing.get_context("fork")
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
# One worker's start at a time: a worker forked by another thread while one starts would inherit the
# child's ends of its pipes, which the parent closes only after the fork; its exit would then go unseen
# until the other's (stopping it waited out a join's 2 s: docs/BENCHMARKS.md, issue 18).
_forking = threading.Lock()


class _SoftLimit(BaseException):
    """Raised by the worker's timer; a BaseException, so no `except Exception` inside a parser swallows it."""


def _alarm(signum, frame):
    raise _SoftLimit


def _rss_mb():
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * _PAGE_SIZE / 2**20
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _extract_one(function, args, soft_timeout):
    signal.setitimer(signal.ITIMER_REAL, soft_timeout)
    try:
        return "ok", function(*args)
    except CodedError as error:  # ExtractionError, or a page the function could not read (its own code)
        return "error", error
    except Exception as error:  # a crash inside trafilatura/lxml: reported, the worker goes on
        return "error", ExtractionError("extraction_crashed", error=f"{type(error).__name__}: {error}")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


# A small page extracted once when a worker starts: the extractor's first call loads and compiles
# what it needs (several times a later call's cost), which must not count against a real page's limit.
WARM_UP_PAGE = (
    "<html lang='fr'><head><title>Essai</title></head><body><article><h1>Essai</h1>"
    + "<p>Une phrase pour préparer l'extracteur avant la première vraie page du lot.</p>" * 5
    + "</article></body></html>"
)


def _serve(connection, parent_end, function, soft_timeout, warm_up):
    """The worker's loop: the function's arguments in, (status, value, rss MB) out, until None or the pipe closes."""
    # The parent's end, inherited by the fork: closed, so that the parent's death (kill -9) closes
    # the pipe and this worker leaves instead of waiting for a page forever.
    parent_end.close()
    # What the worker inherits (Django, trafilatura, every module: ≈ 77,000 objects under `manage.py ingest`)
    # lives as long as it does: out of its collector's reach, a collection walks only what the worker made
    # itself, and never writes to the inherited objects, whose pages stay shared with the parent (the gc
    # module's advice for a fork). The 2 workers of an import of the dev pages spent 2.7-3.8 ms a page
    # collecting, 1.5-2.2 with it (docs/BENCHMARKS.md, issue 18, sixteenth pass).
    gc.freeze()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops the pool
    if warm_up:
        with contextlib.suppress(Exception):
            extract(WARM_UP_PAGE, "https://example.org/essai")
    signal.signal(signal.SIGALRM, _alarm)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            status, value = _extract_one(function, task, soft_timeout)
        except _SoftLimit:  # the timer fired between the extraction's end and its disarming
            status, value = "error", ExtractionError("extraction_timeout", seconds=soft_timeout)
        connection.send((status, value, _rss_mb()))


class _Lost(Exception):
    """A page sent to a worker that broke before starting it: it runs again in another worker."""


class _Worker:
    """One worker process, holding up to `depth` pages: the next one is already in its pipe when it
    finishes a page, so it never waits on the parent's threads (which share one interpreter lock with
    the writer) to hand it work. Answers come back in the order the pages went."""

    def __init__(self, function, soft_timeout, warm_up):
        with _forking:
            self.connection, child = _context.Pipe()
            self.process = _context.Process(
                target=_serve, args=(child, self.connection, function, soft_timeout, warm_up), daemon=True
            )
            self.process.start()
            child.close()
        self.pages, self.first_rss, self.rss, self.broken = 0, None, 0.0, False
        self.waiting = deque()  # a token per page sent and not yet answered, oldest first
        self.sending = threading.Lock()  # a page's token queued and the page sent: one thread at a time
        self.turn = threading.Condition()  # the oldest page's thread reads the next answer

    def run(self, args, hard_timeout):
        token = object()
        with self.sending:
            with self.turn:
                if self.broken:
                    raise _Lost
                self.waiting.append(token)
            try:
                self.connection.send(args)
            except (OSError, BrokenPipeError):
                self.broken = True  # read as lost below, unless an earlier page says why
        with self.turn:
            while self.waiting[0] is not token:
                self.turn.wait()
        try:
            return self._answer(hard_timeout)
        finally:
            with self.turn:
                self.waiting.popleft()
                self.turn.notify_all()

    def _answer(self, hard_timeout):
        if self.broken:
            raise _Lost  # the worker broke on an earlier page, before starting this one
        try:
            if not self.connection.poll(hard_timeout):
                self.broken = True
                raise ExtractionError("extraction_killed", seconds=hard_timeout)
            status, value, self.rss = self.connection.recv()
        except (EOFError, OSError, BrokenPipeError):
            self.broken = True
            raise ExtractionError("extraction_died") from None
        if self.first_rss is None:
            self.first_rss = self.rss
        if status == "error":
            raise value
        return value

    def stop(self):
        if not self.broken and self.process.is_alive():
            with contextlib.suppress(OSError):
                self.connection.send(None)
            self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


class ExtractionPool:
    """Up to `processes` long-lived extraction workers shared by the calling threads, each holding up to
    `depth` pages (give it `processes × depth` threads to keep every worker busy)."""

    def __init__(
        self,
        processes=None,
        *,
        soft_timeout=60.0,
        hard_timeout=None,
        max_pages=500,
        max_growth_mb=200,
        function=None,
        warm_up=None,
        depth=2,
    ):
        self.processes = max(1, processes or default_processes())
        self.soft_timeout = soft_timeout
        self.hard_timeout = hard_timeout if hard_timeout is not None else soft_timeout + 10
        self.max_pages, self.max_growth_mb, self.depth = max_pages, max_growth_mb, max(1, depth)
        self.function = function or extract  # read when the pool is made: tests put a slow one in its place
        # A new worker first extracts a small page (the extractor's first call loads what it needs);
        # by default when it runs the extractor, not a test's stand-in.
        self.warm_up = function in (None, extract) if warm_up is None else warm_up
        self.started = 0  # workers started over the pool's life (recycled ones included)
        self._workers, self._load, self._closed = [], {}, False  # _load: pages each worker holds
        self._lock = threading.Condition()

    def extract(self, html, url=None):
        """extract(html, url) in a worker; ExtractionError when it fails, passes a limit or its worker dies."""
        return self.run(html, url)

    def run(self, *args):
        """The pool's function called with `args` in a worker (they and its result cross a pipe, pickled);
        ExtractionError when it fails, passes a limit or its worker dies."""
        for _ in range(self.processes * self.depth + 1):
            worker = self._take()
            try:
                return worker.run(args, self.hard_timeout)
            except _Lost:
                continue  # never started: another worker takes it
            finally:
                self._give_back(worker)
        raise ExtractionError("extraction_died")  # every worker it went to broke before starting it

    def _take(self):
        with self._lock:
            while True:
                if self._closed:
                    raise RuntimeError("extraction pool closed")
                open_ = [w for w in self._workers if self._open(w)]
                # An idle worker first, then a new one, then a page queued behind another.
                idle = [w for w in open_ if self._load[w] == 0]
                if idle:
                    return self._hold(idle[0])
                if len(self._workers) < self.processes:
                    break
                queued = [w for w in open_ if self._load[w] < self.depth]
                if queued:
                    return self._hold(min(queued, key=self._load.get))
                self._lock.wait()
            self._workers.append(None)  # its place, taken while it starts
            self.started += 1
        try:
            worker = _Worker(self.function, self.soft_timeout, self.warm_up)
        except BaseException:
            with self._lock:
                self._workers.remove(None)
                self._lock.notify_all()
            raise
        with self._lock:
            self._workers[self._workers.index(None)] = worker
            self._load[worker] = 0
            return self._hold(worker)

    def _open(self, worker):
        """Whether `worker` may take another page: alive, not broken, not due to be replaced."""
        return (
            worker is not None
            and not worker.broken
            and worker.pages < self.max_pages
            and not (worker.first_rss is not None and worker.rss - worker.first_rss > self.max_growth_mb)
        )

    def _hold(self, worker):
        self._load[worker] += 1
        worker.pages += 1
        return worker

    def _give_back(self, worker):
        with self._lock:
            self._load[worker] -= 1
            done = self._load[worker] == 0 and (self._closed or not self._open(worker) or not worker.process.is_alive())
            if done:
                self._workers.remove(worker)
                del self._load[worker]
            elif worker.broken or not worker.process.is_alive():
                worker.broken = True  # pages queued behind it come back lost; no new one goes to it
            self._lock.notify_all()
        if done:
            worker.stop()  # a stuck worker is killed here; the next page starts a new one
        elif worker.broken and worker.process.is_alive():
            worker.process.kill()  # pages still queued behind a stuck page never start

    def close(self):
        with self._lock:
            self._closed = True
            idle = [w for w in self._workers if w is not None and self._load[w] == 0]
            for worker in idle:
                self._workers.remove(worker)
                del self._load[worker]
            self._lock.notify_all()
        for worker in idle:
            worker.stop()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def default_processes():
    """One worker per core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
