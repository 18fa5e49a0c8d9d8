"""Notices of illegal content on the desk: deciding one (EU Digital Services Act, art. 16(5)
and 17), and the rows of the transparency export (art. 15)."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comments import notice_emails, reports
from comments.models import Comment, IllegalContentNotice, ModerationDecision, RejectReason
from comments.services import comment_moderate, decision_record

Decision = IllegalContentNotice.Decision

# What the statement of reasons offers the reader who disagrees (art. 17(3)(f)); the
# moderator may change it for each decision.
DEFAULT_REDRESS = _(
    "If you disagree, reply to this email within six months and another member of our staff "
    "will review the decision. You may also turn to an out-of-court dispute settlement body "
    "certified under article 21 of the Digital Services Act, or to a court."
)


class NoticeAlreadyDecided(Exception):
    """Someone decided this notice first."""


def notice_decide(
    *,
    notice,
    moderator,
    decision,
    facts,
    ground,
    ground_explanation,
    automated=False,
    redress="",
):
    """Decide a notice with its statement of reasons: "illegal" removes the comment
    (rejected, reason illegal); "legal" leaves it as it is and dismisses the notice's report.
    The audit log records the decision, and the statement goes to the notifier and to the
    comment's author by email."""
    if decision not in {Decision.ILLEGAL, Decision.LEGAL}:
        raise ValueError(f"Unknown decision {decision!r}")
    if ground not in IllegalContentNotice.Ground.values:
        raise ValueError(f"Unknown ground {ground!r}")
    now = timezone.now()
    with transaction.atomic():
        notice = (
            IllegalContentNotice.objects.select_for_update(of=("self",))
            .select_related("comment__user", "report__comment")
            .get(pk=notice.pk)
        )
        if notice.is_decided:
            raise NoticeAlreadyDecided
        notice.decision = decision
        notice.decided_at = now
        notice.decided_by = moderator
        notice.facts = facts
        notice.ground = ground
        notice.ground_explanation = ground_explanation
        notice.automated = automated
        notice.redress = redress or str(DEFAULT_REDRESS)
        notice.save()
        comment = notice.comment
        if comment is not None and decision == Decision.ILLEGAL:
            comment_moderate(
                comments=Comment.objects.filter(pk=comment.pk),
                status=Comment.Status.REJECTED,
                moderator=moderator,
                reason=RejectReason.ILLEGAL,
                explanation=ground_explanation,
            )
        elif notice.report is not None:
            reports.report_dismiss(report=notice.report, now=now)
        decision_record(
            action=(
                ModerationDecision.Action.ILLEGAL
                if decision == Decision.ILLEGAL
                else ModerationDecision.Action.LEGAL
            ),
            moderator=moderator,
            comment=comment,
            reason=RejectReason.ILLEGAL if decision == Decision.ILLEGAL else "",
            explanation=f"Notice {notice.pk}: {ground_explanation}",
        )
        notice_emails.notice_statement_send(notice=notice)
    return notice


EXPORT_HEADER = [
    "notice",
    "received_at",
    "comment",
    "content_url",
    "law_or_rule_cited",
    "decision",
    "decided_at",
    "hours_to_decide",
    "ground",
    "automated_means",
]


@dataclass(frozen=True)
class Period:
    start: object  # an aware datetime, included
    end: object  # an aware datetime, excluded


def notices_received(period):
    return (
        IllegalContentNotice.objects.filter(
            created_at__gte=period.start, created_at__lt=period.end
        )
        .order_by("created_at", "pk")
        .only(
            "pk",
            "created_at",
            "comment_id",
            "content_url",
            "law",
            "decision",
            "decided_at",
            "ground",
            "automated",
        )
    )


def export_rows(period):
    """The header, then one row per notice received in the period, read in chunks: the
    notices, their decisions and the time each took (no notifier's name or address)."""
    yield EXPORT_HEADER
    for notice in notices_received(period).iterator(chunk_size=500):
        waited = notice.time_to_decide
        yield [
            notice.pk,
            notice.created_at.isoformat(timespec="seconds"),
            notice.comment_id or "",
            spreadsheet_safe(notice.content_url),
            spreadsheet_safe(notice.law),
            notice.decision or "pending",
            notice.decided_at.isoformat(timespec="seconds") if notice.decided_at else "",
            f"{waited.total_seconds() / 3600:.1f}" if waited is not None else "",
            notice.ground,
            "yes" if notice.automated else "no" if notice.decided_at else "",
        ]


def spreadsheet_safe(text):
    """What a stranger typed must not run as a formula when the file opens in a spreadsheet."""
    text = str(text)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text
