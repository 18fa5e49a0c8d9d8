"""The author changes the text of their comment (the earlier text kept), or withdraws it."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from newsroom.text import normalise

from .. import closing, hold_reasons, live, mentions, moderation, tasks
from ..models import Comment, CommentRevision, ModerationDecision, ModerationRules
from .common import CommentRefused, discussion_changed
from .moderating import decision_record
from .posting import _refuse_if_sanctioned


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
    edited = [hold_reasons.reason(hold_reasons.EDITED), *verdict.reasons]
    if verdict.status == Comment.Status.SPAM:
        comment.status = Comment.Status.SPAM
        reasons = edited
    elif was_published and verdict.status == Comment.Status.PENDING:
        comment.status = Comment.Status.PENDING
        reasons = edited
    elif was_published:
        reasons = []
    else:  # still held: the reasons it was held for, and that it changed since
        reasons = hold_reasons.stored_reasons(comment)
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
                reasons=reasons,
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
