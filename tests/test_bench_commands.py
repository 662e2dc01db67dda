"""Smoke tests of the benchmark commands at a tiny size, so that they keep running (docs/BENCHMARKS.md)."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from bench.databases import create_database
from bench.load import parse_wrk
from bench.management.commands.loadtest import _counts
from bench.probe import Probe
from bench.processes import manage
from tests.factories import indexed
from tests.sample_pages import render_page

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8000
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.01ms    3.20ms  80.00ms   90.00%
  Latency Distribution
     50%   11.50ms
     75%   13.00ms
     90%   15.00ms
     99%    1.20s
  3310 requests in 10.00s, 70.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:    330.95
Transfer/sec:      7.00MB
"""


def test_wrk_output_is_read_with_its_units_and_errors():
    load = parse_wrk(WRK_OUTPUT)
    assert (load.requests, load.rps, load.p50_ms, load.p99_ms) == (3310, 330.95, 11.5, 1200.0)
    assert (load.non_2xx, load.socket_errors, load.errors) == (4, 3, 7)


def test_loadtest_shows_the_ingests_counts_not_the_photos_line_printed_after_them():
    stdout = "created 498, updated 0, unchanged 2, failed 0\nphotos: stored 731, failed 0\n"
    assert _counts(stdout) == "created 498, updated 0, unchanged 2, failed 0"
    assert _counts("Traceback (most recent call last):\n") == "?"


@pytest.mark.bench
def test_bench_ingest_prints_its_tables(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    for name in ("article-culture.html", "article-economie.html", "article-sport.html"):
        (real / name).write_bytes(render_page(name))
    out = StringIO()
    call_command(
        "bench_ingest",
        *("--pages", "4", "--workers", "1", "--memory", "6", "--real", str(real), "--keep", str(tmp_path / "run")),
        stdout=out,
    )
    table = out.getvalue()
    assert "| `ingest --workers 1` |" in table
    assert "| bare `trafilatura.extract`" in table
    assert "| 6 |" in table
    assert "3 real pages" in table
    assert "| `ingest DIR --workers 1` |" in table and "| 3 | 0 (0) |" in table  # all three stored, none failed


@pytest.mark.bench
@pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed (Debian: apt-get install wrk)")
def test_bench_pages_prints_every_page_beside_healthz(tmp_path):
    out = StringIO()
    url = f"sqlite:///{tmp_path / 'pages.sqlite3'}"
    args = ["--articles", "40", "--seconds", "1", "--database-url", url]
    call_command("bench_pages", *args, stdout=out, stderr=StringIO())
    table = out.getvalue()
    for page in ("healthz", "home", "section", "article", "search", "feed"):
        assert f"| {page} |" in table
    assert "5xx in gunicorn's access log: 0." in table


@pytest.mark.bench
def test_bench_photos_prints_its_tables(tmp_path):
    out = StringIO()
    call_command("bench_photos", "--pages", "3", "--memory", "0", "--keep", str(tmp_path), stdout=out)
    table = out.getvalue()
    assert "| `ingest`, photos not downloaded (baseline) |" in table
    assert "| timeline `/`" in table


@pytest.mark.bench
def test_bench_served_search_alternates_two_servers_and_prints_their_ratio(tmp_path):
    url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    create_database(url)
    manage("generate_articles", "40", url=url)
    out, err = StringIO(), StringIO()
    here = str(settings.BASE_DIR)
    args = ["--database-url", url, "--passes", "2", "--rounds", "1"]
    args += ["--serve", f"kept={here}", "--serve", f"closed={here},DJANGO_CONN_MAX_AGE=0"]
    call_command("bench_served_search", *args, stdout=out, stderr=err)
    table = out.getvalue()
    assert "| pass | kept | closed | closed / kept |" in table
    assert "| 2 |" in table and "| all passes" in table
    assert "| 9 | expression | `q=%22Conseil+de+s%C3%A9curit%C3%A9%22` |" in table
    passes = [line.split(":")[0] for line in err.getvalue().splitlines() if line.startswith("pass")]
    assert "workers' resident memory" in err.getvalue()
    assert passes == [
        "pass 1 kept",
        "pass 1 closed",
        "pass 2 closed",
        "pass 2 kept",
    ]


@pytest.mark.django_db
def test_bench_search_prints_its_searches_and_the_machines_speed_during_them():
    indexed("Sécurité à Beyrouth", body_text="Le gouvernement du pays, le port et la reconstruction.")
    out = StringIO()
    call_command("bench_search", "--repeat", "1", "--no-baseline", "--probe", stdout=out, stderr=StringIO())
    text = out.getvalue()
    assert re.search(r"\| 1 \| mot courant \| `q=sécurité` \| 1 \|", text), text
    assert "**toutes**" in text
    probe = re.search(r"Machine probe .*: median ([\d.]+) ms, p90 ([\d.]+) ms, (\d+) samples", text)
    assert probe, text
    assert 0 < float(probe[1]) <= float(probe[2])
    assert int(probe[3]) >= 1


def test_the_probe_samples_in_a_process_of_its_own_and_stops_with_its_block():
    with Probe() as probe:
        process = probe.process
        assert process.poll() is None
    assert process.returncode is not None
    assert probe.samples
    assert all(sample > 0 for sample in probe.samples)


STARTER = """
import os, subprocess, sys, time
probe = subprocess.Popen([sys.executable, "-m", "bench.probe", {path!r}, str(os.getpid())])
print(probe.pid, flush=True)
time.sleep(60)
"""


def test_the_probe_stops_when_the_process_that_started_it_is_killed(tmp_path):
    samples = tmp_path / "samples.txt"
    starter = subprocess.Popen(  # a parent that starts the probe, says its pid, then waits to be killed
        [sys.executable, "-c", STARTER.format(path=str(samples))],
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        text=True,
    )
    probe_pid = int(starter.stdout.readline())
    starter.kill()
    starter.wait()
    deadline = time.monotonic() + 10
    while _alive(probe_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = _alive(probe_pid)
    if alive:  # not left behind by a failing run
        os.kill(probe_pid, signal.SIGKILL)
    assert not alive


def _alive(pid):
    """Whether `pid` runs (a zombie, reparented to init until reaped, counts as ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False
