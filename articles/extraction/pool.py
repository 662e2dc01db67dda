"""Extraction in long-lived worker processes: one per core, each page under a soft and a hard time limit.

    with ExtractionPool(processes=2, soft_timeout=60, hard_timeout=70) as pool:
        article = pool.extract(html, url)      # from any thread; ExtractionError when it fails

    with ExtractionPool(2, function=prepare) as pool:   # a function of its own, run in the workers
        prepared = pool.run(content, content_type, url)

A worker is forked once and extracts page after page (no fork per page). Inside it, a timer
(SIGALRM) stops an extraction past `soft_timeout`: the page fails with `extraction_timeout`
and the worker goes on. Code that never returns to Python (a parser stuck in C) does not see
that timer: past `hard_timeout` the parent kills the worker (`extraction_killed`) and the next
page gets a new one. A worker is also replaced after `max_pages` pages or once its memory grew
by `max_growth_mb` since its first page, so a leak in a parser never accumulates.
"""

import contextlib
import multiprocessing
import os
import signal
import threading

from articles.messages import CodedError

from .core import extract
from .result import ExtractionError

# fork: a worker starts at once with trafilatura already imported and needs nothing from the
# parent but pages. It only runs the extraction, which takes no lock another thread of the
# parent could be holding.
_context = multiprocessing.get_context("fork")
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


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


class _Worker:
    def __init__(self, function, soft_timeout, warm_up):
        self.connection, child = _context.Pipe()
        self.process = _context.Process(
            target=_serve, args=(child, self.connection, function, soft_timeout, warm_up), daemon=True
        )
        self.process.start()
        child.close()
        self.pages, self.first_rss, self.rss, self.broken = 0, None, 0.0, False

    def run(self, args, hard_timeout):
        self.pages += 1
        try:
            self.connection.send(args)
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
    """Up to `processes` long-lived extraction workers shared by the calling threads."""

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
    ):
        self.processes = max(1, processes or default_processes())
        self.soft_timeout = soft_timeout
        self.hard_timeout = hard_timeout if hard_timeout is not None else soft_timeout + 10
        self.max_pages, self.max_growth_mb = max_pages, max_growth_mb
        self.function = function or extract  # read when the pool is made: tests put a slow one in its place
        # A new worker first extracts a small page (the extractor's first call loads what it needs);
        # by default when it runs the extractor, not a test's stand-in.
        self.warm_up = function in (None, extract) if warm_up is None else warm_up
        self.started = 0  # workers started over the pool's life (recycled ones included)
        self._idle, self._live, self._closed = [], 0, False
        self._lock = threading.Condition()

    def extract(self, html, url=None):
        """extract(html, url) in a worker; ExtractionError when it fails, passes a limit or its worker dies."""
        return self.run(html, url)

    def run(self, *args):
        """The pool's function called with `args` in a worker (they and its result cross a pipe, pickled);
        ExtractionError when it fails, passes a limit or its worker dies."""
        worker = self._take()
        try:
            return worker.run(args, self.hard_timeout)
        finally:
            self._give_back(worker)

    def _take(self):
        with self._lock:
            while not self._idle and self._live >= self.processes:
                self._lock.wait()
            if self._closed:
                raise RuntimeError("extraction pool closed")
            if self._idle:
                return self._idle.pop()
            self._live += 1
            self.started += 1
        try:
            return _Worker(self.function, self.soft_timeout, self.warm_up)
        except BaseException:
            with self._lock:
                self._live -= 1
                self._lock.notify()
            raise

    def _give_back(self, worker):
        retire = (
            worker.broken
            or not worker.process.is_alive()
            or worker.pages >= self.max_pages
            or (worker.first_rss is not None and worker.rss - worker.first_rss > self.max_growth_mb)
        )
        if retire:
            worker.stop()  # a stuck worker is killed here; the next page starts a new one
        with self._lock:
            if retire or self._closed:
                self._live -= 1
            else:
                self._idle.append(worker)
            self._lock.notify()
        if self._closed and not retire:
            worker.stop()

    def close(self):
        with self._lock:
            self._closed, idle, self._idle = True, self._idle, []
            self._live -= len(idle)
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
