"""Email about the discussion: subscriptions, their signed links, and what is recorded to send.

Workflows that write (keyword-only, atomic). Nothing here sends email: each email is recorded
in the outbox under a unique key (outbox.services) and sent by its task after the transaction
commits, so a request never waits for a mail server and nothing goes out twice. What each
email says is built when it is sent (comments.emails).
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from newsroom.signals import ip_address_stored
from outbox.models import OutgoingEmail
from outbox.services import email_cancel, email_queue, email_queue_many

from .digests import digest_schedule
from .identity import verified_email
from .models import (
    Comment,
    EmailKind,
    MentionAlerts,
    ModerationRules,
    ModeratorAlerts,
    Sanction,
    Subscription,
)

Kind = Subscription.Kind
Email = OutgoingEmail

CONFIRM_SALT = "comments.subscription-confirm"
CONFIRM_MAX_AGE = timedelta(days=7)
UNSUBSCRIBE_SALT = "comments.unsubscribe"
UNSUBSCRIBE_MAX_AGE = timedelta(days=365)
# A guest's warning waits for them as long as it takes: its link does not expire.
WARNING_SALT = "comments.warning"

# Emails past the hourly cap: waiting for the digest, or already in one.
FOLDED_STATES = [Email.Status.FOLDED, Email.Status.DIGESTED]

# When one address has several subscriptions that match a new comment, the email names the
# most specific one (and its unsubscribe link ends that one).
SPECIFICITY = {Kind.COMMENT: 0, Kind.REPLIES: 1, Kind.FOLLOW_UPS: 2}


class BadLink(Exception):
    """A confirmation or unsubscribe link that is forged, altered, expired or unknown."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- Signed links ---------------------------------------------------------------------------


def confirm_token(subscription):
    return signing.dumps({"s": subscription.pk, "e": subscription.email}, salt=CONFIRM_SALT)


def unsubscribe_token(*, subscription=None, email=None, moderator=None, mentions_of=None):
    """A token for one subscription, for every subscription of an address (digests), for
    a moderator's alerts, or for an account's mention emails."""
    if subscription is not None:
        payload = {"s": subscription.pk, "e": subscription.email}
    elif mentions_of is not None:
        payload = {"n": mentions_of.pk}
    elif moderator is not None:
        payload = {"m": moderator.pk}
    else:
        payload = {"e": email}
    return signing.dumps(payload, salt=UNSUBSCRIBE_SALT)


def read_token(token, *, salt, max_age):
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise BadLink(_("This link has expired.")) from None
    except signing.BadSignature:
        raise BadLink(
            _("This link is not valid: it may have been cut short or changed.")
        ) from None
    if not isinstance(payload, dict) or not _well_formed(payload):
        raise BadLink(_("This link is not valid: it may have been cut short or changed."))
    return payload


def _well_formed(payload):
    """Ids are whole numbers and the address is text, as we sign them: anything else would
    reach the database look-ups as a value of the wrong type."""
    # type() rather than isinstance(): True is an int too, and no id of ours.
    ids_ok = all(type(payload[key]) is int for key in ("s", "m", "n") if key in payload)
    return ids_ok and isinstance(payload.get("e", ""), str)


def warning_token(sanction):
    """The signed part of the link a warned guest opens to read the warning and confirm."""
    return signing.dumps({"s": sanction.pk, "e": sanction.email}, salt=WARNING_SALT)


def warning_of(token):
    """The warning a guest's link names (still waiting to be acknowledged or not), or
    raises BadLink."""
    try:
        payload = signing.loads(token, salt=WARNING_SALT)
    except signing.BadSignature:
        raise BadLink(
            _("This link is not valid: it may have been cut short or changed.")
        ) from None
    if not isinstance(payload, dict) or type(payload.get("s")) is not int:
        raise BadLink(_("This link is not valid: it may have been cut short or changed."))
    sanction = Sanction.objects.filter(
        pk=payload["s"], kind=Sanction.Kind.WARNING, email=payload.get("e") or ""
    ).first()
    if sanction is None:
        raise BadLink(_("This warning no longer exists."))
    return sanction


