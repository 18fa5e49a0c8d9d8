"""The email tasks: sent at most once, retried with backoff when the mail server fails, and
the real worker (manage.py db_worker) sending an email end to end."""

import io
import signal
import smtplib
from datetime import timedelta

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments import notifications, tasks
from comments.models import Comment, OutgoingEmail, Subscription
from tests.factories import ArticleFactory, CommentFactory

Email = OutgoingEmail
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def mail_server_down(settings):
    locmem = settings.MAILERS
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}
    return lambda: setattr(settings, "MAILERS", locmem)  # call it to bring the server back


@pytest.fixture
def news(db):
    """A confirmed subscriber and an approved comment they should hear of."""
    article = ArticleFactory(headline="Harbour wall gives way")
    Subscription.objects.create(
        article=article, kind="follow-ups", email="sub@example.org", confirmed_at=timezone.now()
    )
    return CommentFactory(article=article, body="The wall was cracked for years.")


def record(comment):
    [email_id] = notifications.notifications_record(comment=comment)
    return email_id


@pytest.mark.django_db
def test_an_email_whose_task_runs_twice_is_sent_once(news, mailoutbox):
    email_id = record(news)

    tasks.send_email.enqueue(email_id)
    tasks.send_email.enqueue(email_id)
    tasks.notify_subscribers.enqueue(news.pk)  # records nothing new either

    assert len(mailoutbox) == 1
    email = Email.objects.get()
    assert (email.status, email.attempts) == (Email.Status.SENT, 1)
    assert email.subject == mailoutbox[0].subject


@pytest.mark.django_db
def test_a_failed_send_is_retried_later_and_then_sent_once(
    news, mailoutbox, mail_server_down, move_clock_to
):
    email_id = record(news)
    now = timezone.now()
    move_clock_to(now)

    tasks.send_email.enqueue(email_id)

    email = Email.objects.get(pk=email_id)
    assert (email.status, email.attempts) == (Email.Status.QUEUED, 1)
    assert email.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert email.send_after == now + timedelta(minutes=1)
    assert not mailoutbox

    tasks.send_email.enqueue(email_id)  # before its time: nothing happens
    assert Email.objects.get(pk=email_id).attempts == 1

    move_clock_to(now + timedelta(minutes=1))
    tasks.send_email.enqueue(email_id)  # the server is still down: wait longer
    email.refresh_from_db()
    assert (email.attempts, email.send_after) == (2, now + timedelta(minutes=6))

    mail_server_down()  # back up
    move_clock_to(now + timedelta(minutes=6))
    tasks.send_email.enqueue(email_id)
    tasks.send_email.enqueue(email_id)

    assert len(mailoutbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Email.Status.SENT, 3)


@pytest.mark.django_db
def test_after_the_last_attempt_the_email_is_marked_failed(
    news, mailoutbox, mail_server_down, move_clock_to
):
    email_id = record(news)
    now = timezone.now()
    for attempt in range(tasks.MAX_ATTEMPTS):
        move_clock_to(now + timedelta(days=attempt))
        tasks.send_email.enqueue(email_id)

    email = Email.objects.get(pk=email_id)
    assert (email.status, email.attempts) == (Email.Status.FAILED, tasks.MAX_ATTEMPTS)
    move_clock_to(now + timedelta(days=30))
    mail_server_down()
    tasks.send_email.enqueue(email_id)
    assert not mailoutbox


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
