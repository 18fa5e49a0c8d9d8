"""Settings shared by every environment. Values that differ come from the environment.

dev.py, test.py and prod.py import this module and change only what they must. It gathers
the modules beside it: the site's name, address and DEBUG (site.py), the apps, middleware
and templates (stack.py), and signing in (accounts.py).
"""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP

from .accounts import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_str
from .site import *  # noqa: F403
from .site import BASE_DIR, DEBUG, SITE_URL
from .stack import *  # noqa: F403
from .stack import INSTALLED_APPS

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# --- Database -----------------------------------------------------------------------------
# SQLite in the checkout by default; DATABASE_URL=postgres://... switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if USING_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")
    # A database that does not answer makes requests (and /healthz) fail fast, not hang.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
    )
else:
    # Let readers and the admin work at once without "database is locked" errors.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "newsroom"),
            # Bounded waits: a stalled Redis slows a request by a second, never hangs it.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # Without Redis, the site's own database: every process (gunicorn's workers, the task
    # worker, a second server on PostgreSQL) reads and writes the same cache, so an approval,
    # a rule change or a rate limit holds everywhere at once. A cache in each process's
    # memory would not (bench/README.md, "load.py", has the figures of the choice). Its
    # table comes with `manage.py migrate` (newsroom's migration 0002) or
    # `manage.py createcachetable`.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "newsroom_cache",
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "newsroom"),
            # Pages of every article and sort, the rate limits' and the rules' entries: room
            # for a busy site's working set before a third of it is culled.
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 20_000), "CULL_FREQUENCY": 3},
        }
    }
# Each process's own memory, for template fragments that are the same for everyone and
# change only with a deploy (the header's search form).
CACHES["local"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"}

# --- Live updates (comments/live.py, served by the ASGI server) ---------------------------
# Where pages open the live stream: empty for this site's own origin (a proxy sends /live/ to
# the ASGI server, see README "Deploying"), or the ASGI server's own origin
# (http://127.0.0.1:8001 with `make run` and `make serve`).
LIVE_URL = env_str("LIVE_URL", "").rstrip("/")
# The pages' origin that may read a stream served from LIVE_URL (CORS); empty otherwise.
LIVE_ALLOW_ORIGIN = SITE_URL if LIVE_URL else ""
# How changes reach the stream processes: "redis", "postgres" or "poll"; empty chooses
# Redis when REDIS_URL is set, else PostgreSQL's LISTEN/NOTIFY, else a poll of the table.
LIVE_FANOUT = env_str("LIVE_FANOUT", "")
# With "poll": how often each stream process reads the table of changes.
LIVE_POLL_SECONDS = env_int("LIVE_POLL_SECONDS", 1)
# Open streams one IP address may hold (a household or office shares one).
LIVE_STREAMS_PER_IP = env_int("LIVE_STREAMS_PER_IP", 20)
# How long one stream lasts before the browser reconnects (with the last event it had).
LIVE_STREAM_SECONDS = env_int("LIVE_STREAM_SECONDS", 15 * 60)
# No stream for an article whose last comment (or publication) is older than this.
LIVE_QUIET_DAYS = env_int("LIVE_QUIET_DAYS", 14)

# --- Whole pages for anonymous readers (newsroom/pagecache.py) ---------------------------
# How long a rendered page may be served from the shared cache; a change to what it shows
# replaces it at once. 0 turns the page cache off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# How long a CDN in front may keep an anonymous page (s-maxage); browsers always revalidate.
PAGE_CACHE_CDN_SECONDS = env_int("PAGE_CACHE_CDN_SECONDS", 5)
# Cookies that mean "this reader has a state of their own" (besides the session and flash
# messages): the guest reader cookie of comments.identity, set when a guest comments or votes,
# and the donor's cookie of donations.thanks, set by the thank-you page (thanks, not appeals).
PAGE_CACHE_PERSONAL_COOKIES = ["newsroom_reader", "newsroom_supporter"]
# --- Privacy (privacy/) ---------------------------------------------------------------------
# IP addresses of comments, votes, reports and subscriptions are kept this many days (what
# moderation needs to see patterns and ban), then forgotten by a background task.
IP_RETENTION_DAYS = env_int("IP_RETENTION_DAYS", 30)

# A post refused by newsroom.csrf: a 403 page that says why, in words a reader understands.
CSRF_FAILURE_VIEW = "newsroom.views.csrf_failure"
# security.W003 looks for Django's CsrfViewMiddleware by its name; ours is that middleware,
# extended (tests/security/test_csrf.py checks that it is installed).
SILENCED_SYSTEM_CHECKS = ["security.W003"]

# --- Email (Django 6.1 MAILERS) -----------------------------------------------------------
# Development prints email to the console; production sends through SMTP from the environment.
MAILERS = {
    "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"},
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Newsroom <newsroom@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Background tasks (django.tasks) ------------------------------------------------------
# Email is never sent inside a request: views and services enqueue tasks, which
# `manage.py db_worker` (django-tasks-db) runs from a table in the same database. `make run`
# starts one beside the development server; see the README for production and for Redis.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# --- Internationalisation -----------------------------------------------------------------
# The site's languages (README, "Languages"): English, the default, at the addresses it has
# always had; the others under their prefix (/de/, /ar/). Catalogues in locale/<code>/.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The CLDR locale (Babel) that writes each language's numbers and money (donations/money.py):
# e.g. "ar_EG" for Arabic-Indic digits in Arabic. A language not named here is its own.
NUMBER_LOCALES = {"en": "en", "de": "de", "ar": "ar"}
# The reader's choice in the language switcher, kept a year (Django's cookie name).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Texts edited in the admin per language (django-modeltranslation): a column per language
# of LANGUAGES; one left empty reads as the default language's.
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = (LANGUAGE_CODE,)
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files and uploads -------------------------------------------------------------
STATIC_URL = "static/"
# Where `collectstatic` gathers them for WhiteNoise.
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
# Whether Django itself serves MEDIA_ROOT: while developing, and for `make serve`.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads on S3-compatible object storage (django-storages), shared by every app server.
# Credentials come from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
# Where uploaded images come from when they are not ours to serve (for the CSP's img-src).
MEDIA_HOST = env_str("AWS_S3_CUSTOM_DOMAIN", "") or (
    f"{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
    if AWS_STORAGE_BUCKET_NAME and not env_str("AWS_S3_ENDPOINT_URL", "")
    else urlsplit(env_str("AWS_S3_ENDPOINT_URL", "")).netloc
)
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", None),
            "region_name": env_str("AWS_S3_REGION_NAME", None),
            "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN", None),
            "querystring_auth": False,  # lead images are public
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
# Lead images may be up to 10 MB; keep anything bigger off the request's memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Links that readers type without a scheme ("www.example.org") become https:// links, the
# default Django 7 will adopt.
URLIZE_ASSUME_HTTPS = True

