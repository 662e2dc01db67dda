"""A `db_worker` left without a task warms dateparser once, so the extraction workers it forks afterwards do
not pay its first call on an import's page; a task claimed meanwhile waits for the warm-up
(articles.pipeline.warming, articles.tasks.WorkerCommand)."""

import io
import subprocess
import sys
import threading
import time

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.management.commands import db_worker

from articles import tasks
from articles.models import Article, ImportJob
from articles.pipeline import jobs, warming
from tests.sample_pages import article_page


class Recorded:
    """A stand-in for warm(): notes its start and end, lasting `seconds`."""

    def __init__(self, seconds=0.0):
        self.seconds, self.events, self.started = seconds, [], threading.Event()

    def __call__(self):
        self.events.append("warm")
        self.started.set()
        time.sleep(self.seconds)
        self.events.append("warmed")


def settle(idle, seconds=2.0):
    idle.thread.join(seconds)


def test_an_idle_process_warms_once_and_a_task_claimed_meanwhile_waits_for_the_warm_up():
    warm = Recorded(seconds=0.3)
    idle = warming.WhenIdle(idle_seconds=0.05, warm=warm)
    idle.start()
    assert warm.started.wait(2)
    idle.task_started()  # claimed while it warms: runs once the warm-up is over
    warm.events.append("task")
    idle.task_finished()
    settle(idle)
    time.sleep(0.2)  # idle again: nothing more
    idle.stop()
    assert warm.events == ["warm", "warmed", "task"]
    assert not idle.thread.is_alive()


def test_a_running_task_holds_the_warm_up_off_until_it_ends():
    warm = Recorded()
    idle = warming.WhenIdle(idle_seconds=0.1, warm=warm)
    idle.task_started()  # a task claimed as soon as the worker looked
    idle.start()
    time.sleep(0.4)
    assert warm.events == []
    idle.task_finished()
    settle(idle)
    idle.stop()
    assert warm.events == ["warm", "warmed"]


def test_a_process_stopped_before_it_idled_long_enough_never_warms():
    warm = Recorded()
    idle = warming.WhenIdle(warm=warm)  # warming.IDLE_SECONDS
    idle.start()
    time.sleep(0.05)
    idle.stop()
    settle(idle)
    assert warm.events == [] and not idle.thread.is_alive()


def test_a_failed_warm_up_leaves_the_process_as_it_was():
    def broken():
        raise RuntimeError("no locales")

    idle = warming.WhenIdle(idle_seconds=0.01, warm=broken)
    idle.start()
    settle(idle)
    idle.task_started()  # not held by it
    idle.task_finished()
    idle.stop()
    assert idle.done and not idle.thread.is_alive()


# In a fresh interpreter: warm() costs what the first unreadable date costs, the dates read after it cost little
# and are read as a cold process reads them.
AFTER_WARM_UP = """
import time
from articles.pipeline import warming
from htmldate.extractors import _external_date
cpu = time.process_time()
warming.warm()
warm = time.process_time() - cpu
cpu = time.process_time()
found = [_external_date(text) for text in ("3 janvier 2021", "xxyy 12 qqqq", "12. März 2020")]
after = time.process_time() - cpu
print(warm, after, [d and d.isoformat() for d in found])
"""


def test_warming_pays_the_first_calls_of_dateparser_and_reads_the_same_dates():
    done = subprocess.run(
        [sys.executable, "-c", AFTER_WARM_UP], capture_output=True, text=True, check=True, timeout=120
    )
    warm, after, found = done.stdout.strip().split(" ", 2)
    assert found == "['2021-01-03T00:00:00', None, '2020-03-12T00:00:00']"
    # Every locale loaded and compiled by the warm-up: three dates, two in other languages, then cost a fraction of it.
    assert float(after) < float(warm) / 5


DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS)
def test_the_db_worker_tells_the_warm_up_when_each_task_runs(monkeypatch):
    seen = []

    class Noting:
        def __init__(self):
            seen.append("made")

        def start(self):
            seen.append("start")

        def stop(self):
            seen.append("stop")

        def task_started(self):
            seen.append("task")

        def task_finished(self):
            seen.append("done")

    monkeypatch.setattr(warming, "WhenIdle", Noting)
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)  # the test's transaction stays open
    page = article_page(title="Le port de Tyr rouvre", head='<link rel="canonical" href="https://gazette.test/1">')
    job = jobs.create_job(user=None, urls_text="", uploads=[jobs.Upload("1.html", "", io.BytesIO(page.encode()))])
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.PREVIEWED)
    job.refresh_from_db()
    assert tasks.enqueue_import(job)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert Article.objects.count() == 1
    # The job's task, then its chunk's: each reported started and finished, the warm-up stopped with the worker.
    assert seen == ["made", "start", "task", "done", "task", "done", "stop"]
