"""The hourly digests: past the hourly cap (a subscriber) or by choice (a moderator), the
discussion's emails to an address are held back in the outbox and sent at the end of the
hour as one email listing them."""

from datetime import datetime, timedelta

from django.tasks import task
from django.utils import timezone

from newsroom.tasks import enqueue_after_commit
from outbox.models import OutgoingEmail
from outbox.services import email_digest_send

from .models import EmailKind

Email = OutgoingEmail

# The kind of email each digest gathers.
ITEM_KIND = {EmailKind.DIGEST: EmailKind.COMMENT, EmailKind.HELD_DIGEST: EmailKind.HELD}


def digest_schedule(*, kind, to_email, now, daily=False):
    """The digest of this hour (or, `daily`, of this day) for an address, sent when it is
    over. Scheduling the same one twice sends it once: its key names the address and end."""
    if daily:
        end = now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    else:
        end = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    enqueue_after_commit(send_digest, kind, to_email, end.isoformat(), run_after=end)


@task
def send_digest(kind, to_email, hour_end):
    """At the end of an hour, send one email with what was held back from an address."""
    hour_end = datetime.fromisoformat(hour_end)
    if timezone.now() < hour_end:
        return "not yet"  # a backend that cannot defer ran it early; the hour is not over
    waiting = Email.objects.filter(
        to_email=to_email,
        kind=ITEM_KIND[kind],
        status=Email.Status.FOLDED,
        created_at__lt=hour_end,
    )
    first = waiting.order_by("pk").first()
    if first is None:
        return "nothing to send"
    return email_digest_send(
        key=f"{kind}:{to_email}:{hour_end:%Y%m%d%H}",
        kind=kind,
        to=to_email,
        to_user=first.to_user,
        folded=waiting,
    )
