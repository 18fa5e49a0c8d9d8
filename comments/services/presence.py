"""A comment's place on the page that a moderator gives it: featured, or the pinned thread."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article

from .. import hold_reasons, live, tasks
from ..models import Comment, ModerationDecision
from .common import CommentRefused, discussion_changed
from .moderating import decision_record


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
                    reasons=[hold_reasons.reason(hold_reasons.PIN_REPLACED, comment=locked.pk)],
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
