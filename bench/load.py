"""Requests per second of the production stack, driven over loopback.

Run from the checkout (it takes about two minutes):

    .venv/bin/python bench/load.py                         # SQLite, cache in each worker
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom REDIS_URL=redis://127.0.0.1:6379/2 \\
        .venv/bin/python bench/load.py                     # PostgreSQL and Redis
    .venv/bin/python bench/load.py --json                  # the figures as JSON only

What it does, and undoes:

1. Makes a database of its own: a SQLite file in a temporary folder, or `<name>_load` next to
   the PostgreSQL database DATABASE_URL names (dropped and made again; yours is not
   touched). Migrates it, loads the demo content, and gives the Route 7 article 1,000
   approved comments in threads up to five levels deep, with votes (bench/comments.py's
   seeding). With REDIS_URL, a Redis database of its own is emptied first.
2. Starts the production stack on 127.0.0.1: gunicorn with 2 sync workers and the project's
   gunicorn config (access log on, to /dev/null), production settings with DEBUG off and
   WhiteNoise serving the collected static files. The client address comes from X-Real-IP
   (DJANGO_CLIENT_IP_HEADER), so the load generator can be many readers.
3. Drives it with wrk (Debian's package; installed with apt-get if missing) for 10 seconds
   a case, 16 connections, asking for compressed answers as browsers do, and prints
   requests per second, median and 99th-percentile latency, errors (non-2xx/3xx answers and
   socket errors) and the ratios to the bare Django view and to the minimal view:
   - bare-django: a bare Django project beside ours (one view answering "ok", Django's
     default middleware of `startproject`, no database use), served by a second gunicorn
     with the same config and workers: the ceiling the page cache is measured against;
   - minimal: /livez, our view that answers "ok" through our whole middleware stack;
   - healthz: /healthz, which asks the database and the cache;
   - home: the home page, as anonymous readers get it (the shared page cache);
   - article-100-warm, article-1000-warm: an article with 100 and the one with 1,000
     comments, from the shared page cache (readers without cookies: answered before the
     middleware stack, newsroom/early_hits.py);
   - article-1000-cold: the article with 1,000 comments rendered for every request (an
     unknown query parameter, different each time, keeps it out of the page cache);
   - mixed: 95% reads (the article, the home page) and 5% writes (comments posted, votes),
     each write making the article's cached page stale.
4. On PostgreSQL, a vote burst: 50 voters in parallel, each voting up 40 comments (2,000
   votes through HTTP), then checks every counter against the vote rows.
5. Stops gunicorn and removes what it made (the PostgreSQL database stays for inspection
   until the next run).

The warm cases run before the cold one, and every case waits until the server has
finished what the one before left queued (a cold case leaves up to 16 renders behind it).

Exit status 1 when a target of the serving issue is missed: warm articles (100 and 1,000
comments) and the home page at least 70% of the bare Django view in the same run, the cold
article page at least 3% of the minimal view, no errors in the mixed load and the vote
burst, exact counts after the burst.
"""

import argparse
import importlib.util
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PYTHON = REPO_ROOT / ".venv" / "bin" / "python"
GUNICORN = REPO_ROOT / ".venv" / "bin" / "gunicorn"
DURATION = 10
CONNECTIONS = 16
BROWSER_ACCEPT_ENCODING = "gzip, deflate, br, zstd"
WORKERS = 2
COMMENTS = 1000
BURST_VOTERS, BURST_COMMENTS = 50, 40
ARTICLE_SLUG = "route-7-evening-buses-cut"
# A second article of the demo content, given 100 comments: a warm hit must not depend on
# the size of the discussion.
SMALL_ARTICLE_SLUG, SMALL_COMMENTS = "tree-cover-heat-map", 100
# A CSRF secret of the right form, for the malformed requests (a wrong token). The readers'
# posts need none: they say where they come from, as browsers do (newsroom/csrf.py).
CSRF_SECRET = "benchcsrfsecret0123456789abcdefg"
# Ratios to the bare Django view (warm pages) and to our minimal view (the cold page).
TARGETS_TO_BARE = {"article-100-warm": 0.70, "article-1000-warm": 0.70, "home": 0.70}
TARGETS = {"article-1000-cold": 0.03}


def say(*args):
    if not ARGS.json:
        print(*args, flush=True)


# --- The database and its content ------------------------------------------------------------


