"""Settings for benchmarks: production's, plus the development-only `bench` app and its commands.

Run those as `manage.py bench_pages --settings=newsroom.settings_bench` (docs/BENCHMARKS.md).
"""

from newsroom.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
