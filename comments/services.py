"""Workflows that write comments, votes, reports and bans. Each is atomic."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import Article
from newsroom.client import rate_limited
from newsroom.pagecache import article_scope, public_pages_changed
from newsroom.signals import ip_address_stored
from newsroom.text import normalise, normalise_line

from . import (
    closing,
    hold_reasons,
    live,
    mentions,
    moderation,
    notice_emails,
    notifications,
    reports,
    tasks,
)
from .identity import verified_email
from .models import (
    Ban,
    Comment,
    CommentRevision,
    IllegalContentNotice,
    ModerationDecision,
    ModerationRules,
    RejectReason,
    Report,
    Sanction,
    Vote,
)


def discussion_changed(*articles):
    """What readers see under these articles changed: their cached pages are stale."""
    public_pages_changed(*{article_scope(article.slug) for article in articles})


class CommentRefused(ValidationError):
    """The comment cannot be accepted; the message says why, for the form."""


class VoteRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def comment_post(
    *,
    article,
    reader,
    body,
    author_name="",
    author_email="",
    parent=None,
    seconds_taken=None,
    honeypot="",
    passage=None,
    rules=None,
):
    """Accept a new comment, reply or inline feedback (on a passage), judged by the
    moderation rules."""
    rules = rules or ModerationRules.current()
    body = normalise(body)
    discussion = closing.discussion_state(article, rules=rules)
    if not discussion.is_open:
        raise CommentRefused(discussion.closed_message, code="closed")
    reply_to = None
    if parent is not None:
        answered, parent = parent, _reply_target(parent=parent, article=article, rules=rules)
        reply_to = answered if answered.pk != parent.pk else None
    if passage is not None and (
        passage.article_id != article.pk or not passage.is_open or parent is not None
    ):
        raise CommentRefused(_("This passage is not open for feedback."), code="passage_closed")
    user = reader.user
    if user is not None:
        author_name = user.get_full_name() or user.get_username()
        author_email = user.email
    author_name = normalise_line(author_name)
    if user is None and moderation.name_imitates_staff(author_name):
        raise CommentRefused(
            _("This name is kept for the newsroom's staff. Please choose another."),
            code="staff_name",
        )

    if rate_limited("comment-ip", reader.ip, limit=rules.comments_per_minute, period=60) or (
        user is not None
        and rate_limited("comment-user", str(user.pk), limit=rules.comments_per_minute, period=60)
    ):
        raise CommentRefused(
            _("You are commenting very fast. Please wait a minute and post again."),
            code="rate_limited",
        )
    if _is_duplicate(body=body, reader=reader, email=author_email, rules=rules):
        raise CommentRefused(_("You have just posted this comment."), code="duplicate")
    premoderated = _refuse_if_sanctioned(user=user, email=author_email)

    verdict = moderation.judge(
        rules=rules,
        article=article,
        body=body,
        email=author_email,
        user=user,
        ip=reader.ip,
        seconds_taken=seconds_taken,
        honeypot=honeypot,
        browser_key="" if user else reader.browser_key,
        mode=discussion.mode,
        premoderated=premoderated,
    )
    rendered = mentions.comment_render(article=article, body=body, rules=rules)
    with transaction.atomic():
        comment = Comment.objects.create(
            article=article,
            parent=parent,
            reply_to=reply_to,
            root=(parent.root or parent) if parent else None,
            depth=parent.depth + 1 if parent else 0,
            user=user,
            author_name=author_name,
            author_email=(author_email or "").strip().lower(),
            browser_key="" if user else reader.browser_key,
            ip_address=reader.ip,
            body=body,
            body_html=rendered.html,
            status=verdict.status,
            held_because=verdict.code,
            hold_reasons=list(verdict.reasons),
            passage=passage,
        )
        if rendered.mentioned:
            mentions.mentions_record(comment=comment, rendered=rendered)
        if comment.status == Comment.Status.PENDING:
            decision_record(
                action=ModerationDecision.Action.HOLD,
                comment=comment,
                explanation=hold_reasons.for_the_record(verdict.reasons),
            )
        if comment.is_approved:
            discussion_changed(article)
            live.comments_changed(comment_ids=[comment.pk], kind=live.Kind.NEW)
        _announce(comment)
    _ip_stored(Comment)
    return comment


def when(moment):
    """A date and time as a reader is shown it, in the site's time zone."""
    return date_format(timezone.localtime(moment), "j F Y, H:i T")


