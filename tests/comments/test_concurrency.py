"""Readers voting and reporting at the same moment, each on their own database connection.

PostgreSQL only: SQLite lets one writer at a time, so nothing would run concurrently there.
CI runs the suite on PostgreSQL too, where these run.
"""

import threading

import pytest
from django.db import connection
from django.test import Client

from comments import services
from comments.identity import Reader
from comments.models import Comment, Report, Vote
from tests.factories import CommentFactory, account

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs concurrent writers on separate connections: runs in CI's PostgreSQL pass",
    ),
    # Committed data, seen by every thread; the rules row and the staff groups come back after.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def at_once(tasks):
    """Run the callables in threads that start together; their results (or exceptions)."""
    barrier = threading.Barrier(len(tasks))
    results = [None] * len(tasks)

    def run(index, task):
        try:
            barrier.wait(timeout=30)
            results[index] = task()
        except Exception as error:  # the test looks at what each thread got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def counters(comment):
    comment.refresh_from_db()
    return comment.upvotes, comment.downvotes, comment.score


def counted_from_votes(comment):
    values = list(Vote.objects.filter(comment=comment).values_list("value", flat=True))
    return values.count(Vote.UP), values.count(Vote.DOWN), sum(values)


def test_accounts_voting_at_once_are_all_counted_exactly():
    comment = CommentFactory()
    readers = [
        Reader(user=account(f"reader{n}"), browser_key="", ip=f"203.0.113.{n + 1}")
        for n in range(12)
    ]
    first = [Vote.UP] * 8 + [Vote.DOWN] * 4

    def cast(reader, value):
        return lambda: services.vote_cast(comment=comment, reader=reader, value=value)

    results = at_once([cast(r, v) for r, v in zip(readers, first, strict=True)])
    assert all(isinstance(r, services.VoteResult) for r in results), results
    assert counters(comment) == (8, 4, 4) == counted_from_votes(comment)

    # Everyone changes their mind at once...
    at_once([cast(r, -v) for r, v in zip(readers, first, strict=True)])
    assert counters(comment) == (4, 8, -4) == counted_from_votes(comment)

    # ...then takes the vote back at once.
    at_once([cast(r, -v) for r, v in zip(readers, first, strict=True)])
    assert counters(comment) == (0, 0, 0) == counted_from_votes(comment)
    assert not Vote.objects.exists()


def test_guests_voting_through_the_site_at_once_are_all_counted():
    comment = CommentFactory()
    browsers = [Client(REMOTE_ADDR=f"198.51.100.{n + 1}") for n in range(10)]

    def press(browser, value):
        return lambda: browser.post(f"/comments/{comment.pk}/vote/", {"value": value})

    responses = at_once([press(b, "up" if n % 3 else "down") for n, b in enumerate(browsers)])

    assert [r.status_code for r in responses] == [302] * 10
    assert counters(comment) == (6, 4, 2) == counted_from_votes(comment)


def test_one_reader_clicking_many_times_at_once_gets_each_click_in_turn():
    comment = CommentFactory()
    ben = Reader(user=None, browser_key="ben-browser", ip="203.0.113.5")

    results = at_once([lambda: services.vote_cast(comment=comment, reader=ben, value=Vote.UP)] * 6)

    # Each click in turn: up, taken back, up, taken back...
    assert all(isinstance(r, services.VoteResult) for r in results), results
    assert sorted(r.my_vote for r in results) == [0, 0, 0, 1, 1, 1]
    assert counters(comment) == (0, 0, 0) == counted_from_votes(comment)


def test_guests_at_one_address_voting_at_once_count_once():
    comment = CommentFactory()
    guests = [Reader(user=None, browser_key=f"browser-{n}", ip="203.0.113.9") for n in range(8)]

    results = at_once(
        [lambda g=g: services.vote_cast(comment=comment, reader=g, value=Vote.UP) for g in guests]
    )

    counted = [r for r in results if isinstance(r, services.VoteResult)]
    refused = [r for r in results if isinstance(r, services.VoteRefused)]
    assert (len(counted), len(refused)) == (1, 7), results
    assert counters(comment) == (1, 0, 1) == counted_from_votes(comment)


def test_readers_reporting_at_once_hold_the_comment_exactly_once():
    comment = CommentFactory()
    reporters = [Reader(user=None, browser_key=f"r{n}", ip=f"203.0.113.{n}") for n in range(6)]

    results = at_once(
        [
            lambda r=r: services.comment_report(comment=comment, reader=r, reason="abusive")
            for r in reporters
        ]
    )

    assert results == [True] * 6
    comment.refresh_from_db()
    assert comment.report_count == 6 == Report.objects.filter(comment=comment).count()
    assert comment.status == Comment.Status.PENDING


def test_one_address_reporting_at_once_with_fresh_cookies_weighs_once():
    """The attack of issue 12, at once: each request a fresh cookie and another browser."""
    comment = CommentFactory()
    guests = [
        Reader(user=None, browser_key=f"fresh{n}", ip="203.0.113.77", browser_print=f"ua{n}")
        for n in range(6)
    ]

    results = at_once(
        [
            lambda g=g: services.comment_report(comment=comment, reader=g, reason="abusive")
            for g in guests
        ]
    )

    assert results == [True] * 6
    comment.refresh_from_db()
    assert Report.objects.filter(comment=comment).count() == 6
    assert comment.report_count == 1
    assert comment.status == Comment.Status.APPROVED
