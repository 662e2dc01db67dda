"""The extraction pool: long-lived workers, a soft limit inside them, a hard one that kills, recycling."""

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from articles.extraction import ExtractionError, ExtractionPool, extract
from articles.models import Article
from articles.pipeline import prepare as prepare_module
from articles.pipeline.ingestion import ingest
from articles.pipeline.results import CREATED, FAILED
from tests.sample_pages import article_page
from tests.subprocesses import ROOT

HANG = "<!-- hang -->"
_kept = []


def _pid(html, url):
    return os.getpid()


def _stuck_in_c(html, url):
    """Stands for a parser stuck in C: the soft timer's signal never reaches Python code."""
    if HANG in html:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(3600)
    return os.getpid()


def _slow_python(html, url):
    while HANG in html:
        pass
    return os.getpid()


def _growing(html, url):
    _kept.append(b"\x01" * (30 * 2**20))  # 30 MB kept by the worker after each page
    return os.getpid()


def _dying(html, url):
    if HANG in html:
        os._exit(3)
    return os.getpid()


def test_a_page_stuck_past_the_hard_limit_kills_its_worker_and_the_next_pages_go_on():
    with ExtractionPool(1, soft_timeout=0.5, hard_timeout=1.5, function=_stuck_in_c) as pool:
        first = pool.extract("<p>one</p>")
        started = time.monotonic()
        with pytest.raises(ExtractionError, match=r"stuck for more than 1\.5 s") as caught:
            pool.extract(f"<p>two</p>{HANG}")
        assert caught.value.code == "extraction_killed"
        assert time.monotonic() - started < 10
        third = pool.extract("<p>three</p>")
    assert third != first  # a new worker took the stuck one's place
    assert pool.started == 2
    with pytest.raises(ProcessLookupError):
        os.kill(first, 0)  # the stuck one is gone


def test_the_soft_limit_stops_the_page_inside_its_worker_which_goes_on():
    with ExtractionPool(1, soft_timeout=0.5, hard_timeout=30, function=_slow_python) as pool:
        first = pool.extract("<p>one</p>")
        started = time.monotonic()
        with pytest.raises(ExtractionError, match=r"took longer than 0\.5 s") as caught:
            pool.extract(f"<p>two</p>{HANG}")
        assert caught.value.code == "extraction_timeout"
        assert time.monotonic() - started < 10
        assert pool.extract("<p>three</p>") == first  # the same worker, not killed
    assert pool.started == 1


def test_a_pool_whose_workers_started_at_once_closes_at_once(monkeypatch):
    """Two workers forked by two threads at once: the second must not inherit the first's ends of its
    pipes, or the first's exit is not seen until the second's (a join's 2 s, an import 2 s longer)."""
    fork = os.fork

    def slow_fork():  # the parent's moment between the fork and closing the child's ends, made long
        pid = fork()
        if pid:
            time.sleep(0.3)
        return pid

    monkeypatch.setattr(os, "fork", slow_fork)
    pool = ExtractionPool(2, function=_pid)
    with ThreadPoolExecutor(2) as threads:
        pids = set(threads.map(lambda n: pool.extract(f"<p>{n}</p>"), range(2)))
    assert len(pids) == 2
    started = time.monotonic()
    pool.close()
    assert time.monotonic() - started < 1


def _collector(html, url):
    import gc

    cycle = []
    cycle.append(cycle)
    del cycle
    return gc.get_freeze_count(), gc.collect()


def test_a_worker_keeps_what_it_inherits_out_of_its_collections_and_collects_its_own():
    import gc

    inherited = len(gc.get_objects())
    with ExtractionPool(1, function=_collector) as pool:
        frozen, collected = pool.extract("<p>one</p>")
    # Not walked by its collections (docs/BENCHMARKS.md, issue 18); a cycle it made is still freed.
    assert frozen > inherited // 2
    assert collected >= 1


def test_workers_are_recycled_after_n_pages():
    with ExtractionPool(1, max_pages=3, function=_pid) as pool:
        pids = [pool.extract(f"<p>{n}</p>") for n in range(7)]
    assert [pids.count(pid) for pid in dict.fromkeys(pids)] == [3, 3, 1]
    assert pool.started == 3