def _refuse_if_sanctioned(*, user, email):
    """Refuse the comment of a banned or suspended author, or of one who has not yet
    acknowledged a warning, saying why and until when; True when the author's comments are
    to be held ("always pre-moderate")."""
    ban = moderation.author_ban(user=user, email=email)
    if ban is not None:
        whom = _("Your account") if ban.kind == Ban.Kind.ACCOUNT else _("This email address")
        raise CommentRefused(
            _("%(whom)s is banned from commenting here. The ban has no end date.")
            % {"whom": whom},
            code="banned",
        )
    sanction = moderation.author_sanction(user=user, email=email)
    if sanction is None:
        return False
    own = user is not None and sanction.user_id == user.pk
    if sanction.kind == Sanction.Kind.SUSPENSION:
        if own:
            message = _(
                "A moderator has suspended your comments until %(date)s. Reason: %(reason)s"
            ) % {"date": when(sanction.ends_at), "reason": sanction.reason}
        else:
            # Whoever types the address sees this: the date, not the moderator's reason.
            message = _("Comments from this email address are suspended until %(date)s.") % {
                "date": when(sanction.ends_at)
            }
        raise CommentRefused(message, code="suspended")
    if sanction.kind == Sanction.Kind.WARNING:
        if own:
            message = format_html(
                _(
                    'A moderator has sent you a warning. Please <a href="{}">read it and '
                    "confirm</a> before you comment again."
                ),
                reverse("comments:warning"),
            )
        else:
            message = _(
                "A moderator has sent a warning to this email address. Please open the link "
                "in that email and confirm you read it before you comment again."
            )
        raise CommentRefused(message, code="warned")
    return True


def _announce(comment):
    """Email the subscribers of a published comment, or the moderators of a held one."""
    if comment.status == Comment.Status.APPROVED:
        tasks.comment_approved(comment_ids=[comment.pk])
    elif comment.status == Comment.Status.PENDING:
        tasks.comment_held(comment=comment)


def _ip_stored(model):
    """An IP address was written: say so, for the privacy app that forgets old ones."""
    ip_address_stored.send(sender=model)


def _too_many(reader, action, *, limit, period):
    """Count one `action` for the reader's IP and account; True when either goes over."""
    by_ip = rate_limited(f"{action}-ip", reader.ip, limit=limit, period=period)
    by_user = reader.user is not None and rate_limited(
        f"{action}-user", str(reader.user.pk), limit=limit, period=period
    )
    return by_ip or by_user


def _reply_target(*, parent, article, rules):
    """The comment a reply attaches to: its parent, or the deepest ancestor allowed replies."""
    if parent.article_id != article.pk or parent.status != Comment.Status.APPROVED:
        raise CommentRefused(_("You can only reply to a published comment on this article."))
    while parent.depth >= rules.max_depth - 1 and parent.parent_id is not None:
        parent = Comment.objects.get(pk=parent.parent_id)
    return parent


def _is_duplicate(*, body, reader, email, rules):
    since = timezone.now() - timedelta(minutes=rules.duplicate_window_minutes)
    same_author = reader.owns_q()
    if email:
        same_author |= Q(author_email__iexact=email)
    return Comment.objects.filter(same_author, body=body, created_at__gte=since).exists()


