"""Workflows that write comments, votes, reports and bans. Each is atomic."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from articles.models import Article
from newsroom.client import rate_limited
from newsroom.pagecache import article_scope, public_pages_changed
from newsroom.signals import ip_address_stored
from newsroom.text import normalise, normalise_line

from . import live, moderation, tasks
from .identity import verified_email
from .models import (
    Ban,
    Comment,
    ModerationDecision,
    ModerationRules,
    RejectReason,
    Report,
    Vote,
)
from .text import render_comment


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
    if not article.comments_open or not article.is_published:
        raise CommentRefused("Comments are closed on this article.", code="closed")
    if parent is not None:
        parent = _reply_target(parent=parent, article=article, rules=rules)
    if passage is not None and (
        passage.article_id != article.pk or not passage.is_open or parent is not None
    ):
        raise CommentRefused("This passage is not open for feedback.", code="passage_closed")
    user = reader.user
    if user is not None:
        author_name = user.get_full_name() or user.get_username()
        author_email = user.email
    author_name = normalise_line(author_name)
    if user is None and moderation.name_imitates_staff(author_name):
        raise CommentRefused(
            "This name is kept for the newsroom's staff. Please choose another.",
            code="staff_name",
        )

    if rate_limited("comment-ip", reader.ip, limit=rules.comments_per_minute, period=60) or (
        user is not None
        and rate_limited("comment-user", str(user.pk), limit=rules.comments_per_minute, period=60)
    ):
        raise CommentRefused(
            "You are commenting very fast. Please wait a minute and post again.",
            code="rate_limited",
        )
    if _is_duplicate(body=body, reader=reader, email=author_email, rules=rules):
        raise CommentRefused("You have just posted this comment.", code="duplicate")

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
    )
    with transaction.atomic():
        comment = Comment.objects.create(
            article=article,
            parent=parent,
            root=(parent.root or parent) if parent else None,
            depth=parent.depth + 1 if parent else 0,
            user=user,
            author_name=author_name,
            author_email=(author_email or "").strip().lower(),
            browser_key="" if user else reader.browser_key,
            ip_address=reader.ip,
            body=body,
            body_html=render_comment(body),
            status=verdict.status,
            held_because=verdict.reason,
            hold_reasons=list(verdict.reasons),
            passage=passage,
        )
        if comment.status == Comment.Status.PENDING:
            decision_record(
                action=ModerationDecision.Action.HOLD,
                comment=comment,
                explanation="; ".join(verdict.reasons),
            )
        if comment.is_approved:
            discussion_changed(article)
            live.comments_changed(comment_ids=[comment.pk], kind=live.Kind.NEW)
        _announce(comment)
    _ip_stored(Comment)
    return comment


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
        raise CommentRefused("You can only reply to a published comment on this article.")
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
    rules = rules or ModerationRules.current()
    if not comment_can_edit(comment=comment, reader=reader, rules=rules):
        raise CommentRefused(
            f"Comments can be changed only by their author, within {rules.edit_minutes} minutes."
        )
    body = normalise(body)
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
        # A published comment's author was trusted with it; its new text meets the other rules.
        trusted=True if comment.is_approved else None,
    )
    comment.body = body
    comment.body_html = render_comment(body)
    comment.edited_at = timezone.now()
    held = verdict.status != Comment.Status.APPROVED
    was_public = comment.is_approved
    if held:
        comment.status = verdict.status
        comment.held_because = f"edited: {verdict.reason}"
    with transaction.atomic():
        comment.save(update_fields=["body", "body_html", "edited_at", "status", "held_because"])
        discussion_changed(comment.article)
        if was_public:
            kind = live.Kind.REMOVE if held else live.Kind.EDIT
            live.comments_changed(comment_ids=[comment.pk], kind=kind)
        if held and comment.status == Comment.Status.PENDING:
            tasks.comment_held(comment=comment)
    return comment


def comment_delete(*, comment, reader):
    """The author withdraws a comment; replies keep their place under a placeholder."""
    if not reader.owns(comment) or comment.is_deleted:
        raise CommentRefused("Only the author can delete this comment.")
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
        changed = list(comments.exclude(status=status).order_by("pk").values_list("pk", flat=True))
        was_public = list(
            Comment.objects.filter(pk__in=changed, status=Comment.Status.APPROVED).values_list(
                "pk", flat=True
            )
        )
        now = timezone.now()
        count = comments.update(
            status=status,
            moderated_at=now,
            rejection_reason=reason if status == Comment.Status.REJECTED else "",
        )
        ModerationDecision.objects.bulk_create(
            ModerationDecision(
                comment_id=pk,
                moderator=moderator,
                action=DECISION_FOR_STATUS[status],
                reason=reason,
                explanation=explanation,
                created_at=now,
            )
            for pk in changed
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
        raise VoteRefused("A vote is up or down.")
    if comment.status != Comment.Status.APPROVED:
        raise VoteRefused("Only published comments can be voted on.")
    if reader.owns(comment):
        raise VoteRefused("You cannot vote on your own comment.")
    if reader.user is not None and not verified_email(reader.user):
        # A burst of new accounts cannot move a score: an account votes once it is verified.
        raise VoteRefused(
            "Please verify your email address first: open the link we sent you, then vote."
        )
    rules = ModerationRules.current()
    if _too_many(reader, "vote", limit=rules.votes_per_minute, period=60):
        raise VoteRefused("You are voting very fast. Please wait a minute and vote again.")
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
            raise VoteRefused("Someone at your internet address has already voted on this.")
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


def comment_report(*, comment, reader, reason, rules=None):
    """Record a reader's report; enough distinct reports hold the comment for review.

    Returns False when this reader had already reported the comment.
    """
    rules = rules or ModerationRules.current()
    if comment.status != Comment.Status.APPROVED:
        raise CommentRefused("This comment is not published.")
    if _too_many(reader, "report", limit=rules.reports_per_hour, period=60 * 60):
        raise CommentRefused(
            "You have sent many reports in a short time. Please try again later.",
            code="rate_limited",
        )
    try:
        with transaction.atomic():
            Report.objects.create(
                comment=comment,
                reporter_key=reader.voter_key,
                user=reader.user,
                ip_address=reader.ip,
                reason=reason,
            )
            _ip_stored(Report)
            # The update locks the comment's row, so concurrent reports are counted in turn.
            Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
            # Once a moderator has decided, only the reports made since then count.
            reports = Report.objects.filter(comment=comment)
            reviewed_at = Comment.objects.values_list("moderated_at", flat=True).get(pk=comment.pk)
            if reviewed_at is not None:
                reports = reports.filter(created_at__gt=reviewed_at)
            if reports.count() >= rules.reports_to_hold and (
                Comment.objects.filter(pk=comment.pk, status=Comment.Status.APPROVED).update(
                    status=Comment.Status.PENDING,
                    held_because=f"reported by {rules.reports_to_hold} or more readers",
                )
            ):
                discussion_changed(comment.article)
                live.comments_changed(comment_ids=[comment.pk], kind=live.Kind.REMOVE)
                tasks.comment_held(comment=comment)
    except IntegrityError:
        return False
    return True


def ban_create(*, kind, value, reason="", moderator=None):
    value = (value or "").strip().lower()
    if not value:
        raise ValidationError("Nothing to ban.")
    ban, _ = Ban.objects.get_or_create(
        kind=kind, value=value, defaults={"reason": reason, "created_by": moderator}
    )
    return ban
