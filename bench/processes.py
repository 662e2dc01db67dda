"""Newsroom in processes of its own, as production runs it: `manage.py` and gunicorn, with their peak memory."""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

PRODUCTION_SETTINGS = "newsroom.settings"
BENCH_SETTINGS = "newsroom.settings_bench"  # production's, plus this app's commands (generate_articles)


def production_env(url, settings_module=PRODUCTION_SETTINGS, **extra):
    """The environment of a production process on the benchmark database (DEBUG off, a secret key)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        DJANGO_SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        DATABASE_URL=url,
        PYTHONUNBUFFERED="1",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(*args, url, check=True, timeout=3600, checkout=None, **popen):
    """Run `manage.py ARGS` on the benchmark database, with the benchmark settings (this checkout's code, or
    `checkout`'s); the CompletedProcess."""
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=checkout or settings.BASE_DIR,
        env=production_env(url, BENCH_SETTINGS),
        check=check,
        timeout=timeout,
        capture_output=True,
        text=True,
        **popen,
    )


@dataclass
class Measured:
    seconds: float
    max_rss_mb: float
    returncode: int
    stdout: str
    stderr: str
    missing_photos: int = 0
    cpu_seconds: float = 0.0  # the process and its waited-for children (wait4), user + system
    own_cpu_seconds: float = 0.0  # the process alone (its last /proc sample): ingest's writing process
    parent_rss_mb: float = 0.0  # peak RSS of the process alone, sampled
    child_rss_mb: float = 0.0  # peak RSS of its largest child (an extraction worker), sampled


def measure(args, *, url, timeout=3600, env=None):
    """Run `manage.py ARGS` (`env`: settings added to production's); wall time and peak RSS of it and its children."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and manage.py)
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=production_env(url, **(env or {})),
            stdout=out,
            stderr=err,
        )
        deadline = started + timeout
        sampled = _Samples(process.pid)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
            sampled.take()
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        # ru_maxrss is in KiB on Linux; wait4 reports the largest of the process and its waited-for children.
        return Measured(
            seconds,
            usage.ru_maxrss / 1024,
            process.returncode,
            out.read(),
            err.read(),
            cpu_seconds=usage.ru_utime + usage.ru_stime,
            own_cpu_seconds=sampled.own_cpu,
            parent_rss_mb=sampled.parent_rss,
            child_rss_mb=sampled.child_rss,
        )


class _Samples:
    """Peak RSS of a process and of its largest child, and its own CPU time, read from /proc (Linux)."""

    TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def __init__(self, pid):
        self.pid, self.own_cpu, self.parent_rss, self.child_rss = pid, 0.0, 0.0, 0.0

    def take(self):
        with suppress(OSError, ValueError, IndexError):
            # Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
            self.own_cpu = (int(fields[11]) + int(fields[12])) / self.TICKS
            self.parent_rss = max(self.parent_rss, status_mb(self.pid))
            for child in _children(self.pid):
                self.child_rss = max(self.child_rss, status_mb(child))


def status_mb(pid, field="VmRSS"):
    """A memory field of /proc/PID/status (Linux; kB there) in MB, 0 when it is not reported."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _children(pid):
    """Children of every thread of `pid` (ingest forks its extraction workers from a thread)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with suppress(OSError):
            found.extend(int(child) for child in (task / "children").read_text().split())
    return found


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """gunicorn -c newsroom/gunicorn_conf.py newsroom.wsgi on 127.0.0.1, with its logs in `logdir`: this
    checkout's code, or `checkout`'s (another worktree, to measure two codes alternated); `env` is added to
    production's environment."""

    def __init__(self, url, logdir, *, workers=2, checkout=None, env=None):
        self.checkout = Path(checkout or settings.BASE_DIR)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.access_log = Path(logdir) / f"access-{self.port}.log"
        self.error_log = Path(logdir) / f"gunicorn-{self.port}.log"
        self.env = production_env(
            url,
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            GUNICORN_WORKERS=workers,
            GUNICORN_ACCESS_LOG=self.access_log,
            # Every server starts with an empty article cache of its own (settings.CACHES).
            NEWSROOM_ARTICLE_CACHE_DIR=Path(logdir) / f"article-cache-{self.port}",
            **(env or {}),
        )
        self.process = None

    def __enter__(self):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self._log = self.error_log.open("w")
        self.process = subprocess.Popen(  # noqa: S603 (the venv's gunicorn)
            [str(gunicorn), "-c", "newsroom/gunicorn_conf.py", "newsroom.wsgi"],
            cwd=self.checkout,  # gunicorn imports the application from its working directory
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.error_log.read_text()[-2000:]}")
            with suppress(OSError):
                if get(self.base + "/healthz")[0] == 200:
                    return self
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def workers(self):
        """The pids of the worker processes (the master's children)."""
        pid = self.process.pid
        with suppress(OSError):
            return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        return []

    def server_errors(self):
        """Responses with a 5xx status in the access log."""
        if not self.access_log.exists():
            return 0
        # gunicorn's default access format: ... "GET /path HTTP/1.1" STATUS BYTES ...
        return len(re.findall(r'" 5\d\d ', self.access_log.read_text(errors="replace")))

    def log_count(self, text):
        return self.error_log.read_text(errors="replace").count(text)


def get(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (127.0.0.1 only)
        return response.status, response.read()
