"""Sending what the outbox recorded: at most once, retried with backoff when the mail
server fails, given up after the last attempt, and not at all when no longer wanted."""

from datetime import timedelta

import pytest
from django.utils import timezone

from outbox import kinds, tasks
from outbox.models import OutgoingEmail
from outbox.services import email_queue
from tests.outbox.conftest import build_note

pytestmark = pytest.mark.django_db
Email = OutgoingEmail


def note(text="The harbour wall gives way.", key="note:1"):
    email, _ = email_queue(key=key, kind="note", to="ana@example.org", data={"text": text})
    return email.pk


def test_an_email_is_sent_once_the_transaction_commits(committed, mailoutbox):
    with committed():
        email_id = note()
        assert not mailoutbox  # nothing goes out before the commit

    [message] = mailoutbox
    assert message.to == ["ana@example.org"]
    assert message.subject == "Note: The harbour wall gives way."
    email = Email.objects.get(pk=email_id)
    assert (email.status, email.attempts, email.subject) == (Email.Status.SENT, 1, message.subject)
    assert email.sent_at is not None


def test_an_email_whose_task_runs_twice_is_sent_once(mailoutbox):
    email_id = note()

    tasks.send_email.enqueue(email_id)
    tasks.send_email.enqueue(email_id)

    assert len(mailoutbox) == 1
    assert Email.objects.get(pk=email_id).attempts == 1


def test_a_failed_send_is_retried_later_and_then_sent_once(
    mailoutbox, mail_server_down, move_clock_to
):
    email_id = note()
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


def test_after_the_last_attempt_the_email_is_marked_failed(
    mailoutbox, mail_server_down, move_clock_to
):
    email_id = note()
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


def test_an_email_no_longer_wanted_is_cancelled_not_sent(mailoutbox):
    email_id = note(text="")

    tasks.send_email.enqueue(email_id)

    assert not mailoutbox
    assert Email.objects.get(pk=email_id).status == Email.Status.CANCELLED


def test_an_email_of_a_kind_no_app_builds_is_kept_as_a_failure(mailoutbox):
    email, _ = email_queue(key="gone:1", kind="gone", to="ana@example.org")

    tasks.send_email.enqueue(email.pk)

    email.refresh_from_db()
    assert not mailoutbox
    assert (email.status, email.attempts) == (Email.Status.QUEUED, 1)  # tried again later
    assert email.last_error.startswith("UnknownKind: No builder is registered")


def test_the_email_goes_to_the_address_on_record_whatever_the_builder_says(
    mailoutbox, monkeypatch, note_kind
):
    def misaddressed(email):
        message = build_note(email)
        message.to = ["someone-else@example.org"]
        return message

    monkeypatch.setitem(kinds._registry, note_kind, kinds.Kind(note_kind, "A note", misaddressed))

    tasks.send_email.enqueue(note())

    assert [m.to for m in mailoutbox] == [["ana@example.org"]]
