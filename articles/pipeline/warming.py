"""dateparser's first call made while a `db_worker` has nothing to do, not by the first page that needs it.

    idle = WhenIdle()                   # articles.tasks.WorkerCommand, for the db_worker's life
    idle.start()
    idle.task_started() ... idle.task_finished()   # around each task (django-tasks' signals)
    idle.stop()

trafilatura's dates come from htmldate, which hands a date it cannot read itself to dateparser, and
dateparser's first such call loads and compiles every locale: ≈ 2.7 s of CPU (docs/BENCHMARKS.md, issue
18). An extraction worker forked from a process that has not paid it pays it on its first such page — a
db_worker's kept worker on an import's first chunks, and every worker recycled after it
(NEWSROOM_EXTRACTION_WORKER_PAGES). A db_worker lives long and mostly waits: once it has run no task for
IDLE_SECONDS, warm() runs once on a thread of its own, and every extraction worker it forks afterwards
starts with dateparser warm. A task claimed meanwhile waits for the warm-up to end (once in the process's
life), so no worker is forked from a half-warmed process and no task shares the CPU with it. A one-off
`ingest` never warms: it would pay it before its first page, and most imports never meet such a date.
"""

import threading
import time

IDLE_SECONDS = 5.0  # a db_worker between two chunks of an import waits milliseconds, not this
NO_DATE = "zzzz qqqq"  # read by no locale: every locale is loaded and tried, as the first unreadable date makes it


def warm():
    """What dateparser's first call from htmldate loads and compiles, done now (the same parser, settings, locales)."""
    from htmldate.extractors import get_external_parser

    get_external_parser().get_date_data(NO_DATE)


class WhenIdle:
    """warm() once, on a thread, after `idle_seconds` without a task running; a task starting meanwhile waits for it."""

    def __init__(self, idle_seconds=IDLE_SECONDS, warm=warm):
        self.idle_seconds, self.warm = idle_seconds, warm
        self.state = threading.Condition()  # busy, since, stopped, done
        self.warming = threading.Lock()  # held while warm() runs
        self.busy, self.since, self.stopped, self.done = False, time.monotonic(), False, False
        self.thread = threading.Thread(target=self._run, name="warm-dateparser", daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        with self.state:
            self.stopped = True
            self.state.notify_all()

    def task_started(self):
        with self.state:
            self.busy = True
        with self.warming:  # a warm-up under way ends first
            pass

    def task_finished(self):
        with self.state:
            self.busy, self.since = False, time.monotonic()
            self.state.notify_all()

    def _run(self):
        with self.state:
            while True:
                if self.stopped:
                    return
                left = self.since + self.idle_seconds - time.monotonic()
                if not self.busy and left <= 0:
                    self.warming.acquire()  # taken while no task runs: the next one waits for it
                    break
                self.state.wait(None if self.busy else left)
        try:
            self.warm()
        except Exception:  # noqa: S110 (a page meeting such a date pays it as before)
            pass
        finally:
            self.done = True
            self.warming.release()