def comment_can_edit(*, comment, reader, rules=None):
    rules = rules or ModerationRules.current()
    return (
        reader is not None
        and reader.owns(comment)
        and comment.status in {Comment.Status.APPROVED, Comment.Status.PENDING}
        and timezone.now() - comment.created_at <= timedelta(minutes=rules.edit_minutes)
    )


def comment_edit(*, comment, reader, body, rules=None):
    """The author changes their comment's text; the text it had is kept (CommentRevision).

    The new text meets the rules as a new comment would, and its author's trust is counted
    without this comment: an author who is not trusted (staff, the article's contributors,
    or past the new-commenter rule by a verified identity) cannot use a moderator's
    approval of one text to publish another. Such an edit sends a published comment back
    to the queue, its first reason "edited", recorded in the audit log.
    """
    rules = rules or ModerationRules.current()
    if not comment_can_edit(comment=comment, reader=reader, rules=rules):
        raise CommentRefused(
            ngettext(
                "Comments can be changed only by their author, within %(minutes)d minute.",
                "Comments can be changed only by their author, within %(minutes)d minutes.",
                rules.edit_minutes,
            )
            % {"minutes": rules.edit_minutes}
        )
    body = normalise(body)
    if body == comment.body:
        return comment
    premoderated = _refuse_if_sanctioned(user=comment.user, email=comment.author_email)
    discussion = closing.discussion_state(comment.article, rules=rules)
    trusted = moderation.is_trusted(
        email=comment.author_email,
        user=comment.user,
        browser_key=comment.browser_key,
        needed=rules.approved_to_trust,
        excluding=comment,
    )
    verdict = moderation.judge(
        rules=rules,
        article=comment.article,
        body=body,
        email=comment.author_email,
        user=comment.user,
        ip=reader.ip,
        seconds_taken=None,
        honeypot="",
        browser_key=comment.browser_key,
        trusted=trusted,
        mode=discussion.mode,
        premoderated=premoderated,
    )
    was_published = comment.is_approved
    now = timezone.now()
    previous_body = comment.body
    comment.body = body
    rendered = mentions.comment_render(
        article=comment.article,
        body=body,
        rules=rules,
        before=comment.created_at,
        comment=comment,
    )
    comment.body_html = rendered.html
    comment.edited_at = now
    if verdict.status == Comment.Status.SPAM:
        comment.status = Comment.Status.SPAM
        reasons = [hold_reasons.reason(hold_reasons.EDITED), *verdict.reasons]
    elif was_published and verdict.status == Comment.Status.PENDING:
        comment.status = Comment.Status.PENDING
        reasons = [hold_reasons.reason(hold_reasons.EDITED), *verdict.reasons]
    elif was_published:
        reasons = []
    else:  # still held: the reasons it was held for, and that it changed since
        reasons = list(comment.hold_reasons) or [r for r in [comment.held_because] if r]
        edited = [hold_reasons.reason(hold_reasons.EDITED), *verdict.reasons]
        reasons += [r for r in edited if r not in reasons]
    if reasons:
        comment.hold_reasons = reasons
        comment.held_because = hold_reasons.code_of(reasons[0])
    held_again = was_published and comment.status == Comment.Status.PENDING
    with transaction.atomic():
        CommentRevision.objects.create(comment=comment, body=previous_body, created_at=now)
        comment.save(
            update_fields=[
                "body",
                "body_html",
                "edited_at",
                "status",
                "held_because",
                "hold_reasons",
            ]
        )
        mentions.mentions_record(comment=comment, rendered=rendered)
        if held_again:
            decision_record(
                action=ModerationDecision.Action.HOLD,
                comment=comment,
                explanation=hold_reasons.for_the_record(reasons),
            )
        if comment.status == Comment.Status.APPROVED:
            tasks.comment_mentions_changed(comment=comment)  # those newly mentioned hear of it
        discussion_changed(comment.article)
        if was_published:
            kind = (
                live.Kind.EDIT if comment.status == Comment.Status.APPROVED else live.Kind.REMOVE
            )
            live.comments_changed(comment_ids=[comment.pk], kind=kind)
        if held_again:
            tasks.comment_held(comment=comment)
    return comment