# --- Forms --------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Clients ------------------------------------------------------------------------------
# The client IP is REMOTE_ADDR unless a proxy of ours sets (and overwrites) a header with it:
# e.g. DJANGO_CLIENT_IP_HEADER=HTTP_X_REAL_IP. Never trust headers a stranger can send.
CLIENT_IP_HEADER = env_str("DJANGO_CLIENT_IP_HEADER", "")

# --- Card payments (Stripe) ---------------------------------------------------------------
# The donate page takes cards through Stripe Checkout when both are set; without them it
# lists the other ways to give. The webhook secret signs the events Stripe sends to
# /donations/stripe/webhook/.
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET", "")

# --- Security defaults that hold everywhere -----------------------------------------------
# Content Security Policy: scripts and styles only from our own files (or carrying this
# response's nonce); no inline script or style. Pages from the shared page cache carry no
# nonce, and need none: every script and stylesheet is a file. Videos play in YouTube's
# privacy-enhanced player or Vimeo's, once the reader asks; a card donation goes on to
# Stripe Checkout.
VIDEO_PLAYERS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", *([f"https://{MEDIA_HOST}"] if MEDIA_HOST else [])],
    "media-src": [CSP.SELF, "https:"],
    "frame-src": VIDEO_PLAYERS,
    "connect-src": [CSP.SELF, *([LIVE_URL] if LIVE_URL else [])],
    "form-action": [CSP.SELF, "https://checkout.stripe.com"],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
# Permissions Policy (django-permissions-policy): what our pages, and frames in them, may ask
# the browser for. Nothing here uses a camera, a microphone, the location, sensors or devices;
# a card donation is a redirect to Stripe Checkout, whose own page asks for payment, so ours
# never does; no ad-interest profiling. The video players (static/js/site.js gives their
# frame `allow=...`) may go full screen, picture-in-picture, play on the reader's click and
# play protected media. Passkeys work on our own pages only.
PERMISSIONS_POLICY = {
    **dict.fromkeys(
        ["accelerometer", "browsing-topics", "camera", "clipboard-read", "display-capture",
         "geolocation", "gyroscope", "hid", "idle-detection", "interest-cohort", "local-fonts",
         "magnetometer", "microphone", "midi", "otp-credentials", "payment",
         "screen-wake-lock", "serial", "usb", "window-management", "xr-spatial-tracking"],
        (),  # nobody
    ),
    **dict.fromkeys(
        ["autoplay", "encrypted-media", "fullscreen", "picture-in-picture"],
        ("self", *VIDEO_PLAYERS),
    ),
    # Passkeys: our own pages may create and use them (sign-in, two-factor); no frame may.
    **dict.fromkeys(["publickey-credentials-create", "publickey-credentials-get"], ("self",)),
}  # fmt: skip
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # One line per event: Django's own console handler would repeat what the root prints.
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
}
