"""The project in a child process whose environment holds no DJANGO_* or DATABASE_* variable,
so settings are read as a fresh deployment reads them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def clean_environ(**env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return {**base, **env}


def run(args, *, timeout=120, **env):
    """`python ARGS` in the project directory with `env` added to a clean environment."""
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean_environ(**env), capture_output=True, text=True, timeout=timeout
    )


def run_python(code, **env):
    return run(["-c", code], **env)
