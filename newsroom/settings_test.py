"""Settings for the test suite: the benchmark settings (production's and `bench`), with fast hashing and retries."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")

from newsroom.settings_bench import *  # noqa: F403  (production settings and the `bench` app)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-pages"},
    "articles": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-articles"},
}
CACHE_MIDDLEWARE_SECONDS = 0  # tests see every change at once; tests/test_page_cache.py turns it on
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
NEWSROOM_FETCH_TIMEOUT = 3
NEWSROOM_FETCH_RETRIES = 1
NEWSROOM_EXTRACTION_TIMEOUT = 20
# Tasks run at once, in the test's thread and database transaction.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The test server listens on 127.0.0.1; tests/test_fetching_safety.py turns this off again.
NEWSROOM_ALLOW_PRIVATE_URLS = True
# Test pages name photos on hosts that do not exist: downloading is for the tests that serve their
# photos (tests/test_photos*.py turn it on, with MEDIA_ROOT in the test's temporary directory).
NEWSROOM_PHOTOS_DOWNLOAD = False