# --- Telling authors about moderators' decisions --------------------------------------------


def rejections_record(*, comment_ids, reason, explanation="", now=None):
    """Record one email per author of these (just rejected) comments, telling them the
    reason: a guest at the address they gave, an account at its verified address."""
    now = now or timezone.now()
    comments = list(
        Comment.objects.filter(pk__in=comment_ids).select_related("user").order_by("pk")
    )
    verified = {
        (user_id, email.lower())
        for user_id, email in EmailAddress.objects.filter(
            user_id__in={c.user_id for c in comments if c.user_id}, verified=True
        ).values_list("user_id", "email")
    }
    by_author = {}
    for comment in comments:
        if comment.user_id is not None:
            address = (comment.user.email or "").strip().lower() if comment.user else ""
            if (comment.user_id, address) not in verified:
                address = ""
        else:
            address = (comment.author_email or "").strip().lower()
        if address:
            by_author.setdefault(address, []).append(comment)
    emails = [
        {
            "key": f"rejected:{mine[0].pk}:{now.timestamp():.6f}",
            "kind": EmailKind.REJECTED,
            "to": address,
            "to_user": mine[0].user,
            "about": mine[0],
            "data": {
                "comments": [c.pk for c in mine],
                "reason": reason,
                "explanation": explanation,
            },
        }
        for address, mine in by_author.items()
    ]
    return email_queue_many(emails=emails, now=now)


# --- Subscribing ----------------------------------------------------------------------------


def subscription_create(*, article, kind, email="", user=None, comment=None, ip=None):
    """Subscribe an address; returns (subscription, created).

    A signed-in reader whose address is verified subscribes with it, confirmed at once; an
    address not verified yet is treated as a guest's. A guest's subscription waits for a
    click on the link of the confirmation email recorded here; asking again sends the link
    again (at most once an hour). The same address, article and kind make one subscription
    however often they are asked for.
    """
    if kind == Kind.COMMENT and (comment is None or comment.article_id != article.pk):
        raise ValueError("A subscription to replies needs a comment of this article.")
    if user is not None:
        email = user.email
    confirmed = bool(verified_email(user))
    email = (email or "").strip().lower()
    if not email:
        raise ValueError("A subscription needs an email address.")
    lookup = {"comment": comment, "email": email}
    if comment is None:
        lookup = {"article": article, "kind": kind, "email": email, "comment": None}
    now = timezone.now()
    with transaction.atomic():
        subscription, created = Subscription.objects.get_or_create(
            **lookup,
            defaults={
                "article": article,
                "kind": kind,
                "user": user,
                "ip_address": ip,
                "confirmed_at": now if confirmed else None,
            },
        )
        if not created and confirmed and not subscription.is_confirmed:
            subscription.confirmed_at = now
            subscription.user = user
            subscription.save(update_fields=["confirmed_at", "user"])
        if not subscription.is_confirmed:
            email_queue(
                key=f"confirm:{subscription.pk}:{now:%Y%m%d%H}",
                kind=EmailKind.CONFIRM,
                to=email,
                data={"subscription": subscription.pk},
                now=now,
            )
    if created and ip:
        ip_address_stored.send(sender=Subscription)
    return subscription, created


