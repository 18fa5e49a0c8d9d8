"""Posting a comment, a reply or inline feedback, judged by the moderation rules, and the
checks it passes first; a reader who verified an address claims the comments posted under it.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from articles.models import Article
from newsroom.client import rate_limited
from newsroom.text import normalise, normalise_line

from .. import closing, live, mentions, moderation, tasks
from ..models import Ban, Comment, ModerationDecision, ModerationRules, Sanction
from .common import CommentRefused, _ip_stored, discussion_changed
from .moderating import decision_record


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
                reasons=verdict.reasons,
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
