"""Moderators' decisions: the status of many comments at once, rejecting with a reason the
authors are told, a line of the audit log; and a warned reader acknowledging the warning."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article

from .. import hold_reasons, live, notifications, reports, tasks
from ..models import Comment, ModerationDecision, RejectReason, Sanction
from .common import discussion_changed

# The audit log's action for each status a moderator sets.
DECISION_FOR_STATUS = {
    Comment.Status.APPROVED: ModerationDecision.Action.APPROVE,
    Comment.Status.REJECTED: ModerationDecision.Action.REJECT,
    Comment.Status.SPAM: ModerationDecision.Action.SPAM,
    Comment.Status.DELETED: ModerationDecision.Action.DELETE,
    Comment.Status.PENDING: ModerationDecision.Action.HOLD,
}


def comment_moderate(*, comments, status, moderator=None, reason="", explanation=""):
    """Set the status of many comments at once (the moderators' bulk actions and row links),
    each change written to the audit log with its reason.

    Subscribers hear of each comment that this publishes, once the change is committed.
    """
    if status not in Comment.Status.values:
        raise ValueError(f"Unknown status {status!r}")
    if reason and reason not in RejectReason.values:
        raise ValueError(f"Unknown reason {reason!r}")
    with transaction.atomic():
        articles = Article.objects.filter(pk__in=comments.values("article_id"))
        discussion_changed(*articles)
        every = list(comments.order_by("pk").values_list("pk", "status"))
        changed = [pk for pk, was in every if was != status]
        was_public = [pk for pk, was in every if was != status and was == Comment.Status.APPROVED]
        now = timezone.now()
        count = comments.update(
            status=status,
            moderated_at=now,
            rejection_reason=reason if status == Comment.Status.REJECTED else "",
        )
        # Approving dismisses the comments' open reports, removing upholds them (kept, with
        # the outcome, as each reporter's record). A published comment approved again is
        # logged when that dismissed reports.
        dismissed = reports.reports_settle(
            comment_ids=[pk for pk, _ in every], status=status, now=now
        )
        logged = changed + sorted(set(dismissed) - set(changed))
        ModerationDecision.objects.bulk_create(
            ModerationDecision(
                comment_id=pk,
                moderator=moderator,
                action=DECISION_FOR_STATUS[status],
                reason=reason,
                explanation=explanation,
                reasons=(
                    [hold_reasons.reason(hold_reasons.REPORTS_DISMISSED, count=dismissed[pk])]
                    if pk in dismissed
                    else []
                ),
                created_at=now,
            )
            for pk in logged
        )
        if status == Comment.Status.APPROVED and changed:
            tasks.comment_approved(comment_ids=changed)
            live.comments_changed(comment_ids=changed, kind=live.Kind.NEW)
        elif was_public:
            kind = live.Kind.DELETE if status == Comment.Status.DELETED else live.Kind.REMOVE
            live.comments_changed(comment_ids=was_public, kind=kind)
        return count


def decision_record(
    *,
    action,
    moderator=None,
    comment=None,
    reason="",
    explanation="",
    reasons=(),
    subject_user=None,
    subject_email="",
    subject_ip=None,
):
    """Write one line of the audit log (a decision that is not a change of status).
    `reasons` are the site's own, as codes (comments.hold_reasons), shown in the reader's
    language; `explanation` is what a person typed."""
    return ModerationDecision.objects.create(
        action=action,
        moderator=moderator,
        comment=comment,
        reason=reason,
        explanation=explanation,
        reasons=list(reasons),
        subject_user=subject_user,
        subject_email=(subject_email or "").strip().lower(),
        subject_ip=subject_ip,
    )


def comment_reject(*, comments, moderator, reason, explanation=""):
    """Reject these comments for `reason` (a RejectReason) and tell each author why, by one
    email listing their comments (if they gave an address; an account's only once
    verified). Comments that were spam are rejected without an email: no mail to a bot's
    address. Returns how many comments changed.

    The moderators' desk calls it as moderation.services.comment_reject; it lives here
    because the admin's queue, below the desk, rejects too."""
    if reason not in RejectReason.values:
        raise ValidationError(_("Choose a reason for the rejection."), code="reason")
    with transaction.atomic():
        told = list(
            comments.exclude(status__in=[Comment.Status.REJECTED, Comment.Status.SPAM])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        count = comment_moderate(
            comments=comments,
            status=Comment.Status.REJECTED,
            moderator=moderator,
            reason=reason,
            explanation=explanation,
        )
        notifications.rejections_record(comment_ids=told, reason=reason, explanation=explanation)
    return count


def warning_acknowledge(*, sanctions, now=None):
    """The reader has read these warnings: they may comment again. Returns how many."""
    return sanctions.filter(
        kind=Sanction.Kind.WARNING, acknowledged_at__isnull=True, lifted_at__isnull=True
    ).update(acknowledged_at=now or timezone.now())
