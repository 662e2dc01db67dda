"""Django settings for Newsroom, read from the environment.

Development: DJANGO_DEBUG=1 and nothing else. Production: DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS and DATABASE_URL (see README, "Déploiement").
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name, default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY_FILE = Path(os.environ.get("DJANGO_SECRET_KEY_FILE", BASE_DIR / "var" / "secret_key"))


def read_secret_key():
    """DJANGO_SECRET_KEY, else the key file `make run` writes (var/secret_key, git-ignored)."""
    key = os.environ.get("DJANGO_SECRET_KEY", "").strip()
    if not key and SECRET_KEY_FILE.is_file():
        key = SECRET_KEY_FILE.read_text().strip()
    if not key and DEBUG:
        key = "django-insecure-development-only-key-never-used-in-production"  # DEBUG only
    return key


# Without a key (and without DEBUG) the site refuses to serve: newsroom/wsgi.py fails at
# start-up, and Django refuses anything that signs (sessions, CSRF). Commands that sign
# nothing, such as `ingest --dry-run --json`, still run.
SECRET_KEY = read_secret_key()
MISSING_KEY_HELP = (
    "DJANGO_SECRET_KEY is not set. Set it (production), let `make run` write var/secret_key, "
    "or set DJANGO_DEBUG=1 (development)."
)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "csp",
    # Before django_tasks_db: its `db_worker` command is articles' (articles.tasks.WorkerCommand).
    "articles",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # The reader's page cache: first in the list to store what the others made, and last
    # (FetchFromCacheMiddleware, below) to answer before the views run.
    "django.middleware.cache.UpdateCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsroom.nul.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After django-csp's, so that it adds this page's image hosts before the header is written.
    "newsroom.csp.ImageHostsMiddleware",
    "django.middleware.cache.FetchFromCacheMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite in var/ by default (one command runs it anywhere); PostgreSQL through DATABASE_URL.
# A worker keeps its connection from one request to the next, on both: on SQLite a new one each
# request (its PRAGMAs, the schema read again, statements prepared again, an empty page cache) cost
# a served search 8-12 ms at the median at 100,251 articles, a sixth of it (docs/BENCHMARKS.md,
# issue 16). Requests run in autocommit: no read stays open between two, so the next request
# reads what other processes committed since.
DEFAULT_SQLITE_PATH = BASE_DIR / "var" / "newsroom.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A server with several workers: WAL lets readers run beside the writer, and
    # IMMEDIATE transactions make concurrent writers queue (busy timeout) instead of
    # failing with "database is locked" when a read transaction tries to upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;PRAGMA busy_timeout=30000;"
            # Reads through a memory map: a search looks up thousands of article rows, each a
            # system call without it (docs/BENCHMARKS.md, « Measurements »).
            "PRAGMA mmap_size=1073741824;"
        ),
    }
    if DATABASES["default"]["NAME"] == str(DEFAULT_SQLITE_PATH):
        DEFAULT_SQLITE_PATH.parent.mkdir(exist_ok=True)

# Several app servers on one PostgreSQL may read from a streaming replica.
DATABASE_ROUTERS = []
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["newsroom.db_router.PrimaryReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (admin imports, polling a source now): queued in the database, run by
# `manage.py db_worker`, which `make run` starts beside gunicorn.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time -------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True  # stored in UTC, shown in TIME_ZONE

# --- Static files ----------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Photos (articles.photos) ------------------------------------------------------------
# Stored through the default storage: files in MEDIA_ROOT, served at MEDIA_URL (by the app itself
# unless NEWSROOM_SERVE_MEDIA=0, when nginx or the storage serves them: README, « Photos »).
# Another storage (S3 via django-storages) is set in STORAGES["default"]; its host joins img-src.
MEDIA_URL = os.environ.get("NEWSROOM_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("NEWSROOM_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
NEWSROOM_SERVE_MEDIA = env_bool("NEWSROOM_SERVE_MEDIA", True)
NEWSROOM_PHOTOS_DOWNLOAD = env_bool("NEWSROOM_PHOTOS_DOWNLOAD", True)
NEWSROOM_PHOTO_WORKERS = int(os.environ.get("NEWSROOM_PHOTO_WORKERS", "4"))
NEWSROOM_PHOTO_MAX_PIXELS = int(os.environ.get("NEWSROOM_PHOTO_MAX_PIXELS", str(40_000_000)))
# Photos under these URL prefixes are read from these directories instead of fetched: the demo's own.
NEWSROOM_PHOTO_DIRECTORIES = {"https://www.quotidien-demo.example/photos/": BASE_DIR / "articles" / "demo" / "photos"}

# --- Security ----------------------------------------------------------------------------
# Content-Security-Policy: the site itself, and the image hosts of the photos on each page
# (newsroom/csp.py adds them); no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Admin login throttling (newsroom/throttling.py), counted in the shared database cache.
AUTHENTICATION_BACKENDS = ["newsroom.throttling.ThrottledModelBackend"]
NEWSROOM_LOGIN_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_FAILURE_LIMIT", "5"))
NEWSROOM_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("NEWSROOM_LOGIN_LOCKOUT_SECONDS", "900"))
# The proxies in front (addresses or networks): a request from one of them is counted against the
# client that X-Forwarded-For names. Empty: REMOTE_ADDR is the client (gunicorn serving directly).
# A typo fails at start-up (ValueError), not at the first login.
NEWSROOM_TRUSTED_PROXIES = [
    str(ipaddress.ip_network(item, strict=False)) for item in env_list("NEWSROOM_TRUSTED_PROXIES", "")
]
# One cache for every app server: a table in the database, created by `migrate` (articles/apps.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "newsroom_cache"},
    # Rendered reader pages, in each worker's memory: a page is the same for every reader, and
    # news a few seconds old is still news. Admin pages and /healthz are never cached.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "newsroom-pages",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
    # Rendered article pages (articles/pagecache.py), shared by the workers of one app server:
    # each article is rendered once per interval, not once per worker, and a worker recycled
    # by gunicorn (max_requests) finds them still there. Keys name the article's version, so an
    # edit shows at once on every server; another app server keeps its own directory.
    "articles": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("NEWSROOM_ARTICLE_CACHE_DIR", str(BASE_DIR / "var" / "cache" / "articles")),
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
CACHE_MIDDLEWARE_ALIAS = "pages"
CACHE_MIDDLEWARE_KEY_PREFIX = "pages"
CACHE_MIDDLEWARE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", "30"))

# A search ranks, counts and facets its newest matches only, at most this many (articles.search),
# and, when more matched, this many articles whose titles match best, however old.
NEWSROOM_SEARCH_WINDOW = int(os.environ.get("NEWSROOM_SEARCH_WINDOW", "1000"))
NEWSROOM_SEARCH_TITLES = int(os.environ.get("NEWSROOM_SEARCH_TITLES", "20"))

# --- Security when served over HTTPS -----------------------------------------------------
if env_bool("DJANGO_HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# --- Newsroom ----------------------------------------------------------------------------
# Fetching: the server fetches URLs that people type, so every limit is explicit.
NEWSROOM_USER_AGENT = os.environ.get(
    "NEWSROOM_USER_AGENT", "Newsroom/1.0 (self-hosted news reader; +https://github.com/newsroom)"
)
NEWSROOM_FETCH_TIMEOUT = float(os.environ.get("NEWSROOM_FETCH_TIMEOUT", "15"))
NEWSROOM_MAX_RESPONSE_BYTES = int(os.environ.get("NEWSROOM_MAX_RESPONSE_BYTES", str(10 * 1024 * 1024)))
NEWSROOM_MAX_REDIRECTS = 5
NEWSROOM_FETCH_RETRIES = int(os.environ.get("NEWSROOM_FETCH_RETRIES", "2"))
# One feed or sitemap gives at most this many entries (the newest), and one poll of a followed
# source imports at most NEWSROOM_POLL_MAX_ARTICLES new articles (the rest at the next poll).
NEWSROOM_MAX_FEED_ENTRIES = int(os.environ.get("NEWSROOM_MAX_FEED_ENTRIES", "500"))
NEWSROOM_POLL_MAX_ARTICLES = int(os.environ.get("NEWSROOM_POLL_MAX_ARTICLES", "100"))
# Off: URLs whose host is loopback, private, link-local (cloud metadata), multicast or otherwise
# not a public address are refused, on every redirect and on the address connected to. Turn on
# only for an intranet whose news sites are on private addresses.
NEWSROOM_ALLOW_PRIVATE_URLS = env_bool("NEWSROOM_ALLOW_PRIVATE_URLS")
# An import job's worker renews its lease this often; a job not renewed for NEWSROOM_IMPORT_LEASE_SECONDS
# lost its worker (articles/pipeline/leases.py) and can be resumed from the admin.
NEWSROOM_IMPORT_HEARTBEAT_SECONDS = float(os.environ.get("NEWSROOM_IMPORT_HEARTBEAT_SECONDS", "10"))
NEWSROOM_IMPORT_LEASE_SECONDS = float(os.environ.get("NEWSROOM_IMPORT_LEASE_SECONDS", "60"))
# An admin import is split into chunks of this many URLs or files, one task each, so several
# workers share it; a chunk whose worker died this many times fails its job instead of going back
# to the queue.
NEWSROOM_IMPORT_CHUNK_SIZE = int(os.environ.get("NEWSROOM_IMPORT_CHUNK_SIZE", "25"))
NEWSROOM_IMPORT_CHUNK_ATTEMPTS = int(os.environ.get("NEWSROOM_IMPORT_CHUNK_ATTEMPTS", "3"))
# Extraction runs in long-lived worker processes (articles/extraction/pool.py): a page is stopped
# inside its worker after NEWSROOM_EXTRACTION_TIMEOUT seconds, and a worker still busy
# NEWSROOM_EXTRACTION_GRACE seconds later is killed and replaced. A worker is replaced after
# NEWSROOM_EXTRACTION_WORKER_PAGES pages, or once it grew by NEWSROOM_EXTRACTION_WORKER_GROWTH_MB.
NEWSROOM_EXTRACTION_TIMEOUT = float(os.environ.get("NEWSROOM_EXTRACTION_TIMEOUT", "60"))
NEWSROOM_EXTRACTION_GRACE = float(os.environ.get("NEWSROOM_EXTRACTION_GRACE", "10"))
NEWSROOM_EXTRACTION_WORKER_PAGES = int(os.environ.get("NEWSROOM_EXTRACTION_WORKER_PAGES", "500"))
NEWSROOM_EXTRACTION_WORKER_GROWTH_MB = float(os.environ.get("NEWSROOM_EXTRACTION_WORKER_GROWTH_MB", "200"))
# Ingestion writes up to NEWSROOM_INGEST_BATCH articles a transaction, and does not hold an
# article back more than NEWSROOM_INGEST_BATCH_SECONDS waiting for the batch to fill.
NEWSROOM_INGEST_BATCH = int(os.environ.get("NEWSROOM_INGEST_BATCH", "50"))
NEWSROOM_INGEST_BATCH_SECONDS = float(os.environ.get("NEWSROOM_INGEST_BATCH_SECONDS", "1"))
# Ingestion fetches this many pages at once, at most NEWSROOM_FETCH_PER_HOST of them on one site.
NEWSROOM_FETCH_CONCURRENCY = int(os.environ.get("NEWSROOM_FETCH_CONCURRENCY", "8"))
NEWSROOM_FETCH_PER_HOST = int(os.environ.get("NEWSROOM_FETCH_PER_HOST", "2"))
