"""The servers load.py measures: the site's production stack under gunicorn (with the cache
`--compare-caches` asks for) and a bare Django project served the same way, the ceiling a
page from the cache is measured against. Not a script: load.py imports it."""

import json
import os
import time
import urllib.request

from stack import PYTHON, Servers, free_port, production_env, run

WORKERS = 2


# The caches `--compare-caches` tries on SQLite, each in a settings module of the benchmark's
# own (production settings with another CACHES): the site's default, a folder on the disk
# (shared by the processes of one machine only), and each worker's own memory (what the site
# had before: fast, and wrong with more than one process).
CACHE_CHOICES = {
    "database": None,
    "files": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": "{workdir}/cache",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
    "memory": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}


def settings_module(workdir, cache):
    """A settings module in workdir: production settings with this cache."""
    if CACHE_CHOICES.get(cache) is None:
        return "newsroom.settings.prod"
    name = f"bench_settings_{cache}"
    backend = json.dumps(CACHE_CHOICES[cache]).replace("{workdir}", str(workdir))
    (workdir / f"{name}.py").write_text(
        "from newsroom.settings.prod import *  # noqa\n"
        f"CACHES = {{**CACHES, 'default': {backend}}}\n"
    )
    return name


# A bare Django project, written into the work folder: one view, Django's default middleware
# (as `startproject` writes it), no database use. The ceiling for a page from the cache.
BARE_SETTINGS = """
SECRET_KEY = "bench-bare-" + "x" * 40
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "bench_bare"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "{workdir}/bare.db"}}
USE_TZ = True
"""

BARE_PROJECT = """
import os

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

os.environ["DJANGO_SETTINGS_MODULE"] = "bench_bare_settings"


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", ok)]
application = get_wsgi_application()
"""


class BareServer(Servers):
    """The bare Django project, served by gunicorn as ours is."""

    def __init__(self, workdir):
        (workdir / "bench_bare_settings.py").write_text(
            BARE_SETTINGS.replace("{workdir}", str(workdir))
        )
        (workdir / "bench_bare.py").write_text(BARE_PROJECT)
        super().__init__(workdir / "gunicorn-bare.log")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench_bare_settings",
            "PYTHONPATH": str(workdir),
        }
        self.process = self.start_gunicorn("bench_bare", port=self.port, workers=WORKERS, env=env)
        self.wait_until_up(f"{self.base}/")


def wait_until_idle(base, seconds=30):
    """Until /livez answers within 50 ms: what the case before left queued has been served
    (a cold case leaves a render for each connection behind it)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            urllib.request.urlopen(f"{base}/livez", timeout=seconds).read()
        except OSError:
            pass
        if time.monotonic() - started < 0.05:
            return
        time.sleep(0.2)


class Server(Servers):
    """Our site: production settings, DEBUG off, WhiteNoise serving the collected static
    files; its log (gunicorn.log in workdir) is read for unhandled exceptions."""

    def __init__(self, database_url, workdir, cache=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.secret = "bench-" + os.urandom(24).hex()
        self.env = production_env(
            settings=settings_module(workdir, cache),
            database_url=database_url,
            workdir=workdir,
            site_url=self.base,
            secret=self.secret,
            PYTHONPATH=str(workdir),
        )
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], self.env)
        super().__init__(workdir / "gunicorn.log")
        self.process = self.start_gunicorn(
            "newsroom.wsgi", port=self.port, workers=WORKERS, env=self.env
        )
        self.wait_until_up(f"{self.base}/livez")

    def unhandled_errors(self, workdir):
        """What Django logged as a server error (an unhandled exception in a view), and
        gunicorn's own request errors other than clients hanging up."""
        lines = (workdir / "gunicorn.log").read_text().splitlines()
        hangups = ("Broken pipe", "Connection reset", "ECONNRESET", "EPIPE")
        errors = []
        for n, line in enumerate(lines):
            if "Internal Server Error" in line or "Error handling request" in line:
                following = "\n".join(lines[n : n + 60])
                if not any(hangup in following for hangup in hangups):
                    errors.append(line)
        return errors