def test_a_worker_whose_memory_grows_is_replaced():
    with ExtractionPool(1, max_growth_mb=50, function=_growing) as pool:
        pids = [pool.extract(f"<p>{n}</p>") for n in range(4)]
    # +30 MB after page 2 (not past 50), +60 MB after page 3: replaced; page 4 in a new worker.
    assert pids[0] == pids[1] == pids[2] != pids[3]


def test_a_worker_that_dies_is_one_failed_page():
    with ExtractionPool(1, function=_dying) as pool:
        first = pool.extract("<p>one</p>")
        with pytest.raises(ExtractionError, match="extraction process died"):
            pool.extract(f"<p>two</p>{HANG}")
        assert pool.extract("<p>three</p>") != first


def test_pages_are_extracted_by_as_many_workers_as_asked_and_no_more():
    with ExtractionPool(2, function=_pid) as pool:
        pids = {pool.extract(f"<p>{n}</p>") for n in range(10)}
    assert len(pids) == 1  # one thread asking: one worker is enough
    assert pool.started == 1


def _echo(html, url):
    return html, os.getpid()


def test_a_worker_holds_its_next_page_and_each_page_gets_its_own_answer():
    pages = [f"<p>{n}</p>" for n in range(40)]
    with ExtractionPool(1, function=_echo) as pool, ThreadPoolExecutor(2) as threads:
        answers = list(threads.map(pool.extract, pages))
    assert [html for html, _ in answers] == pages  # none swapped between the two pages in flight
    assert len({pid for _, pid in answers}) == 1
    assert pool.started == 1  # two pages at once, one worker: the second waited in its pipe


@pytest.mark.parametrize(
    ("function", "code"), [(_stuck_in_c, "extraction_killed"), (_dying, "extraction_died")], ids=["stuck", "dying"]
)
def test_a_page_queued_behind_a_page_that_breaks_its_worker_goes_to_a_new_one(function, code):
    with ExtractionPool(1, soft_timeout=0.5, hard_timeout=1.5, function=function) as pool:
        first = pool.extract("<p>one</p>")
        with ThreadPoolExecutor(2) as threads:
            broken = threads.submit(pool.extract, f"<p>two</p>{HANG}")
            time.sleep(0.3)  # the bad page is in the worker: the next one waits behind it
            queued = threads.submit(pool.extract, "<p>three</p>")
            with pytest.raises(ExtractionError) as caught:
                broken.result(timeout=20)
            assert caught.value.code == code
            assert queued.result(timeout=20) != first  # extracted, by the worker that took the broken one's place
    assert pool.started == 2


def _hang_on_marker(html, url):
    if HANG in html:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(3600)
    return extract(html, url)


@pytest.mark.django_db
def test_ingest_reports_the_hung_page_and_writes_the_others(settings, tmp_path, monkeypatch):
    settings.NEWSROOM_EXTRACTION_TIMEOUT, settings.NEWSROOM_EXTRACTION_GRACE = 1, 1
    monkeypatch.setattr(prepare_module, "extract", _hang_on_marker)  # what ingestion's workers run
    for n in range(1, 6):
        canonical = f'<link rel="canonical" href="https://gazette.test/a/{n}">'
        page = article_page(body=HANG if n == 3 else "", head=canonical, title=f"Article numéro {n}")
        (tmp_path / f"{n}.html").write_text(page)
    started = time.monotonic()
    report = ingest([str(tmp_path)], workers=2)
    assert time.monotonic() - started < 30
    assert report.counts[CREATED] == 4
    [failed] = report.failures
    assert failed.status == FAILED and failed.label.endswith("3.html")
    assert failed.error.code == "extraction_killed"
    assert "stuck for more than 2 s" in failed.reason
    assert sorted(Article.objects.values_list("canonical_url", flat=True)) == [
        f"https://gazette.test/a/{n}" for n in (1, 2, 4, 5)
    ]


ORPHAN = """
import os, sys, time
import django
django.setup()
from articles.extraction import ExtractionPool
pool = ExtractionPool(1, function=lambda html, url: os.getpid())
print(pool.extract("<p>un</p>"), flush=True)
time.sleep(600)
"""


def test_workers_leave_when_their_parent_is_killed():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings_test"}
    parent = subprocess.Popen([sys.executable, "-c", ORPHAN], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        worker = int(parent.stdout.readline())
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(worker, signal.SIGKILL)
    raise AssertionError("the worker outlived its killed parent")
