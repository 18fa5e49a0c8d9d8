"""What moderators do to readers, and the rejections they tell authors about. Keyword-only
workflows, each atomic, each written to the audit log (ModerationDecision); the reader is
emailed through the outbox when they have an address (an account's once verified).

    sanction_impose(kind=..., moderator=..., reason=..., user=... | email=..., duration=...)
    sanction_lift(sanction=..., moderator=...)
    ban_impose(kind=..., moderator=..., reason=..., value=... | user=...)
    ban_lift(ban=..., moderator=...)
    note_add(moderator=..., text=..., user=... | email=... | ip_address=...)
    comment_reject(comments=..., moderator=..., reason=..., explanation="")
    authors_ban(comments=..., moderator=..., reason="")  (the desk's "ban the author")
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comments import bans, hold_reasons
from comments import services as comment_services
from comments.identity import verified_email
from comments.models import Ban, Comment, ModerationDecision, ModeratorNote, Sanction
from outbox.models import OutgoingEmail
from outbox.services import email_cancel, email_queue

from .emails import BAN_EMAIL, SANCTION_EMAIL, SANCTION_LIFTED_EMAIL
from .history import sanction_is_active

Action = ModerationDecision.Action
ACTION_FOR_KIND = {
    Sanction.Kind.WARNING: Action.WARN,
    Sanction.Kind.SUSPENSION: Action.SUSPEND,
    Sanction.Kind.PREMODERATION: Action.PREMODERATE,
}
# The suspensions a moderator chooses from (the desk's forms offer these).
SUSPENSIONS = {
    "1h": timedelta(hours=1),
    "3h": timedelta(hours=3),
    "24h": timedelta(hours=24),
    "7d": timedelta(days=7),
}


def _address_of(*, user, email):
    """Where to tell the reader: an account's verified address, else the guest's."""
    if user is not None:
        return verified_email(user)
    return email


def sanction_impose(
    *, kind, moderator, reason, user=None, email="", duration=None, comment=None, now=None
):
    """Warn, suspend (for `duration`, a timedelta) or always pre-moderate an account or a
    guest's address, for `reason` (what the reader is told). Returns the Sanction."""
    now = now or timezone.now()
    email = (email or "").strip().lower()
    reason = (reason or "").strip()
    if kind not in Sanction.Kind.values:
        raise ValidationError(_("Unknown sanction."), code="kind")
    if user is None and not email:
        raise ValidationError(_("A sanction is for an account or an email address."))
    if email:
        validate_email(email)
    if not reason:
        raise ValidationError(_("Give the reason: the reader is told it."), code="reason")
    ends_at = None
    if kind == Sanction.Kind.SUSPENSION:
        if duration is None or duration <= timedelta(0):
            raise ValidationError(_("A suspension needs a duration."), code="duration")
        ends_at = now + duration
    elif kind == Sanction.Kind.PREMODERATION and duration is not None:
        ends_at = now + duration
    with transaction.atomic():
        _lock_subject(user=user, email=email)
        same = _same_active_sanction(
            kind=kind, user=user, email=email, reason=reason, duration=duration, now=now
        )
        if same is not None:
            return same  # the form sent twice (a double click, a reload): imposed once
        sanction = Sanction.objects.create(
            kind=kind,
            user=user,
            email=email if user is None else "",
            reason=reason,
            ends_at=ends_at,
            created_at=now,
            created_by=moderator,
        )
        comment_services.decision_record(
            action=ACTION_FOR_KIND[kind],
            moderator=moderator,
            comment=comment,
            explanation=reason,
            subject_user=user,
            subject_email=email,
        )
        address = _address_of(user=user, email=email)
        if address:
            email_queue(
                key=f"sanction:{sanction.pk}",
                kind=SANCTION_EMAIL,
                to=address,
                to_user=user,
                about=sanction,
            )
    return sanction


def _lock_subject(*, user, email):
    """Let one transaction at a time sanction this account or address (until it ends), so
    that two posts of the same form cannot both find no sanction and both create one.
    PostgreSQL's transaction-level advisory lock (SQLite runs one writer at a time)."""
    if connection.vendor != "postgresql":
        return
    subject = f"sanction:user:{user.pk}" if user is not None else f"sanction:email:{email}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [subject])


def _same_active_sanction(*, kind, user, email, reason, duration, now):
    """A sanction in force on this reader of the same kind, reason and duration, if any."""
    whose = {"user": user} if user is not None else {"user": None, "email": email}
    for sanction in Sanction.objects.filter(
        kind=kind, reason=reason, lifted_at__isnull=True, **whose
    ):
        length = sanction.ends_at - sanction.created_at if sanction.ends_at else None
        if length == duration and sanction_is_active(sanction, now=now):
            return sanction
    return None


