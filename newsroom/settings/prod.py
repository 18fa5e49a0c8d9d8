"""Production: DEBUG off, a real secret from the environment, HTTPS everywhere.

Refuses to start without DJANGO_SECRET_KEY, SITE_URL and DEFAULT_FROM_EMAIL: a guess for any
of them (a development key, links to localhost, mail from @localhost) would go unnoticed.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEBUG, SECRET_KEY, SILENCED_SYSTEM_CHECKS, STORAGES
from .env import env_bool, env_int, env_required, env_str

if not DEBUG:
    if not SECRET_KEY:
        SECRET_KEY = env_required("DJANGO_SECRET_KEY")
    # Every absolute link (canonical, OpenGraph, JSON-LD, feeds, the sitemap, emails) is built
    # from SITE_URL, never from the Host of a request.
    SITE_URL = env_required("SITE_URL").rstrip("/")
    _site = urlsplit(SITE_URL)
    if _site.scheme not in {"http", "https"} or SITE_URL != f"{_site.scheme}://{_site.netloc}":
        raise ImproperlyConfigured(
            f"SITE_URL must be the site's public origin, such as https://news.example.org, "
            f"not {SITE_URL!r}."
        )
    DEFAULT_FROM_EMAIL = env_required("DEFAULT_FROM_EMAIL")
    SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Hash-named, compressed static files that browsers may keep for a year (WhiteNoise).
STORAGES = {
    **STORAGES,  # the uploads: file system, or S3 when configured
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS. Behind a proxy that terminates TLS, set DJANGO_SECURE_PROXY_SSL_HEADER=true.
# DJANGO_HTTPS=false is only for trying the production stack on plain http on your own
# machine (`make serve`); `manage.py check --deploy` rightly complains about it.
HTTPS = env_bool("DJANGO_HTTPS", True)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", HTTPS)
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Asking browsers to preload HSTS is a promise that is slow to take back (every subdomain, on
# https, for months): only when DJANGO_SECURE_HSTS_PRELOAD says so.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]  # "not preloaded"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS

# Email through SMTP, configured from the environment.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 587),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", True),
            "timeout": env_int("EMAIL_TIMEOUT", 10),
        },
    }
}
