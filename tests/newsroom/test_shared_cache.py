"""Two real servers on one database: what one of them changes holds on the other at once.

The scale-out promise (README, "Deployment"): more load means more stateless app servers on
one database, and a cache that all of them share (the database cache of the embedded
default, or Redis). Each server here is gunicorn with the production settings, started as
its own process group; they share only the database (SQLite file, or a PostgreSQL database
of the test's own beside the suite's) and, when the suite runs with REDIS_URL, Redis.

Against a cache in each process's memory, each of these fails: the approval is not seen by
the other server for the page cache's five minutes, the other server keeps the old rules,
and each server counts its own comments toward the limit.
"""

import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from tests.utils import STAFF_TOTP_SECRET, totp_code

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
READER_IP = "198.51.100.7"
FLOOD_IP = "198.51.100.8"
COMMENTS_PER_MINUTE = 5

SEED = """
import json
from django.contrib.auth.models import User
from comments.models import Comment, ModerationRules
from tests.factories import ArticleFactory, CommentFactory

moderator = User.objects.create_superuser(
    "moderator", "moderator@example.org", "a long moderator password"
)
# Staff sign in with a verified address and a second factor (allauth), as in production.
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
EmailAddress.objects.create(
    user=moderator, email="moderator@example.org", verified=True, primary=True
)
TOTP.activate(moderator, "%s")
article = ArticleFactory(headline="Harbour wall repairs begin")
held = CommentFactory(
    article=article, body="A held remark about the tides.", status=Comment.Status.PENDING
)
rules = ModerationRules.current()
rules.hold = ModerationRules.Hold.NONE
rules.comments_per_minute = %d
rules.min_seconds_to_write = 0
rules.save()
print(json.dumps({"article": article.pk, "path": article.get_absolute_url(), "held": held.pk}))
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def shared_database(tmp_path_factory):
    """A database of this test's own, migrated and seeded, as a DATABASE_URL; and the
    environment every process of the test runs with."""
    workdir = tmp_path_factory.mktemp("two-servers")
    engine = settings.DATABASES["default"]["ENGINE"]
    dropper = None
    if engine == "django.db.backends.postgresql":
        given = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
        name = f"{given.path.lstrip('/')}_two_servers"
        admin = given._replace(path="/postgres").geturl()
        import psycopg

        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')

        def dropper():
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        url = given._replace(path=f"/{name}").geturl()
    else:
        url = f"sqlite:///{workdir / 'shared.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.prod",
        "DJANGO_DEBUG": "false",
        "DJANGO_HTTPS": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": url,
        "SITE_URL": "http://127.0.0.1:8000",
        "DEFAULT_FROM_EMAIL": "Newsroom <newsroom@example.org>",
        # With Redis (CI's PostgreSQL pass), keys of this test's own.
        "CACHE_KEY_PREFIX": f"two-servers-{secrets.token_hex(4)}",
    }
    manage = [str(BIN / "python"), "manage.py"]
    for command in (
        [*manage, "migrate", "--noinput", "-v0"],
        [*manage, "collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    seeded = subprocess.run(
        [*manage, "shell", "-v0", "-c", SEED % (STAFF_TOTP_SECRET, COMMENTS_PER_MINUTE)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    facts = json.loads(seeded.stdout.strip().splitlines()[-1])
    yield env, facts
    if dropper:
        dropper()
    shutil.rmtree(workdir, ignore_errors=True)


class Server:
    """gunicorn with the production settings and one worker: one process of its own."""

    def __init__(self, env):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "-c",
                "python:newsroom.gunicorn_conf",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{self.port}",
                "newsroom.wsgi",
            ],
            cwd=ROOT,
            env={**env, "SITE_URL": self.base},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/livez", timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError(f"gunicorn did not start:\n{Path(self.log.name).read_text()}")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        Path(self.log.name).unlink(missing_ok=True)


@pytest.fixture(scope="module")
def servers(shared_database):
    env, _ = shared_database
    started = []
    try:
        started.append(Server(env))
        started.append(Server(env))
        yield started
    finally:
        for server in started:
            server.stop()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A browser of one reader: its own cookies, its own address, no JavaScript."""

    def __init__(self, ip=READER_IP):
        self.ip = ip
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )

    def request(self, base, path, data=None):
        headers = {"X-Real-IP": self.ip}
        if data is not None:
            # What a browser says of a form of the same site (newsroom/csrf.py).
            headers |= {"Origin": base, "Sec-Fetch-Site": "same-origin"}
            data = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(base + path, data=data, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def get(self, base, path):
        return self.request(base, path)

    def post(self, base, path, data):
        return self.request(base, path, data)

    def csrf_token(self):
        return next(c.value for c in self.cookies if c.name == settings.CSRF_COOKIE_NAME)


class FormFields(HTMLParser):
    """The values a browser would send with the form that has a field called `marker`."""

    def __init__(self, marker):
        super().__init__()
        self.marker, self.forms, self.textarea, self.select = marker, [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({})
        elif not self.forms:
            return
        fields = self.forms[-1] if self.forms else None
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    fields[name] = attrs.get("value", "on")
            elif kind not in ("submit", "button", "file", "image"):
                fields[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self.textarea = name
            fields[name] = ""
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            fields[self.select] = attrs.get("value", "")

    def handle_data(self, data):
        if self.textarea and self.forms:
            self.forms[-1][self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def values(self, html):
        self.feed(html)
        return next(form for form in self.forms if self.marker in form)


def sign_in_to_admin(server):
    """The site's sign-in page, then the code of the moderator's authenticator app (a code
    is taken once: a second sign-in within its 30 seconds waits for the next one)."""
    moderator = Browser(ip="203.0.113.5")
    moderator.get(server.base, "/accounts/login/")
    status, _ = moderator.post(
        server.base,
        "/accounts/login/?next=/admin/",
        {
            "login": "moderator",
            "password": "a long moderator password",
            "csrfmiddlewaretoken": moderator.csrf_token(),
        },
    )
    assert status == 302, "the moderator's password was refused"
    for _ in range(2):
        status, _ = moderator.post(
            server.base,
            "/accounts/2fa/authenticate/",
            {"code": totp_code(), "csrfmiddlewaretoken": moderator.csrf_token()},
        )
        if status == 302:
            return moderator
        time.sleep(31 - time.time() % 30)
    raise AssertionError("the moderator could not sign in")


def comment(body, n):
    return {
        "name": f"Reader {n}",
        "email": f"reader{n}@example.org",
        "body": body,
        "seconds_on_page": "60",
        "homepage": "",
    }


def seen_within(seconds, check):
    deadline = time.monotonic() + seconds
    while True:
        if check():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)


def test_an_approval_on_one_server_is_public_on_the_other_at_once(servers, shared_database):
    _, facts = shared_database
    one, other = servers
    reader = Browser()
    # Both servers have the article's page in their caches, without the held comment.
    for server in (one, other):
        for _ in range(2):
            status, html = reader.get(server.base, facts["path"])
            assert status == 200
            assert "A held remark about the tides." not in html

    moderator = sign_in_to_admin(one)
    status, _ = moderator.post(
        one.base,
        f"/admin/comments/comment/{facts['held']}/approve/",
        {"csrfmiddlewaretoken": moderator.csrf_token()},
    )
    assert status == 302

    # The page cache's memory in each process is at most a second behind.
    assert seen_within(
        2.5, lambda: "A held remark about the tides." in reader.get(other.base, facts["path"])[1]
    ), "the other server still serves the page without the approved comment"


def test_a_rule_changed_on_one_server_applies_on_the_other(servers, shared_database):
    _, facts = shared_database
    one, other = servers
    post = f"/comments/article/{facts['article']}/post/"
    # The other server has read the rules: a comment there is published at once.
    status, _ = Browser().post(other.base, post, comment("Gulls again.", 1))
    assert status == 302
    assert "Gulls again." in Browser().get(other.base, facts["path"])[1]

    moderator = sign_in_to_admin(one)
    change = "/admin/comments/moderationrules/1/change/"
    status, html = moderator.get(one.base, change)
    assert status == 200
    fields = FormFields("moderation_words").values(html)
    fields["moderation_words"] = "lighthouse"
    status, _ = moderator.post(one.base, change, fields)
    assert status == 302, "the rules were not saved"

    status, _ = Browser().post(other.base, post, comment("The lighthouse keeper knew.", 2))
    assert status == 302
    for server in (one, other):
        html = Browser().get(server.base, facts["path"])[1]
        assert "Gulls again." in html
        assert "The lighthouse keeper knew." not in html, "the new word did not hold it"


def test_the_comment_rate_limit_counts_on_every_server(servers, shared_database):
    _, facts = shared_database
    post = f"/comments/article/{facts['article']}/post/"
    # The limit counts in windows of a minute: start well inside one.
    while time.time() % 60 > 45:
        time.sleep(1)
    statuses, answers = [], []
    for n in range(COMMENTS_PER_MINUTE + 2):
        server = servers[n % 2]  # one, other, one, other...
        status, html = Browser(ip=FLOOD_IP).post(
            server.base, post, comment(f"Flood number {n}.", 100 + n)
        )
        statuses.append(status)
        answers.append(html)
    assert statuses == [302] * COMMENTS_PER_MINUTE + [400, 400]
    assert "You are commenting very fast" in answers[-1]
    for server in servers:
        html = Browser().get(server.base, facts["path"])[1]
        # Counted in the threads, not again in the page's JSON-LD (its Comment items).
        threads = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
        assert threads.count("Flood number") == COMMENTS_PER_MINUTE