def comment_delete(*, comment, reader):
    """The author withdraws a comment; replies keep their place under a placeholder."""
    if not reader.owns(comment) or comment.is_deleted:
        raise CommentRefused(_("Only the author can delete this comment."))
    was_public = comment.is_approved
    comment.status = Comment.Status.DELETED
    comment.body = ""
    comment.body_html = ""
    with transaction.atomic():
        comment.save(update_fields=["status", "body", "body_html"])
        discussion_changed(comment.article)
        if was_public:
            live.comments_changed(comment_ids=[comment.pk], kind=live.Kind.DELETE)
    return comment


def comments_claim(*, user, email):
    """A reader who verified `email` takes the comments they posted under it as a guest: they
    become the account's (to see, edit and delete as its own). Returns how many."""
    email = (email or "").strip().lower()
    if not email:
        return 0
    with transaction.atomic():
        comments = Comment.objects.filter(user__isnull=True, author_email__iexact=email).exclude(
            status=Comment.Status.DELETED
        )
        articles = list(Article.objects.filter(pk__in=comments.values("article_id")))
        count = comments.update(user=user, browser_key="")
        if count:
            discussion_changed(*articles)
    return count


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
                explanation="; ".join(
                    part
                    for part in [
                        explanation,
                        f"Reports dismissed: {dismissed[pk]}." if pk in dismissed else "",
                    ]
                    if part
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


def comment_feature(*, comment, moderator, featured=True):
    """Feature a published comment (it joins the "Featured" tab and carries a badge), or stop
    featuring it. Written to the audit log; the author is told by email when they asked for
    email about their comments (comments.notifications.featured_record). Featuring again
    what is featured changes nothing. Returns the comment, up to date."""
    with transaction.atomic():
        locked = Comment.objects.select_for_update().select_related("article").get(pk=comment.pk)
        if featured and locked.status != Comment.Status.APPROVED:
            raise CommentRefused(
                _("Only a published comment can be featured."), code="not_published"
            )
        if (locked.featured_at is not None) == featured:
            return locked
        locked.featured_at = timezone.now() if featured else None
        locked.save(update_fields=["featured_at"])
        decision_record(
            action=ModerationDecision.Action.FEATURE
            if featured
            else ModerationDecision.Action.UNFEATURE,
            moderator=moderator,
            comment=locked,
        )
        discussion_changed(locked.article)
        live.comments_changed(comment_ids=[locked.pk], kind=live.Kind.FEATURE)
        if featured:
            tasks.comment_featured(comment=locked)
    return locked


def comment_pin(*, comment, moderator, pinned=True):
    """Pin a published thread (a top-level comment) to the top of its article's discussion,
    or unpin it. One thread is pinned an article: pinning another unpins the first, in the
    same transaction. Each change is written to the audit log. Returns the comment."""
    with transaction.atomic():
        # Pins of one article take turns: two moderators pinning two threads at once would
        # otherwise both find none pinned, and the second would break the constraint.
        Article.objects.select_for_update().filter(pk=comment.article_id).values_list("pk").get()
        locked = Comment.objects.select_for_update().select_related("article").get(pk=comment.pk)
        if (locked.pinned_at is not None) == pinned:
            return locked
        if pinned:
            if locked.parent_id is not None:
                raise CommentRefused(
                    _("Only a thread (a comment that is not a reply) can be pinned."),
                    code="not_a_thread",
                )
            if locked.status != Comment.Status.APPROVED:
                raise CommentRefused(
                    _("Only a published comment can be pinned."), code="not_published"
                )
            for previous in Comment.objects.filter(
                article_id=locked.article_id, pinned_at__isnull=False
            ):
                previous.pinned_at = None
                previous.save(update_fields=["pinned_at"])
                decision_record(
                    action=ModerationDecision.Action.UNPIN,
                    moderator=moderator,
                    comment=previous,
                    explanation=f"Another thread was pinned (comment {locked.pk}).",
                )
        locked.pinned_at = timezone.now() if pinned else None
        locked.save(update_fields=["pinned_at"])
        decision_record(
            action=ModerationDecision.Action.PIN if pinned else ModerationDecision.Action.UNPIN,
            moderator=moderator,
            comment=locked,
        )
        discussion_changed(locked.article)
    return locked


def decision_record(
    *,
    action,
    moderator=None,
    comment=None,
    reason="",
    explanation="",
    subject_user=None,
    subject_email="",
    subject_ip=None,
):
    """Write one line of the audit log (a decision that is not a change of status)."""
    return ModerationDecision.objects.create(
        action=action,
        moderator=moderator,
        comment=comment,
        reason=reason,
        explanation=explanation,
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


@dataclass(frozen=True)
class VoteResult:
    comment_id: int
    upvotes: int
    downvotes: int
    score: int
    my_vote: int  # 1, -1 or 0


def vote_cast(*, comment, reader, value):
    """Vote a comment up (1) or down (-1); the same vote again takes it back."""
    if value not in (Vote.UP, Vote.DOWN):
        raise VoteRefused(_("A vote is up or down."))
    if comment.status != Comment.Status.APPROVED:
        raise VoteRefused(_("Only published comments can be voted on."))
    if reader.owns(comment):
        raise VoteRefused(_("You cannot vote on your own comment."))
    if reader.user is not None and not verified_email(reader.user):
        # A burst of new accounts cannot move a score: an account votes once it is verified.
        raise VoteRefused(
            _("Please verify your email address first: open the link we sent you, then vote.")
        )
    rules = ModerationRules.current()
    if _too_many(reader, "vote", limit=rules.votes_per_minute, period=60):
        raise VoteRefused(_("You are voting very fast. Please wait a minute and vote again."))
    try:
        return _vote(comment=comment, reader=reader, value=value)
    except IntegrityError:
        # The same voter's other request won the race; settle against its vote.
        return _vote(comment=comment, reader=reader, value=value)


@transaction.atomic
def _vote(*, comment, reader, value):
    # Votes on one comment take turns (its counters are updated below anyway): a reader's
    # quick repeated clicks then find each other's vote instead of colliding on the unique
    # constraint, which the single retry in vote_cast cannot absorb for three or more.
    list(Comment.objects.select_for_update().filter(pk=comment.pk).values_list("pk"))
    existing = (
        Vote.objects.select_for_update()
        .filter(comment=comment, voter_key=reader.voter_key)
        .first()
    )
    up = down = 0
    if existing is None:
        if reader.user is None and (
            Vote.objects.filter(comment=comment, user__isnull=True, ip_address=reader.ip).exists()
        ):
            raise VoteRefused(_("Someone at your internet address has already voted on this."))
        with transaction.atomic():
            Vote.objects.create(
                comment=comment,
                voter_key=reader.voter_key,
                user=reader.user,
                ip_address=reader.ip,
                value=value,
            )
        _ip_stored(Vote)
        mine = value
        up, down = (1, 0) if value == Vote.UP else (0, 1)
    elif existing.value == value:
        existing.delete()
        mine = 0
        up, down = (-1, 0) if value == Vote.UP else (0, -1)
    else:
        existing.value = value
        existing.save(update_fields=["value"])
        mine = value
        up, down = (1, -1) if value == Vote.UP else (-1, 1)
    Comment.objects.filter(pk=comment.pk).update(
        upvotes=F("upvotes") + up,
        downvotes=F("downvotes") + down,
        score=F("score") + up - down,
    )
    discussion_changed(comment.article)
    counts = Comment.objects.values("upvotes", "downvotes", "score").get(pk=comment.pk)
    return VoteResult(comment_id=comment.pk, my_vote=mine, **counts)


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
            explanation=hold_reasons.for_the_record([because]),
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
