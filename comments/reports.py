"""What a report weighs: who counts as a distinct reporter, whose reports count for nothing,
and what becomes of a comment's reports once a moderator has decided.

- An account is one reporter, wherever it writes from.
- A guest is their network and their browser together (a keyed hash of the IPv4 address or
  the IPv6 /64, with the User-Agent and Accept-Language), never the cookie: fresh cookies
  from one address are the same reporter. Another browser at the same address is recorded
  as a reporter of its own (moderators see it), but one guest network weighs once on a
  comment: a stranger changes their User-Agent as easily as their cookies.
- An account whose decided reports moderators mostly dismissed (the moderation rules say
  how many and what share) is kept, shown, and weighs nothing.
- Comment.report_count is the number of open reports that weigh; the rules hold a comment
  when it reaches reports_to_hold. Approving the comment dismisses its open reports,
  removing it upholds them; either way they stay on record, and the count starts again.
"""

import ipaddress
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.crypto import salted_hmac

from .models import Comment, Report

Outcome = Report.Outcome
# Statuses that remove a comment: its open reports were right.
REMOVED = {Comment.Status.REJECTED, Comment.Status.SPAM, Comment.Status.DELETED}


def network(ip):
    """The network a guest writes from: the IPv4 address, or the /64 of an IPv6 address
    (what one household or phone is given, and picks addresses from at will)."""
    if not ip:
        return ""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


@dataclass(frozen=True)
class Reporter:
    key: str  # Report.reporter_key
    network_key: str  # Report.network_key: "" for an account
    user: object | None


def reporter(reader):
    """The distinct reporter behind a reader (comments.identity.Reader)."""
    if reader.user is not None:
        return Reporter(key=f"u{reader.user.pk}", network_key="", user=reader.user)
    where = network(reader.ip)
    if not where:
        # No address known (not from a web request): the browser's cookie is all there is.
        return Reporter(key=f"b{reader.browser_key}", network_key="", user=None)
    # SHA-1 named, not left to Django's default (which becomes SHA-256 in Django 2028): the
    # keys stored with earlier reports must keep matching the same reporter. HMAC-SHA1 is
    # still a sound keyed hash; these only tell reporters apart.
    network_key = salted_hmac("comments.reports.network", where, algorithm="sha1").hexdigest()[:32]
    key = salted_hmac(
        "comments.reports.guest", f"{where}\n{reader.browser_print}", algorithm="sha1"
    )
    return Reporter(key=f"g{key.hexdigest()[:40]}", network_key=network_key, user=None)


def is_discredited(user, *, rules):
    """Whether moderators dismissed so many of this account's decided reports that its
    reports should weigh nothing."""
    if user is None or not rules.discredit_after_reports:
        return False
    record = Report.objects.filter(user=user).exclude(outcome=Outcome.OPEN)
    counts = record.aggregate(
        decided=Count("pk"), dismissed=Count("pk", filter=Q(outcome=Outcome.DISMISSED))
    )
    return (
        counts["decided"] >= rules.discredit_after_reports
        and counts["dismissed"] * 100 >= rules.discredit_dismissed_percent * counts["decided"]
    )


def weighs(*, comment, reporter, rules):
    """Whether a new report by `reporter` counts toward holding `comment`."""
    if reporter.user is not None:
        return not is_discredited(reporter.user, rules=rules)
    if reporter.network_key:
        return (
            not open_reports(comment)
            .filter(counted=True, network_key=reporter.network_key)
            .exists()
        )
    return True


def open_reports(comment):
    return Report.objects.filter(comment=comment, outcome=Outcome.OPEN)


def recount(comment):
    """Set the comment's report_count from its open reports that weigh; return it."""
    count = open_reports(comment).filter(counted=True).count()
    Comment.objects.filter(pk=comment.pk).update(report_count=count)
    return count


def reports_settle(*, comment_ids, status, now):
    """A moderator set `status` on these comments: approving dismisses their open reports,
    removing upholds them. Returns {comment id: reports dismissed} for the approved ones."""
    if status == Comment.Status.APPROVED:
        outcome = Outcome.DISMISSED
    elif status in REMOVED:
        outcome = Outcome.UPHELD
    else:
        return {}
    settled = Report.objects.filter(comment_id__in=comment_ids, outcome=Outcome.OPEN)
    dismissed = {}
    if outcome == Outcome.DISMISSED:
        dismissed = dict(
            settled.order_by()
            .values("comment_id")
            .annotate(n=Count("pk"))
            .values_list("comment_id", "n")
        )
    if settled.update(outcome=outcome, decided_at=now):
        Comment.objects.filter(pk__in=comment_ids).update(report_count=0)
    return dismissed


def report_dismiss(*, report, now):
    """One report found wrong (a notice of illegal content decided "not illegal")."""
    Report.objects.filter(pk=report.pk, outcome=Outcome.OPEN).update(
        outcome=Outcome.DISMISSED, decided_at=now
    )
    recount(report.comment)
