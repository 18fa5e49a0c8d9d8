"""What the comment tests share: a clean cache, the rules row, browsers and form posts."""

import itertools
import time
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client

import newsroom.client
from comments.identity import COOKIE_NAME
from comments.models import ModerationRules
from tests.factories import form_started, reader_cookie

# Documentation addresses (RFC 5737), one per browser so that per-IP rules keep apart.
_addresses = (f"198.51.100.{n}" for n in itertools.cycle(range(1, 255)))


@pytest.fixture(autouse=True)
def clean_cache():
    """Rate limits and the cached moderation rules live in the cache: none leaks between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def rate_clock(monkeypatch):
    """The clock the rate limiter reads, in the middle of a minute and moved only on purpose.

    The limiter counts comments in fixed one-minute windows; without this a test that posts
    six comments could straddle two windows now and then.
    """
    clock = SimpleNamespace(now=(time.time() // 60) * 60 + 30)
    clock.advance = lambda seconds: setattr(clock, "now", clock.now + seconds)
    monkeypatch.setattr(newsroom.client, "time", SimpleNamespace(time=lambda: clock.now))
    return clock


@pytest.fixture
def set_rules(db):
    """Change the moderation rules row as a moderator would (validated, then saved)."""

    def change(**values):
        rules = ModerationRules.objects.get(pk=1)
        for name, value in values.items():
            setattr(rules, name, value)
        rules.full_clean()
        rules.save()
        return rules

    return change


@pytest.fixture
def browser(db):
    """A new browser: its own cookie jar and, unless told, its own IP address.

    `key=` gives it the reader cookie of an earlier visit (the browser that wrote a comment
    made with CommentFactory(browser_key=key)); `user=` signs it in.
    """

    def make(*, ip=None, key=None, user=None, **defaults):
        client = Client(REMOTE_ADDR=ip or next(_addresses), **defaults)
        if key:
            client.cookies[COOKIE_NAME] = reader_cookie(key)
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def post_comment():
    """Post the comment form of an article the way a browser does (plain form post).

    A guest gives a name and an email; they are ignored for a signed-in reader. The form is
    taken to have been open for a minute unless `seconds_ago` says otherwise.
    """

    def post(client, article, body="The harbour wall needs repair.", **fields):
        parent = fields.pop("parent", None)
        seconds_ago = fields.pop("seconds_ago", 60)
        data = {
            "name": "Ana Lima",
            "email": "ana@example.org",
            "body": body,
            "started": form_started(article, seconds_ago=seconds_ago),
            "homepage": "",
            **fields,
        }
        if parent is not None:
            data["parent"] = getattr(parent, "pk", parent)
        headers = {"HTTP_HX_REQUEST": "true"} if data.pop("htmx", False) else {}
        return client.post(f"/comments/article/{article.pk}/post/", data, **headers)

    return post
