"""The production settings for tests' child processes, except that static files need no manifest.

The manifest is written by `collectstatic`, which a fresh clone has not run; the admin pages
these processes render would fail on it, not on what the tests look at.
"""

from newsroom.settings import *  # noqa: F403

STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