def subscription_to_confirm(*, token):
    """The subscription a confirmation link names (nothing is changed)."""
    payload = read_token(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    subscription = (
        Subscription.objects.select_related("article", "comment")
        .filter(pk=payload.get("s"), email=payload.get("e"))
        .first()
    )
    if subscription is None:
        raise BadLink(_("This subscription no longer exists: it was cancelled."))
    return subscription


def subscription_confirm(*, token):
    """Confirm the subscription a confirmation link names; confirming twice is harmless."""
    subscription = subscription_to_confirm(token=token)
    if not subscription.is_confirmed:
        Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
        subscription.refresh_from_db(fields=["confirmed_at"])
    return subscription


def unsubscribe_target(*, token):
    """What an unsubscribe link would stop, as a sentence for its page (no change made)."""
    payload = read_token(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    if "m" in payload:
        return _("email about comments held for moderation")
    if "n" in payload:
        return _("email when someone mentions you in a comment")
    if "s" in payload:
        subscription = (
            Subscription.objects.select_related("article", "comment")
            .filter(pk=payload["s"], email=payload.get("e"))
            .first()
        )
        if subscription is None:
            return None  # already unsubscribed
        return _("email about %(what)s, to %(email)s") % {
            "what": describe(subscription),
            "email": subscription.email,
        }
    return _("every email about comments to %(email)s") % {"email": payload.get("e")}


def unsubscribe(*, token):
    """Stop what the link names. Returns how many subscriptions (or alerts) ended; a second
    click ends nothing and is no error."""
    payload = read_token(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    with transaction.atomic():
        if "n" in payload:  # an account's mention emails (a closed account's: nothing to do)
            if not get_user_model().objects.filter(pk=payload["n"]).exists():
                return 0
            MentionAlerts.objects.update_or_create(user_id=payload["n"], defaults={"email": False})
            return 1
        if "m" in payload:
            return (
                ModeratorAlerts.objects.filter(user_id=payload["m"])
                .exclude(frequency=ModeratorAlerts.Frequency.NONE)
                .update(frequency=ModeratorAlerts.Frequency.NONE)
            )
        if "s" in payload:
            ended = Subscription.objects.filter(pk=payload["s"], email=payload.get("e"))
        else:
            ended = Subscription.objects.filter(email=payload.get("e"))
        # What was waiting to go to the address for these subscriptions goes nowhere now.
        email_cancel(
            emails=Email.objects.filter(
                data__subscription__in=list(ended.values_list("pk", flat=True))
            )
        )
        count, _ = ended.delete()
        return count


def describe(subscription):
    """What a subscription is for, told to its subscriber: "new follow-up comments on “…”"."""
    what = {
        Kind.FOLLOW_UPS: _("new follow-up comments on “%(headline)s”"),
        Kind.REPLIES: _("new replies to your comments on “%(headline)s”"),
        Kind.COMMENT: _("replies to your comment on “%(headline)s”"),
    }[subscription.kind]
    return what % {"headline": subscription.article.headline}


# --- What a newly approved or held comment sends -------------------------------------------


def recipients_of(comment):
    """{address: subscription} of the confirmed subscribers a new comment concerns: one entry
    per address, whatever the number of their matching subscriptions, never its author."""
    matching = Q(kind=Kind.FOLLOW_UPS)
    parent = comment.parent
    if parent is not None:
        matching |= Q(kind=Kind.COMMENT, comment_id=parent.pk)
        theirs = Q(email=parent.author_email.lower()) if parent.author_email else Q(pk=None)
        if parent.user_id is not None:
            theirs |= Q(user_id=parent.user_id)
        matching |= Q(kind=Kind.REPLIES) & theirs
    subscriptions = Subscription.objects.filter(
        matching, article_id=comment.article_id, confirmed_at__isnull=False
    ).select_related("article")
    author_email = (comment.author_email or "").lower()
    chosen = {}
    for subscription in subscriptions:
        if subscription.email == author_email or (
            comment.user_id is not None and subscription.user_id == comment.user_id
        ):
            continue
        best = chosen.get(subscription.email)
        if best is None or SPECIFICITY[subscription.kind] < SPECIFICITY[best.kind]:
            chosen[subscription.email] = subscription
    return chosen


def notifications_record(*, comment, rules=None, now=None):
    """Record one email per subscriber about a newly approved comment; past the hourly cap
    the email waits for the subscriber's digest at the end of the hour. Returns the ids of
    the emails sent once the transaction commits. Running it twice for the same comment
    records nothing new."""
    rules = rules or ModerationRules.current()
    now = now or timezone.now()
    chosen = recipients_of(comment)
    if not chosen:
        return []
    hour_start = now.replace(minute=0, second=0, microsecond=0)
    keys = {email: f"comment:{comment.pk}:{email}" for email in chosen}
    this_hour = {
        row["to_email"]: row
        for row in Email.objects.filter(
            to_email__in=list(chosen), kind=EmailKind.COMMENT, created_at__gte=hour_start
        )
        .values("to_email")
        .annotate(
            sent=Count("pk", filter=~Q(status__in=FOLDED_STATES)),
            folded=Count("pk", filter=Q(status__in=FOLDED_STATES)),
        )
    }
    known = set(Email.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    emails, digests, daily = [], [], []
    for email, subscription in chosen.items():
        if keys[email] in known:
            continue
        counts = this_hour.get(email, {"sent": 0, "folded": 0})
        folded = counts["sent"] >= rules.emails_per_hour
        if subscription.daily_digest:
            folded = True
            daily.append(email)
        elif folded and not counts["folded"]:
            digests.append(email)
        emails.append(
            {
                "key": keys[email],
                "kind": EmailKind.COMMENT,
                "to": email,
                "about": comment,
                "data": {"subscription": subscription.pk},
                "fold": folded,
            }
        )
    queued = email_queue_many(emails=emails, now=now)
    for email in digests:
        digest_schedule(kind=EmailKind.DIGEST, to_email=email, now=now)
    for email in daily:
        digest_schedule(kind=EmailKind.DIGEST, to_email=email, now=now, daily=True)
    return queued


def subscription_choose_digest(*, subscription, email, daily):
    """A reader chooses, for one of their subscriptions, each email or a daily digest.
    Only the subscription's own (verified) address may."""
    if not email or subscription.email != email.strip().lower():
        raise PermissionError(_("This subscription is not yours."))
    Subscription.objects.filter(pk=subscription.pk).update(daily_digest=daily)


def author_subscription(comment):
    """The author's confirmed subscription that asked for email about their own comments on
    the article (replies to this comment, or to any of theirs), if they have one.

    That is the opt-in for being told of what happens to a comment (featuring): a guest's
    address counts once its confirmation link was clicked, an account's once it is verified
    (subscription_create). Follow-ups alone (email about other readers' comments) are not.
    """
    theirs = Q(email=comment.author_email.lower()) if comment.author_email else Q(pk=None)
    if comment.user_id is not None:
        theirs |= Q(user_id=comment.user_id)
    about_theirs = Q(kind=Kind.REPLIES) | Q(kind=Kind.COMMENT, comment_id=comment.pk)
    return (
        Subscription.objects.filter(
            theirs, about_theirs, article_id=comment.article_id, confirmed_at__isnull=False
        )
        .order_by("kind", "pk")  # "comment" (this very comment) before "replies"
        .first()
    )


def featured_record(*, comment, now=None):
    """Record the email telling a comment's author that it is featured, if they opted in
    (author_subscription). One per comment, ever: featuring it again sends nothing. Returns
    the email, or None when there is none to send."""
    subscription = author_subscription(comment)
    if subscription is None:
        return None
    email, created = email_queue(
        key=f"featured:{comment.pk}",
        kind=EmailKind.FEATURED,
        to=subscription.email,
        about=comment,
        data={"subscription": subscription.pk},
        now=now,
    )
    return email if created else None


def alerts_record(*, comment, held_at, now=None):
    """Record the alerts about a held comment for the moderators who want them: one email
    each, or an entry in their hourly digest. Returns the ids of the emails sent now."""
    now = now or timezone.now()
    send_now = []
    for alerts in ModeratorAlerts.objects.exclude(
        frequency=ModeratorAlerts.Frequency.NONE
    ).select_related("user"):
        moderator = alerts.user
        if not (
            moderator.is_active
            and moderator.email
            and moderator.has_perm("comments.change_comment")
        ):
            continue
        hourly = alerts.frequency == ModeratorAlerts.Frequency.HOURLY
        email, created = email_queue(
            key=f"held:{comment.pk}:{held_at}:{moderator.pk}",
            kind=EmailKind.HELD,
            to=moderator.email.lower(),
            to_user=moderator,
            about=comment,
            fold=hourly,
            now=now,
        )
        if created and hourly:
            digest_schedule(kind=EmailKind.HELD_DIGEST, to_email=email.to_email, now=now)
        elif created:
            send_now.append(email.pk)
    return send_now
