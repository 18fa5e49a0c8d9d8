"""Workflows of the moderators' desk. Keyword-only, atomic."""

from django.db import transaction

from comments import services as comment_services
from comments.models import Ban, Comment, ModerationDecision

Status = Comment.Status


def comment_reject(*, comments, moderator, reason, explanation=""):
    """Reject these comments with a reason (comments.models.RejectReason) on the audit log.

    The desk's smallest version (issue 12, "desk" part): the "people" part owns this name
    and also tells each author the reason by email. Returns how many changed.
    """
    return comment_services.comment_moderate(
        comments=comments,
        status=Status.REJECTED,
        moderator=moderator,
        reason=reason,
        explanation=explanation,
    )


def authors_ban(*, comments, moderator, reason=""):
    """Ban the authors of these comments and mark the comments as spam.

    Each author is banned by email address (an account's or a guest's), or by IP address
    when there is no address; their future comments go straight to spam (comments.moderation).
    Returns (number of bans, number of comments marked as spam).
    """
    rows = list(comments.order_by().values_list("pk", "author_email", "ip_address", "user_id"))
    bans = {}
    for pk, email, ip, user_id in rows:
        if email:
            bans.setdefault((Ban.Kind.EMAIL, email.strip().lower()), (pk, user_id))
        elif ip:
            bans.setdefault((Ban.Kind.IP, ip), (pk, user_id))
    reason = reason or "Banned from the moderators' desk"
    with transaction.atomic():
        for (kind, value), (pk, user_id) in sorted(bans.items()):
            comment_services.ban_create(kind=kind, value=value, reason=reason, moderator=moderator)
            ModerationDecision.objects.create(
                action=ModerationDecision.Action.BAN,
                moderator=moderator,
                comment_id=pk,
                explanation=f"{Ban.Kind(kind).label}: {value}. {reason}",
                subject_user_id=user_id,
                subject_email=value if kind == Ban.Kind.EMAIL else "",
                subject_ip=value if kind == Ban.Kind.IP else None,
            )
        spam = comment_services.comment_moderate(
            comments=Comment.objects.filter(pk__in=[pk for pk, *_ in rows]).exclude(
                status=Status.SPAM
            ),
            status=Status.SPAM,
            moderator=moderator,
        )
    return len(bans), spam
