"""The discussion's email tasks: the news of a comment sent at most once, and the real worker
(manage.py db_worker) sending it end to end. How the outbox sends, retries and gives up is
in tests/outbox/test_tasks.py."""

import io
import signal

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments import tasks
from comments.digests import send_digest
from comments.models import Comment, Subscription
from outbox.models import OutgoingEmail
from outbox.tasks import send_email
from tests.factories import ArticleFactory, CommentFactory

Email = OutgoingEmail
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def news(db):
    """A confirmed subscriber and an approved comment they should hear of."""
    article = ArticleFactory(headline="Harbour wall gives way")
    Subscription.objects.create(
        article=article, kind="follow-ups", email="sub@example.org", confirmed_at=timezone.now()
    )
    return CommentFactory(article=article, body="The wall was cracked for years.")


@pytest.mark.django_db
def test_the_news_of_a_comment_is_sent_once_however_often_its_task_runs(
    news, mailoutbox, committed
):
    with committed():
        tasks.notify_subscribers.enqueue(news.pk)
        tasks.notify_subscribers.enqueue(news.pk)
    with committed():
        tasks.notify_subscribers.enqueue(news.pk)

    [message] = mailoutbox
    assert message.to == ["sub@example.org"]
    email = Email.objects.get()
    assert (email.kind, email.status, email.attempts) == ("comment", Email.Status.SENT, 1)
    assert email.about == news


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["send_email", "send_digest"])
def test_tasks_queued_before_the_outbox_moved_still_find_their_function(settings, name):
    settings.TASKS = DATABASE_TASKS
    queued = DBTaskResult(
        task_path=f"comments.tasks.{name}",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        run_after=timezone.now(),
    )

    assert queued.task.func is {"send_email": send_email, "send_digest": send_digest}[name].func


@pytest.fixture
def worker_signals():
    """db_worker installs its own SIGINT/SIGTERM handlers; put pytest's back afterwards."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


# Committed rows, so that the worker reads what the request wrote; the rules row and the
# staff groups are restored afterwards for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_sends_a_notification_once_end_to_end(
    settings, site_url, mailoutbox, moderator, worker_signals, post_comment
):
    settings.TASKS = DATABASE_TASKS
    article = ArticleFactory(headline="Harbour wall gives way")
    Subscription.objects.create(
        article=article, kind="follow-ups", email="sub@example.org", confirmed_at=timezone.now()
    )
    moderator_client = Client()
    moderator_client.force_login(moderator)

    posted = post_comment(Client(), article, "Held, then approved.", name="Dee")
    comment = Comment.objects.get()
    approved = moderator_client.post(f"/admin/comments/comment/{comment.pk}/approve/")

    assert (posted.status_code, approved.status_code) == (302, 302)
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.APPROVED
    assert not mailoutbox  # the requests only queued the work
    assert DBTaskResult.objects.filter(task_path="comments.tasks.notify_subscribers").exists()

    for _ in range(2):  # a second run finds nothing more to send
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())

    [message] = mailoutbox
    assert message.to == ["sub@example.org"]
    assert message.subject == "New comment by Dee on “Harbour wall gives way”"
    assert "Held, then approved." in message.body
    assert Email.objects.get().status == Email.Status.SENT
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
