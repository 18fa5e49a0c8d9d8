"""Background tasks (django.tasks): who hears of a comment, worked out away from the request.

The worker (manage.py db_worker) runs them; the tests' immediate backend runs them at once.
Each may run twice without harm: the emails are recorded in the outbox under unique keys,
and the outbox sends each at most once (outbox.tasks). The hourly digests are in
comments.digests.
"""

from django.tasks import task
from django.utils import timezone

from newsroom.tasks import enqueue_after_commit
from outbox.tasks import send_email  # noqa: F401  (an old task path: see below)

from . import mentions, notifications
from .digests import send_digest  # noqa: F401  (an old task path: see below)
from .models import Comment

# Tasks queued before send_email moved to the outbox and send_digest to comments.digests
# are stored as "comments.tasks.<name>"; the two names imported above keep such tasks
# (a retry, an hour's digest) running across the upgrade.


# A moderator's bulk approval of 500 comments records 5 tasks, not 500 (bench/moderation.py).
APPROVED_PER_TASK = 100


def comment_approved(*, comment_ids):
    """Once the transaction commits, tell the subscribers of these newly approved comments:
    one task a comment, or for many (a bulk approval) one task per hundred."""
    ids = list(comment_ids)
    if len(ids) == 1:
        enqueue_after_commit(notify_subscribers, ids[0])
        return
    for start in range(0, len(ids), APPROVED_PER_TASK):
        enqueue_after_commit(notify_subscribers_of, ids[start : start + APPROVED_PER_TASK])


def comment_held(*, comment):
    """Once the transaction commits, alert the moderators who asked about held comments."""
    enqueue_after_commit(alert_moderators, comment.pk, timezone.now().isoformat())


def comment_featured(*, comment):
    """Once the transaction commits, tell the author that a moderator featured their comment
    (if they asked for email about their comments)."""
    enqueue_after_commit(tell_featured_author, comment.pk)


def comment_mentions_changed(*, comment):
    """Once the transaction commits, email the accounts that an edit of a published comment
    newly mentions (those told before are not told again)."""
    enqueue_after_commit(notify_mentioned, comment.pk)


@task
def notify_mentioned(comment_id):
    """Email the accounts a published comment mentions (at most once a comment and person)."""
    comment = Comment.objects.filter(pk=comment_id, status=Comment.Status.APPROVED).first()
    if comment is None:
        return 0
    return len(mentions.mention_emails_record(comment=comment))


@task
def tell_featured_author(comment_id):
    """Record the email telling the author their comment is featured (at most one a comment)."""
    comment = (
        Comment.objects.select_related("article")
        .filter(pk=comment_id, status=Comment.Status.APPROVED, featured_at__isnull=False)
        .first()
    )
    if comment is None:
        return 0
    return int(notifications.featured_record(comment=comment) is not None)


@task
def notify_subscribers_of(comment_ids):
    """notify_subscribers for each of these comments, in one task (each runs at most once per
    subscriber and comment: the outbox's keys), returning the emails recorded."""
    return sum(notify_subscribers.call(pk) or 0 for pk in comment_ids)


@task
def notify_subscribers(comment_id):
    """Tell the subscribers about a newly approved comment (one email each, at most), and
    the accounts it mentions."""
    comment = (
        Comment.objects.select_related("article", "parent")
        .filter(pk=comment_id, status=Comment.Status.APPROVED)
        .first()
    )
    if comment is None:
        return 0
    told = len(mentions.mention_emails_record(comment=comment))
    return told + len(notifications.notifications_record(comment=comment))


@task
def alert_moderators(comment_id, held_at):
    """Tell the moderators who asked that a comment is held for review."""
    comment = Comment.objects.filter(pk=comment_id, status=Comment.Status.PENDING).first()
    if comment is None:
        return 0
    return len(notifications.alerts_record(comment=comment, held_at=held_at))
