"""What the attack tests share: open rules, browsers with their own addresses, form posts as
a browser sends them, and the one stand-in for Stripe's API."""

import itertools
import time
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

import newsroom.client

# Property-based tests: no example database on disk (CI starts from a fresh clone anyway), no
# deadline (a shared CI machine is slow now and then), and function-scoped fixtures are fine
# because each example uses its own fresh client and clears the cache itself.
hypothesis_settings.register_profile(
    "newsroom",
    database=None,
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
hypothesis_settings.load_profile("newsroom")

# Documentation addresses (RFC 5737), one per browser unless a test says otherwise.
_addresses = (f"203.0.113.{n}" for n in itertools.cycle(range(1, 255)))

FAKE_CHECKOUT_URL = "https://checkout.stripe.com/c/pay/cs_test_security"


@pytest.fixture
def rate_clock(monkeypatch):
    """The clock the rate limiter reads, in the middle of a minute (and of an hour's first
    half), moved only on purpose: a test's posts never straddle two of its windows."""
    clock = SimpleNamespace(now=(time.time() // 3600) * 3600 + 30)
    clock.advance = lambda seconds: setattr(clock, "now", clock.now + seconds)
    monkeypatch.setattr(newsroom.client, "time", SimpleNamespace(time=lambda: clock.now))
    return clock


def comment_data(article, body="The harbour wall needs repair.", **fields):
    """The comment form as a browser sends it, opened a minute ago."""
    data = {
        "name": "Ana Lima",
        "email": "ana@example.org",
        "body": body,
        "seconds_on_page": "60",
        "homepage": "",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def post_comment():
    def post(client, article, body="The harbour wall needs repair.", *, htmx=False, **fields):
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        data = comment_data(article, body, **fields)
        return client.post(f"/comments/article/{article.pk}/post/", data, **headers)

    return post


@pytest.fixture
def card_payments(settings, monkeypatch):
    """Card payments on. The one request the site would send to Stripe (creating a Checkout
    session) is answered here; everything else, the site's own code, runs for real."""
    settings.STRIPE_SECRET_KEY = "sk_test_security"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_security"
    sessions = []

    def create_session(*, params, idempotency_key):
        sessions.append(params)
        return {"id": f"cs_test_{len(sessions)}", "url": FAKE_CHECKOUT_URL}

    monkeypatch.setattr("donations.services.checkout.stripe_checkout_session", create_session)
    return sessions