def sanction_lift(*, sanction, moderator, now=None):
    """End a sanction before its time (a suspension, a warning, pre-moderation); recorded,
    and the reader is told, if they were told of it. Lifting one already lifted changes
    nothing. Returns the sanction."""
    now = now or timezone.now()
    with transaction.atomic():
        updated = Sanction.objects.filter(pk=sanction.pk, lifted_at__isnull=True).update(
            lifted_at=now
        )
        if updated:
            comment_services.decision_record(
                action=Action.LIFT,
                moderator=moderator,
                reasons=[hold_reasons.reason(hold_reasons.SANCTION_LIFTED, kind=sanction.kind)],
                subject_user=sanction.user,
                subject_email=sanction.email,
            )
            # An email about it not yet sent has no reason to go now, nor one that it is
            # lifted: the reader never heard of it.
            told = OutgoingEmail.objects.filter(key=f"sanction:{sanction.pk}")
            email_cancel(emails=told)
            sent = [OutgoingEmail.Status.SENT, OutgoingEmail.Status.SENDING]
            if told.filter(status__in=sent).exists():
                address = _address_of(user=sanction.user, email=sanction.email)
                if address:
                    email_queue(
                        key=f"sanction-lifted:{sanction.pk}",
                        kind=SANCTION_LIFTED_EMAIL,
                        to=address,
                        to_user=sanction.user,
                        about=sanction,
                        now=now,
                    )
        sanction.refresh_from_db(fields=["lifted_at"])
    return sanction


def ban_impose(*, kind, moderator, reason, value="", user=None, comment=None):
    """Ban an account, an email address, a domain or an IP address from commenting;
    recorded, and a banned account or address is told by email. Returns the Ban (the one
    already there, if it was banned before)."""
    with transaction.atomic():
        ban, created = bans.ban_create(
            kind=kind, value=value, reason=reason, moderator=moderator, user=user, comment=comment
        )
        if not created:
            return ban
        address = ""
        if kind == Ban.Kind.ACCOUNT:
            address = verified_email(user)
        elif kind == Ban.Kind.EMAIL:
            address = ban.value
        if address:
            email_queue(
                key=f"ban:{ban.pk}:{ban.created_at.timestamp():.6f}",
                kind=BAN_EMAIL,
                to=address,
                to_user=user if kind == Ban.Kind.ACCOUNT else None,
                about=ban,
            )
    return ban


def ban_lift(*, ban, moderator):
    """Remove a ban; recorded in the audit log."""
    with transaction.atomic():
        comment_services.decision_record(
            action=Action.LIFT,
            moderator=moderator,
            reasons=[hold_reasons.reason(hold_reasons.BAN_LIFTED, **bans.ban_named(ban))],
            subject_user=ban.user if ban.kind == Ban.Kind.ACCOUNT else None,
            subject_email=ban.value if ban.kind == Ban.Kind.EMAIL else "",
            subject_ip=ban.value if ban.kind == Ban.Kind.IP else None,
        )
        ban.delete()


def note_add(*, moderator, text, user=None, email="", ip_address=None):
    """A note for the other moderators about an account, an address or an IP address."""
    text = (text or "").strip()
    email = (email or "").strip().lower()
    if not text:
        raise ValidationError(_("Write the note."), code="text")
    if user is None and not email and not ip_address:
        raise ValidationError(_("A note is about an account, an email or an IP address."))
    with transaction.atomic():
        note = ModeratorNote.objects.create(
            user=user, email=email, ip_address=ip_address, text=text, created_by=moderator
        )
        comment_services.decision_record(
            action=Action.NOTE,
            moderator=moderator,
            explanation=text,
            subject_user=user,
            subject_email=email,
            subject_ip=ip_address,
        )
    return note


def comment_reject(*, comments, moderator, reason, explanation=""):
    """Reject these comments (a queryset) for `reason` (a RejectReason value) and email
    each author the reason, once per author. Returns how many comments changed. The work
    is comments.services.comment_reject's, which the admin's queue shares."""
    return comment_services.comment_reject(
        comments=comments, moderator=moderator, reason=reason, explanation=explanation
    )


def authors_ban(*, comments, moderator, reason=""):
    """Ban the authors of these comments and mark the comments as spam (the desk's "ban").

    An account is banned as an account; a guest by the address they gave, or by IP address
    when they gave none. Each ban is recorded and told like any other (ban_impose). Returns
    (number of bans, number of comments marked as spam).
    """
    rows = list(comments.order_by("pk").values_list("pk", "author_email", "ip_address", "user"))
    bans = {}
    for pk, email, ip, user_id in rows:
        if user_id:
            bans.setdefault((Ban.Kind.ACCOUNT, str(user_id)), (pk, user_id))
        elif email:
            bans.setdefault((Ban.Kind.EMAIL, email.strip().lower()), (pk, None))
        elif ip:
            bans.setdefault((Ban.Kind.IP, ip), (pk, None))
    reason = reason or _("Banned from the moderators' desk")
    users = {
        user.pk: user
        for user in get_user_model().objects.filter(
            pk__in=[user_id for _, user_id in bans.values() if user_id]
        )
    }
    with transaction.atomic():
        for (kind, value), (pk, user_id) in sorted(bans.items()):
            ban_impose(
                kind=kind,
                moderator=moderator,
                reason=reason,
                value="" if kind == Ban.Kind.ACCOUNT else value,
                user=users.get(user_id) if kind == Ban.Kind.ACCOUNT else None,
                comment=Comment(pk=pk),
            )
        spam = comment_services.comment_moderate(
            comments=Comment.objects.filter(pk__in=[row[0] for row in rows]).exclude(
                status=Comment.Status.SPAM
            ),
            status=Comment.Status.SPAM,
            moderator=moderator,
        )
    return len(bans), spam
