"""Recording emails to send (keyword-only workflows). Nothing here sends in the request:
each email is recorded under its unique key, and outbox.tasks sends it once the
transaction has committed.

    email_queue(key=..., kind=..., to=...)       one email (recorded once per key)
    email_queue_many(emails=[{...}, ...])        many at once, in one INSERT
    email_digest_send(key=..., folded=...)       the emails held back, in one digest, now
    email_cancel(emails=...)                     what is still waiting is not sent
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from newsroom.tasks import enqueue_after_commit

from .models import OutgoingEmail
from .tasks import deliver, send_email

Email = OutgoingEmail
WAITING = [Email.Status.QUEUED, Email.Status.FOLDED]


def _fields(*, kind, to, to_user=None, about=None, data=None, fold=False, now):
    return {
        "kind": kind,
        "to_email": to,
        "to_user": to_user,
        "about_type": ContentType.objects.get_for_model(about) if about is not None else None,
        "about_id": about.pk if about is not None else None,
        "data": data or {},
        "status": Email.Status.FOLDED if fold else Email.Status.QUEUED,
        "created_at": now,
        "send_after": now,
    }


def email_queue(*, key, kind, to, to_user=None, about=None, data=None, fold=False, now=None):
    """Record an email under `key` and send it once the transaction commits; a key recorded
    before records and sends nothing again. `fold=True` holds it back for a digest instead
    (see email_digest_send). Returns (email, created)."""
    email, created = Email.objects.get_or_create(
        key=key,
        defaults=_fields(
            kind=kind,
            to=to,
            to_user=to_user,
            about=about,
            data=data,
            fold=fold,
            now=now or timezone.now(),
        ),
    )
    if created and email.status == Email.Status.QUEUED:
        enqueue_after_commit(send_email, email.pk)
    return email, created


def email_queue_many(*, emails, now=None):
    """Record many emails in one INSERT (each a dict of email_queue's arguments but `now`);
    keys recorded before are left as they were. Sends the queued ones once the transaction
    commits, and returns their ids."""
    now = now or timezone.now()
    rows = [
        Email(key=email.pop("key"), **_fields(now=now, **email)) for email in map(dict, emails)
    ]
    if not rows:
        return []
    Email.objects.bulk_create(rows, ignore_conflicts=True)
    ids = list(
        Email.objects.filter(key__in=[r.key for r in rows], status=Email.Status.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in ids:
        enqueue_after_commit(send_email, pk)
    return ids


def email_digest_send(*, key, kind, to, folded, to_user=None, now=None):
    """Gather the emails held back for a digest (`folded`, a queryset of folded rows) into
    one email recorded under `key`, and send it now. Its builder finds them as
    `email.items`. Running it again for the same key sends nothing more. Returns what
    outbox.tasks.deliver says."""
    now = now or timezone.now()
    digest, _ = Email.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "to_email": to,
            "to_user": to_user,
            "created_at": now,
            "send_after": now,
        },
    )
    folded.filter(status=Email.Status.FOLDED).update(status=Email.Status.DIGESTED, digest=digest)
    return deliver(digest.pk)


def email_cancel(*, emails):
    """Of these emails (a queryset), those still waiting to be sent are not sent. Returns
    how many were cancelled."""
    return emails.filter(status__in=WAITING).update(status=Email.Status.CANCELLED)
