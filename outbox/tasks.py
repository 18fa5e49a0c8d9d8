"""Sending the recorded emails: the task the worker (manage.py db_worker) runs for each.

An email goes out at most once: `deliver` claims its row before it sends it, so a task that
runs twice, or two workers holding the same task, send it once. A failed send is retried
later, with backoff, up to MAX_ATTEMPTS.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.tasks import task
from django.utils import timezone, translation

from newsroom.tasks import enqueue_after_commit

from . import kinds
from .models import OutgoingEmail

logger = logging.getLogger(__name__)
Email = OutgoingEmail

MAX_ATTEMPTS = 5


def retry_delay(attempts):
    """1, 5, 25 and then 125 minutes after the first, second, third and fourth failures."""
    return timedelta(minutes=5 ** (attempts - 1))


def language_of(email):
    """The language an email is written in: the site's default for the newsroom's own staff
    (a moderator's alert about a German comment is still the desk's language), else the one
    the row it is about names (a comment or a subscription: its article's; see their
    `email_language`), else the default. A builder may still choose another (a receipt: the
    donate page's language)."""
    if email.to_user is not None and email.to_user.is_staff:
        return settings.LANGUAGE_CODE
    about = email.about if email.about_id is not None else None
    return getattr(about, "email_language", None) or settings.LANGUAGE_CODE


@task
def send_email(email_id):
    """Send one recorded email, unless it was sent (or is being sent) already."""
    return deliver(email_id)


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
    email = Email.objects.select_related("to_user").get(pk=email_id)
    try:
        with translation.override(language_of(email)):
            message = kinds.build(email)
        if message is not None:
            message.to = [email.to_email]  # the address on record, whatever the builder said
            message.send()
    except Exception as error:
        logger.warning("Email %s failed (attempt %s): %r", email.pk, email.attempts, error)
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        if email.attempts >= MAX_ATTEMPTS:
            email.status = Email.Status.FAILED
        else:
            email.status = Email.Status.QUEUED
            email.send_after = now + retry_delay(email.attempts)
            enqueue_after_commit(send_email, email.pk, run_after=email.send_after)
        email.save(update_fields=["status", "last_error", "send_after"])
        return "failed"
    if message is None:
        email.status = Email.Status.CANCELLED
        email.save(update_fields=["status"])
        return "no longer needed"
    email.status = Email.Status.SENT
    email.sent_at = timezone.now()
    email.subject = message.subject[:300]
    if kinds.is_private(email.kind):
        email.data = {}  # a code or a link for the addressee only: gone once it is sent
    email.save(update_fields=["status", "sent_at", "subject", "data"])
    return "sent"