def prepare_database(workdir):
    """A DATABASE_URL of the benchmark's own, migrated and seeded."""
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql://")):
        parts = urllib.parse.urlsplit(given)
        name = parts.path.lstrip("/") + "_load"
        admin = parts._replace(path="/postgres").geturl()
        import psycopg

        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        url = parts._replace(path=f"/{name}").geturl()
    else:
        url = f"sqlite:///{workdir / 'load.sqlite3'}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev",
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
    }
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "load_demo"], env)
    run([PYTHON, __file__, "--seed"], env)
    return url


def seed():
    """(In a child process, with DATABASE_URL set.) 1,000 comments on the Route 7 article,
    and rules that let the benchmark's many readers post without waiting."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.dev"
    sys.path.insert(0, str(REPO_ROOT))
    import django

    django.setup()
    from django.utils import timezone

    from articles.models import Article
    from comments.models import ModerationRules

    spec = importlib.util.spec_from_file_location(
        "bench_comments", Path(__file__).parent / "comments.py"
    )
    bench_comments = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_comments)
    article = Article.objects.get(slug=ARTICLE_SLUG)
    now = timezone.now()
    bench_comments.seed_comments(article, COMMENTS, now)
    small = Article.objects.get(slug=SMALL_ARTICLE_SLUG)
    bench_comments.seed_comments(small, SMALL_COMMENTS, now, clear=False)
    rules = ModerationRules.current()
    rules.min_seconds_to_write = 0
    # The benchmark's readers are scripts at full speed: no rate limits for them.
    rules.comments_per_minute = 0
    rules.votes_per_minute = 0
    rules.save()


def run(command, env):
    result = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(map(str, command))} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


# --- The server ------------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


class BareServer:
    """The bare Django project, served by gunicorn as ours is."""

    def __init__(self, workdir):
        (workdir / "bench_bare_settings.py").write_text(
            BARE_SETTINGS.replace("{workdir}", str(workdir))
        )
        (workdir / "bench_bare.py").write_text(BARE_PROJECT)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench_bare_settings",
            "PYTHONPATH": str(workdir),
        }
        self.log = open(workdir / "gunicorn-bare.log", "w")
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "-c",
                "python:newsroom.gunicorn_conf",
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--access-logfile",
                "/dev/null",
                "bench_bare",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until_up(self, f"{self.base}/", workdir / "gunicorn-bare.log")

    def stop(self):
        stop_process(self.process)
        self.log.close()


def wait_until_up(server, url, log):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(url, timeout=1).status == 200:
                return
        except OSError:
            time.sleep(0.2)
    server.stop()
    sys.exit(f"gunicorn did not start; see {log}")


def stop_process(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


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


class Server:
    def __init__(self, database_url, workdir, cache=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.secret = "bench-" + os.urandom(24).hex()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings_module(workdir, cache),
            "PYTHONPATH": str(workdir),
            "DJANGO_DEBUG": "false",
            "DJANGO_HTTPS": "false",
            "DJANGO_SECRET_KEY": self.secret,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": database_url,
            "DJANGO_MEDIA_ROOT": str(workdir / "media"),
            "SITE_URL": self.base,
            "DEFAULT_FROM_EMAIL": "Newsroom <newsroom@example.org>",
        }
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], self.env)
        self.log = open(workdir / "gunicorn.log", "w")
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "-c",
                "python:newsroom.gunicorn_conf",
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--access-logfile",
                "/dev/null",
                "newsroom.wsgi",
            ],
            cwd=REPO_ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until_up(self, f"{self.base}/livez", workdir / "gunicorn.log")

    def stop(self):
        stop_process(self.process)
        self.log.close()

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


# --- The load generator ----------------------------------------------------------------------


def ensure_wrk():
    if shutil.which("wrk"):
        return
    say("wrk is missing: installing Debian's package")
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, capture_output=True)


def wrk(url, script=None):
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", "--timeout", "5s"]
    # As every browser asks: the cached pages go out compressed (the bare view's "ok" is too
    # small for GZipMiddleware either way).
    command += ["-H", f"Accept-Encoding: {BROWSER_ACCEPT_ENCODING}"]
    if script:
        command += ["-s", str(script)]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        # Reads that fail as gunicorn closes a connection are not errors of the site.
        errors += int(socket_errors.group(1)) + int(socket_errors.group(4))
    return {
        "rps": rps,
        "requests": requests,
        "p50_ms": latency(out, "50%"),
        "p99_ms": latency(out, "99%"),
        "errors": errors,
    }


def latency(out, percentile):
    match = re.search(rf"^\s+{re.escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    value, unit = float(match.group(1)), match.group(2)
    return round(value * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)


COLD_SCRIPT = """
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "{path}?r=" .. n)
end
"""

MIXED_SCRIPT = """
-- 95% reads, 5% writes: comment posts and votes from many readers (X-Real-IP).
math.randomseed(os.time())
local comments = {{{comment_ids}}}
local n = 0
local form_headers = {{
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Origin"] = "{base}",
  ["Sec-Fetch-Site"] = "same-origin",
}}
request = function()
  n = n + 1
  local r = math.random()
  local ip = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "."
    .. math.random(1, 254)
  form_headers["X-Real-IP"] = ip
  if r < 0.025 then
    local body = "name=Load+Reader&email=reader" .. n .. "%40example.org&seconds_on_page=60"
      .. "&body=Comment+number+" .. n .. "+" .. math.random(1, 1e9)
    return wrk.format("POST", "/comments/article/{article_id}/post/", form_headers, body)
  elseif r < 0.05 then
    local id = comments[math.random(#comments)]
    local body = "value=" .. (math.random() < 0.8 and "up" or "down")
    return wrk.format("POST", "/comments/" .. id .. "/vote/", form_headers, body)
  elseif r < 0.80 then
    return wrk.format("GET", "{path}", {{["X-Real-IP"] = ip}})
  else
    return wrk.format("GET", "/", {{["X-Real-IP"] = ip}})
  end
end
"""


def article_facts(database_url):
    """(In a child process.) The article's id and path, and the ids of its comments."""
    env = {**os.environ, "DATABASE_URL": database_url}
    return json.loads(run([PYTHON, __file__, "--facts"], env))


def facts():
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.dev"
    sys.path.insert(0, str(REPO_ROOT))
    import django

    django.setup()
    from articles.models import Article
    from comments.models import Comment

    article = Article.objects.get(slug=ARTICLE_SLUG)
    ids = list(Comment.objects.approved().filter(article=article).values_list("pk", flat=True))
    small = Article.objects.get(slug=SMALL_ARTICLE_SLUG).get_absolute_url()
    print(
        json.dumps(
            {"id": article.pk, "path": article.get_absolute_url(), "comments": ids, "small": small}
        )
    )


# --- Malformed requests during the mixed load ---------------------------------------------


class Malformed(threading.Thread):
    """Bad requests sent beside the mixed load: each must get a 4xx, none may break anything."""

    def __init__(self, server, article):
        super().__init__(daemon=True)
        self.base, self.article = server.base, article
        self.stop_event = threading.Event()
        self.statuses = []

    def requests(self):
        comment = self.article["comments"][0]
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        ours = {**form, "Origin": self.base, "Sec-Fetch-Site": "same-origin"}
        return [
            # Saying nothing of where it comes from: without a token, with a wrong one; and
            # another site's post.
            ("POST", f"/comments/{comment}/vote/", b"value=up", form),
            (
                "POST",
                f"/comments/{comment}/vote/",
                b"value=up&csrfmiddlewaretoken=" + b"x" * 32,
                {**form, "Cookie": f"csrftoken={CSRF_SECRET}"},
            ),
            (
                "POST",
                f"/comments/{comment}/vote/",
                b"value=up",
                {**form, "Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
            ),
            # A body far over the limit.
            (
                "POST",
                f"/comments/article/{self.article['id']}/post/",
                b"body=" + b"a" * 3_000_000,
                ours,
            ),
            # Ids that are not there, too large for the database, not numbers.
            (
                "POST",
                "/comments/987654321/vote/",
                b"value=up",
                ours,
            ),
            ("GET", "/comments/99999999999999999999/", None, {}),
            ("GET", "/comments/abc/reply/", None, {}),
            ("GET", "/?page=%27%3B--", None, {}),
            ("GET", "/articles/no-such-article/", None, {}),
            ("GET", "/comments/1/vote/", None, {}),  # a GET where only POST is allowed
        ]

    def run(self):
        cases = self.requests()
        n = 0
        while not self.stop_event.is_set():
            method, path, body, headers = cases[n % len(cases)]
            n += 1
            request = urllib.request.Request(
                self.base + path, data=body, headers=headers, method=method
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    self.statuses.append(response.status)
            except urllib.error.HTTPError as error:
                self.statuses.append(error.code)
            except OSError:
                self.statuses.append(0)  # the connection itself failed
            time.sleep(0.02)

    def stop(self):
        self.stop_event.set()
        self.join()
        return {
            "requests": len(self.statuses),
            "all_4xx": all(400 <= status < 500 for status in self.statuses),
            "statuses": sorted(set(self.statuses)),
        }


# --- The vote burst --------------------------------------------------------------------------


def vote_burst(server, comment_ids, database_url):
    """BURST_VOTERS readers in parallel, each voting up BURST_COMMENTS comments."""
    targets = comment_ids[:BURST_COMMENTS]
    errors = []
    barrier = threading.Barrier(BURST_VOTERS)

    def voter(n):
        ip = f"172.16.{n // 200}.{n % 200 + 1}"
        barrier.wait()
        for comment_id in targets:
            request = urllib.request.Request(
                f"{server.base}/comments/{comment_id}/vote/",
                data=b"value=up",
                headers={
                    "Origin": server.base,
                    "Sec-Fetch-Site": "same-origin",
                    "X-Real-IP": ip,
                    "HX-Request": "true",  # answered with the fragment, no redirect to follow
                },
                method="POST",
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    # A refused vote is answered with the fragment and its message.
                    if response.status != 200 or b"vote__error" in response.read():
                        errors.append(response.status)
            except urllib.error.HTTPError as error:
                errors.append(error.code)
            except OSError as error:
                errors.append(str(error))

    started = time.monotonic()
    threads = [threading.Thread(target=voter, args=(n,)) for n in range(BURST_VOTERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    counts = json.loads(
        run(
            [PYTHON, __file__, "--count-votes", ",".join(map(str, targets))],
            {**os.environ, "DATABASE_URL": database_url},
        )
    )
    return {
        "votes": BURST_VOTERS * len(targets),
        "seconds": round(seconds, 2),
        "votes_per_second": round(BURST_VOTERS * len(targets) / seconds, 1),
        "errors": len(errors),
        "exact": counts["exact"],
        "checked": counts["checked"],
    }


def count_votes(ids):
    """(In a child process.) Whether every counter equals its vote rows (and the seeded count
    plus the burst's voters)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.dev"
    sys.path.insert(0, str(REPO_ROOT))
    import django

    django.setup()
    from django.db.models import Count, Q

    from comments.models import Comment, Vote

    rows = Comment.objects.filter(pk__in=ids).annotate(
        up=Count("votes", filter=Q(votes__value=Vote.UP)),
        down=Count("votes", filter=Q(votes__value=Vote.DOWN)),
        burst=Count(
            "votes",
            filter=Q(votes__voter_key__startswith="b", votes__ip_address__startswith="172.16."),
        ),
    )
    exact = all(
        c.upvotes == c.up
        and c.downvotes == c.down
        and c.score == c.up - c.down
        and c.burst == BURST_VOTERS
        for c in rows
    )
    print(json.dumps({"exact": exact, "checked": len(rows)}))


# --- The cache without Redis ---------------------------------------------------------------

COMPARED_CASES = ("minimal", "home", "article-1000-cold", "article-1000-warm", "mixed")


def case_script(workdir, article, base, kind):
    if kind == "cold":
        script = workdir / "cold.lua"
        script.write_text(COLD_SCRIPT.format(path=article["path"]))
        return script
    if kind == "mixed":
        script = workdir / "mixed.lua"
        script.write_text(
            MIXED_SCRIPT.format(
                comment_ids=",".join(map(str, article["comments"][:500])),
                base=base,
                path=article["path"],
                article_id=article["id"],
            )
        )
        return script
    return None


def compare_caches(workdir, database_url, article):
    """The same cases on the same SQLite database, with each cache of CACHE_CHOICES in turn,
    one server after the other: what sharing the cache between processes costs."""
    header = (
        f"{'cache':<10}{'case':<19}{'rps':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'ratio':>8}"
    )
    say()
    say(header)
    say("-" * len(header))
    rows = []
    for cache in CACHE_CHOICES:
        server = Server(database_url, workdir, cache=cache)
        try:
            paths = {
                "minimal": ("/livez", None),
                "home": ("/", None),
                "article-1000-cold": (article["path"], "cold"),
                "article-1000-warm": (article["path"], None),
                "mixed": ("", "mixed"),
            }
            minimal_rps = None
            for name in COMPARED_CASES:
                path, kind = paths[name]
                script = case_script(workdir, article, server.base, kind)
                if script is None:
                    urllib.request.urlopen(server.base + path, timeout=10).read()
                figures = wrk(server.base + path, script)
                minimal_rps = minimal_rps or figures["rps"]
                row = {
                    "cache": cache,
                    "case": name,
                    "rps": round(figures["rps"], 1),
                    "p50_ms": figures["p50_ms"],
                    "p99_ms": figures["p99_ms"],
                    "errors": figures["errors"],
                    "ratio_to_minimal": round(figures["rps"] / minimal_rps, 4),
                }
                rows.append(row)
                say(
                    f"{cache:<10}{name:<19}{row['rps']:>9.1f}{row['p50_ms']:>9.2f}"
                    f"{row['p99_ms']:>9.2f}{row['errors']:>8}{row['ratio_to_minimal']:>7.1%}"
                )
        finally:
            server.stop()
    say()
    by = {(row["cache"], row["case"]): row for row in rows}
    for name in COMPARED_CASES[1:]:
        database, memory = by[("database", name)]["rps"], by[("memory", name)]["rps"]
        files = by[("files", name)]["rps"]
        say(
            f"{name}: the database cache gives {database / memory:.0%} of each worker's own "
            f"memory, the files cache {files / memory:.0%}"
        )
    if ARGS.json:
        print(json.dumps(rows, indent=2))
    return 0


# --- Putting it together ---------------------------------------------------------------------


def main():
    ensure_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-load-"))
    redis_url = os.environ.get("REDIS_URL", "")
    if redis_url:
        run(
            [PYTHON, "-c", f"import redis; redis.Redis.from_url({redis_url!r}).flushdb()"],
            os.environ,
        )
    database_label = (
        "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    )
    cache_label = "Redis" if redis_url else "the database (newsroom_cache)"
    say(f"Database: {database_label}; cache: {cache_label}")
    say(
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs; gunicorn {WORKERS} sync "
        f"workers; wrk 1 thread, {CONNECTIONS} connections, {DURATION} s a case"
    )
    say("Seeding (demo content, 1,000 comments on one article)...")
    database_url = prepare_database(workdir)
    if ARGS.compare_caches:
        if redis_url or database_label != "SQLite":
            sys.exit("--compare-caches is for the embedded default: SQLite without REDIS_URL")
        try:
            return compare_caches(workdir, database_url, article_facts(database_url))
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    server = Server(database_url, workdir)
    bare = BareServer(workdir)
    article = article_facts(database_url)
    rows, burst, malformed = [], None, None
    try:
        cases = [
            ("bare-django", f"{bare.base}/", None),
            ("minimal", f"{server.base}/livez", None),
            ("healthz", f"{server.base}/healthz", None),
            ("home", f"{server.base}/", None),
            ("article-100-warm", f"{server.base}{article['small']}", None),
            ("article-1000-warm", f"{server.base}{article['path']}", None),
            ("article-1000-cold", f"{server.base}{article['path']}", "cold"),
            ("mixed", server.base, "mixed"),
        ]
        say()
        header = (
            f"{'case':<19}{'rps':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
            f"{'÷bare':>8}{'÷minimal':>10}"
        )
        say(header)
        say("-" * len(header))
        if ARGS.cases:
            wanted = {"bare-django", "minimal", *ARGS.cases.split(",")}
            cases = [case for case in cases if case[0] in wanted]
        minimal_rps = bare_rps = None
        for name, url, kind in cases:
            wait_until_idle(server.base)
            script = case_script(workdir, article, server.base, kind)
            if script is None:
                urllib.request.urlopen(url, timeout=10).read()  # a warm cache for warm cases
            malformed_thread = Malformed(server, article) if kind == "mixed" else None
            if malformed_thread:
                malformed_thread.start()
            figures = wrk(url, script)
            if malformed_thread:
                malformed = malformed_thread.stop()
            if name == "bare-django":
                bare_rps = figures["rps"]
            if name == "minimal":
                minimal_rps = figures["rps"]
            row = {
                "case": name,
                "rps": round(figures["rps"], 1),
                "p50_ms": figures["p50_ms"],
                "p99_ms": figures["p99_ms"],
                "errors": figures["errors"],
                "ratio_to_bare": round(figures["rps"] / bare_rps, 4),
                "ratio_to_minimal": round(figures["rps"] / minimal_rps, 4)
                if minimal_rps
                else None,
            }
            rows.append(row)
            to_minimal = f"{row['ratio_to_minimal']:>9.1%}" if minimal_rps else f"{'':>9}"
            say(
                f"{name:<19}{row['rps']:>9.1f}{row['p50_ms']:>9.2f}{row['p99_ms']:>9.2f}"
                f"{row['errors']:>8}{row['ratio_to_bare']:>7.1%}{to_minimal}"
            )
        ratios = {row["case"]: [row["ratio_to_bare"]] for row in rows}
        ceiling_cases = [case for case in cases if case[0] in ("bare-django", *TARGETS_TO_BARE)]
        for round_number in range(2, ARGS.rounds + 1):
            measured = {}
            for name, url, _kind in ceiling_cases:
                wait_until_idle(server.base)
                measured[name] = wrk(url)["rps"]
            for name, rps in measured.items():
                ratios[name].append(round(rps / measured["bare-django"], 4))
            say(
                f"round {round_number}: bare-django {measured['bare-django']:.1f} rps; "
                + ", ".join(
                    f"{name} {rps / measured['bare-django']:.1%}"
                    for name, rps in measured.items()
                    if name != "bare-django"
                )
            )
        for row in rows:
            row["ratio_to_bare_median"] = statistics.median(ratios[row["case"]])
        if malformed is not None:
            say(
                f"\nMalformed requests during the mixed load: {malformed['requests']}, "
                f"answered {', '.join(map(str, malformed['statuses']))}"
            )
        if database_label == "PostgreSQL" and (not ARGS.cases or "burst" in ARGS.cases):
            say("\nVote burst: 50 voters in parallel, 40 comments each...")
            burst = vote_burst(server, article["comments"], database_url)
            say(
                f"{burst['votes']:,} votes in {burst['seconds']} s ({burst['votes_per_second']} "
                f"a second), {burst['errors']} errors; counters exact on "
                f"{burst['checked']} comments: {'yes' if burst['exact'] else 'NO'}"
            )
        tracebacks = server.unhandled_errors(workdir)
        for line in tracebacks[:5]:
            say(f"  server error: {line.strip()}")
    finally:
        server.stop()
        bare.stop()
    shutil.rmtree(workdir, ignore_errors=True)

    checks = []
    by_case = {row["case"]: row for row in rows}
    rounds = f" (median of {ARGS.rounds} rounds)" if ARGS.rounds > 1 else ""
    for case, target in TARGETS_TO_BARE.items():
        if case not in by_case:
            continue
        ratio = by_case[case]["ratio_to_bare_median"]
        checks.append(
            (
                ratio >= target,
                f"{case}: {ratio:.1%} of the bare Django view{rounds} (at least {target:.0%})",
            )
        )
    for case, target in TARGETS.items():
        if case not in by_case:
            continue
        ratio = by_case[case]["ratio_to_minimal"]
        checks.append(
            (ratio >= target, f"{case}: {ratio:.1%} of the minimal view (at least {target:.0%})")
        )
    if "mixed" in by_case:
        checks.append(
            (by_case["mixed"]["errors"] == 0, f"mixed: {by_case['mixed']['errors']} errors (none)")
        )
        checks.append(
            (
                malformed["all_4xx"],
                f"malformed requests under load: answered {malformed['statuses']} (all 4xx)",
            )
        )
    checks.append(
        (not tracebacks, f"unhandled exceptions in the server's log: {len(tracebacks)} (none)")
    )
    if burst is not None:
        checks.append(
            (burst["errors"] == 0 and burst["exact"], "vote burst: no errors, exact counts")
        )
    say()
    for passed, text in checks:
        say(f"{'PASS' if passed else 'FAIL'}  {text}")
    if ARGS.json:
        print(json.dumps(rows, indent=2))
    return 0 if all(passed for passed, _ in checks) else 1


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print only the figures, as JSON")
    parser.add_argument(
        "--cases",
        help="run only these cases, comma-separated (the minimal view always runs: the "
        "ratios need it)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="measure the bare view and the warm pages this many times, one after the other, "
        "and judge their median ratio (a busy machine's noise)",
    )
    parser.add_argument(
        "--compare-caches",
        action="store_true",
        help="SQLite without Redis: the same cases with the database cache (the default), "
        "a files cache and each worker's own memory, one after the other",
    )
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--facts", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--count-votes", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    ARGS = parse_args()
    if ARGS.seed:
        seed()
    elif ARGS.facts:
        facts()
    elif ARGS.count_votes:
        count_votes([int(pk) for pk in ARGS.count_votes.split(",")])
    else:
        sys.exit(main())
