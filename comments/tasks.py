"""Background tasks (django.tasks): everything the discussion sends by email.

The worker (manage.py db_worker) runs them; the tests' immediate backend runs them at once.
Each may run twice without harm: emails are recorded under unique keys, and send_email claims
its row before it sends, so an email goes out at most once.
"""

import logging
from datetime import datetime, timedelta

from django.db.models import F
from django.tasks import task
from django.utils import timezone

from . import emails, notifications
from .models import Comment, OutgoingEmail

logger = logging.getLogger(__name__)
Email = OutgoingEmail

MAX_ATTEMPTS = 5


def retry_delay(attempts):
    """1, 5, 25 and then 125 minutes after the first, second, third and fourth failures."""
    return timedelta(minutes=5 ** (attempts - 1))


@task
def notify_subscribers(comment_id):
    """Tell the subscribers about a newly approved comment (one email each, at most)."""
    comment = (
        Comment.objects.select_related("article", "parent")
        .filter(pk=comment_id, status=Comment.Status.APPROVED)
        .first()
    )
    if comment is None:
        return 0
    ids = notifications.notifications_record(comment=comment)
    for pk in ids:
        notifications.enqueue(send_email, pk)
    return len(ids)


@task
def alert_moderators(comment_id, held_at):
    """Tell the moderators who asked that a comment is held for review."""
    comment = Comment.objects.filter(pk=comment_id, status=Comment.Status.PENDING).first()
    if comment is None:
        return 0
    ids = notifications.alerts_record(comment=comment, held_at=held_at)
    for pk in ids:
        notifications.enqueue(send_email, pk)
    return len(ids)


@task
def send_email(email_id):
    """Send one recorded email, unless it was sent (or is being sent) already."""
    return deliver(email_id)


@task
def send_digest(kind, to_email, hour_end):
    """At the end of an hour, send one email with what was held back from an address."""
    hour_end = datetime.fromisoformat(hour_end)
    if timezone.now() < hour_end:
        return "not yet"  # a backend that cannot defer ran it early; the hour is not over
    item_kind = Email.Kind.COMMENT if kind == Email.Kind.DIGEST else Email.Kind.HELD
    waiting = Email.objects.filter(
        to_email=to_email, kind=item_kind, status=Email.Status.FOLDED, created_at__lt=hour_end
    )
    first = waiting.order_by("pk").first()
    if first is None:
        return "nothing to send"
    digest, _ = Email.objects.get_or_create(
        key=f"{kind}:{to_email}:{hour_end:%Y%m%d%H}",
        defaults={
            "kind": kind,
            "to_email": to_email,
            "moderator_id": first.moderator_id,
            "created_at": timezone.now(),
            "send_after": timezone.now(),
        },
    )
    waiting.update(status=Email.Status.DIGESTED, digest=digest)
    return deliver(digest.pk)


def deliver(email_id):
    """Claim a queued email that is due, send it, and record what happened.

    The claim is one UPDATE ... WHERE status = 'queued', so of two workers holding the same
    task only one sends. A failure puts the email back in the queue with a later time (and a
    task for then), up to MAX_ATTEMPTS; the last error is kept on the row.
    """
    now = timezone.now()
    claimed = Email.objects.filter(
        pk=email_id, status=Email.Status.QUEUED, send_after__lte=now
    ).update(status=Email.Status.SENDING, attempts=F("attempts") + 1)
    if not claimed:
        return "not due, or handled already"
    email = Email.objects.select_related("moderator").get(pk=email_id)
    try:
        message = emails.build(email)
        if message is not None:
            message.send()
    except Exception as error:
        logger.warning("Email %s failed (attempt %s): %r", email.pk, email.attempts, error)
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        if email.attempts >= MAX_ATTEMPTS:
            email.status = Email.Status.FAILED
        else:
            email.status = Email.Status.QUEUED
            email.send_after = now + retry_delay(email.attempts)
            notifications.enqueue(send_email, email.pk, run_after=email.send_after)
        email.save(update_fields=["status", "last_error", "send_after"])
        return "failed"
    if message is None:
        email.status = Email.Status.CANCELLED
        email.save(update_fields=["status"])
        return "no longer needed"
    email.status = Email.Status.SENT
    email.sent_at = timezone.now()
    email.subject = message.subject[:300]
    email.save(update_fields=["status", "sent_at", "subject"])
    return "sent"
