"""What the comment tests share: a clean cache, the rules row, browsers and form posts."""

import itertools
import time
from types import SimpleNamespace

import pytest
from django.tasks import TaskResultStatus
from django.tasks.signals import task_finished

import newsroom.client

# Documentation addresses (RFC 5737), one per browser so that per-IP rules keep apart.
_addresses = (f"198.51.100.{n}" for n in itertools.cycle(range(1, 255)))


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


@pytest.fixture(autouse=True)
def tasks_do_not_fail():
    """A task that raises fails the test (the immediate backend would only log it)."""
    failed = []

    def record(sender, task_result, **kwargs):
        if task_result.status == TaskResultStatus.FAILED:
            failed.append(f"{task_result.task.name}: {task_result.errors[-1].traceback}")

    task_finished.connect(record)
    yield
    task_finished.disconnect(record)
    assert not failed, "\n".join(failed)


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
            "seconds_on_page": seconds_ago,
            "homepage": "",
            **fields,
        }
        if parent is not None:
            data["parent"] = getattr(parent, "pk", parent)
        headers = {"HTTP_HX_REQUEST": "true"} if data.pop("htmx", False) else {}
        return client.post(f"/comments/article/{article.pk}/post/", data, **headers)

    return post
