"""Issue 15, finding 14: `make run` says that a HOST other than loopback exposes gunicorn itself."""

import subprocess

import pytest

from tests.subprocesses import ROOT, clean_environ


def make(*args):
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=ROOT, env=clean_environ(), capture_output=True, text=True
    )


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "news.example.org", "::"])
def test_make_run_warns_when_host_is_not_loopback(host):
    result = make("host-warning", f"HOST={host}")
    assert result.returncode == 0, result.stderr
    assert f"HOST={host} expose gunicorn directement" in result.stdout
    assert "réseau de confiance" in result.stdout and "nginx" in result.stdout


@pytest.mark.parametrize("host", [None, "127.0.0.1", "localhost", "::1"])
def test_make_run_is_quiet_on_loopback(host):
    result = make("host-warning", *([f"HOST={host}"] if host else []))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def test_make_run_prints_the_warning_before_anything_else():
    # -n: what `make run` would do, without doing it.
    planned = make("-n", "run", "HOST=0.0.0.0").stdout
    assert planned.index("expose gunicorn directement") < planned.index("manage.py migrate")
