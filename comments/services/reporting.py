"""Readers' reports of a comment (enough of them hold it for review), and notices of
illegal content."""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from newsroom.client import rate_limited
from newsroom.text import normalise, normalise_line

from .. import hold_reasons, live, notice_emails, reports, tasks
from ..models import (
    Comment,
    IllegalContentNotice,
    ModerationDecision,
    ModerationRules,
    RejectReason,
    Report,
)
from .common import CommentRefused, _ip_stored, discussion_changed
from .moderating import decision_record


@dataclass(frozen=True)
class NoticeDetails:
    """What a reader who reports illegal content gives (EU Digital Services Act, art. 16)."""

    law: str
    explanation: str
    name: str
    email: str


def _reports_limited(reader, rules):
    """Reports are counted per network (an IPv4 address, an IPv6 /64) and per account."""
    limit, hour = rules.reports_per_hour, 60 * 60
    by_network = rate_limited(
        "report-net", reports.network(reader.ip) or reader.browser_key, limit=limit, period=hour
    )
    by_user = reader.user is not None and rate_limited(
        "report-user", str(reader.user.pk), limit=limit, period=hour
    )
    return by_network or by_user


def comment_report(*, comment, reader, reason, rules=None, notice=None):
    """Record a reader's report; enough reports that weigh (comments.reports) hold the
    comment for review. With `notice` (NoticeDetails, for reason "illegal") the report is a
    notice of illegal content, recorded and acknowledged by email.

    Returns False when this reader had already reported the comment (a notice is recorded
    all the same: it asks for a decision whoever sent it).
    """
    rules = rules or ModerationRules.current()
    if reason not in RejectReason.values:
        raise ValueError(f"Unknown reason {reason!r}")
    if notice is not None and reason != RejectReason.ILLEGAL:
        raise ValueError("A notice of illegal content is a report of illegal content.")
    if comment.status != Comment.Status.APPROVED:
        raise CommentRefused(_("This comment is not published."))
    if _reports_limited(reader, rules):
        raise CommentRefused(
            _("You have sent many reports in a short time. Please try again later."),
            code="rate_limited",
        )
    who = reports.reporter(reader)
    try:
        with transaction.atomic():
            # Reports on one comment take turns: each weighs against those before it.
            list(Comment.objects.select_for_update().filter(pk=comment.pk).values_list("pk"))
            report = Report.objects.create(
                comment=comment,
                reporter_key=who.key,
                network_key=who.network_key,
                user=reader.user,
                ip_address=reader.ip,
                reason=reason,
                counted=reports.weighs(comment=comment, reporter=who, rules=rules),
            )
            _ip_stored(Report)
            if reports.recount(comment) >= rules.reports_to_hold:
                _hold_reported(comment, rules)
            if notice is not None:
                _notice_record(comment=comment, report=report, details=notice)
    except IntegrityError:
        if notice is not None:
            with transaction.atomic():
                _notice_record(comment=comment, report=None, details=notice)
        return False
    return True


def _hold_reported(comment, rules):
    because = hold_reasons.reason(hold_reasons.REPORTED, count=rules.reports_to_hold)
    held = Comment.objects.filter(pk=comment.pk, status=Comment.Status.APPROVED).update(
        status=Comment.Status.PENDING, held_because=because["code"], hold_reasons=[because]
    )
    if held:
        decision_record(
            action=ModerationDecision.Action.HOLD,
            comment=comment,
            reasons=[because],
        )
        discussion_changed(comment.article)
        live.comments_changed(comment_ids=[comment.pk], kind=live.Kind.REMOVE)
        tasks.comment_held(comment=comment)


def _notice_record(*, comment, report, details):
    notice = IllegalContentNotice.objects.create(
        comment=comment,
        report=report,
        content_url=f"{settings.SITE_URL}{comment.get_absolute_url()}",
        content_text=comment.body,
        law=normalise_line(details.law),
        explanation=normalise(details.explanation),
        notifier_name=normalise_line(details.name),
        notifier_email=details.email,
        good_faith=True,
    )
    notice_emails.notice_acknowledge(notice=notice)
    return notice
