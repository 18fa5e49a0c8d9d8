"""The rate limiter every app uses (newsroom.client.rate_limited), as the database counts it
where the site has no Redis (on SQLite and on PostgreSQL alike: one upsert). Its promise
across processes and servers is tried with two real servers in test_shared_cache.py; here,
what it counts and what it keeps."""

from types import SimpleNamespace

import pytest

import newsroom.client
from newsroom.client import rate_limited
from newsroom.models import RateLimitCounter

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    # The database counts, whatever the cache of this run (with Redis, Redis would).
    monkeypatch.setattr(newsroom.client, "counts_in_redis", lambda: False)
    clock = SimpleNamespace(now=1_800_000_000.0)  # the start of a minute
    monkeypatch.setattr(newsroom.client, "time", SimpleNamespace(time=lambda: clock.now))
    return clock


def test_hits_over_the_limit_are_refused_until_the_next_window(clock):
    answers = [rate_limited("comment-ip", "192.0.2.1", limit=3, period=60) for _ in range(5)]
    assert answers == [False, False, False, True, True]
    # Someone else is counted apart.
    assert rate_limited("comment-ip", "192.0.2.2", limit=3, period=60) is False
    # And so is another kind of action.
    assert rate_limited("vote-ip", "192.0.2.1", limit=3, period=60) is False
    clock.now += 60
    assert rate_limited("comment-ip", "192.0.2.1", limit=3, period=60) is False


def test_a_limit_of_zero_counts_nothing(clock):
    assert not any(rate_limited("comment-ip", "192.0.2.1", limit=0, period=60) for _ in range(9))
    assert not RateLimitCounter.objects.exists()


def test_the_database_keeps_a_hash_not_the_address(clock):
    rate_limited("subscribe-email", "ana@example.org", limit=3, period=3600)
    counter = RateLimitCounter.objects.get()
    assert "ana" not in counter.key
    assert counter.hits == 1


def test_passed_windows_are_swept_away(clock, monkeypatch):
    monkeypatch.setattr(newsroom.client, "SWEEP_CHANCE", 1.0)
    for n in range(3):
        rate_limited("comment-ip", f"192.0.2.{n}", limit=3, period=60)
    clock.now += 120
    rate_limited("comment-ip", "192.0.2.9", limit=3, period=60)
    assert RateLimitCounter.objects.count() == 1
