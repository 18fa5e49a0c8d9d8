"""Where a comment is shown (the page of threads, or its thread's own page), and which
comments a reader may know exist."""

from dataclasses import dataclass

from django.db.models import Q

from ..models import Comment, ModerationRules
from .counts import _public_threads
from .threads import discussion_for


@dataclass(frozen=True)
class Place:
    """Where a comment is shown: a page of its article's threads (newest first), or, for
    a reply beyond those a thread shows at first, the page of its whole thread."""

    page: int = 1
    thread_root: int | None = None  # the thread's page holds it


def place_of(comment, *, viewer=None, rules=None):
    """Where a comment is shown: the page counted among the threads everyone sees, and
    whether the reply is among the first ones of its thread as `viewer` sees it (their own
    held replies included)."""
    rules = rules or ModerationRules.current()
    root_id = comment.root_id or comment.pk
    root = comment if comment.root_id is None else Comment.objects.get(pk=root_id)
    if root.pinned_at is not None and root.status == Comment.Status.APPROVED:
        page = 1  # the pinned thread tops the first page
    else:
        newer = (
            _public_threads(comment.article)
            .filter(
                Q(created_at__gt=root.created_at) | Q(created_at=root.created_at, pk__gt=root.pk)
            )
            .exclude(pinned_at__isnull=False, status=Comment.Status.APPROVED)
        )
        page = newer.count() // rules.threads_per_page + 1
    if comment.root_id is not None:
        # A reply is on that page if its thread shows it there: among the first replies,
        # as many as the page's other threads leave room for (replies_cap).
        shown = discussion_for(article=comment.article, viewer=viewer, page=page, rules=rules)
        if shown is None or all(entry.comment.pk != comment.pk for entry in shown.entries):
            return Place(page=page, thread_root=root_id)
    return Place(page=page)


def holds_replies(comment):
    """Whether a deleted comment still holds its place in the threads (as "This comment was
    deleted."): approved replies hang from it."""
    below = Q(parent=comment) | Q(root=comment) if comment.parent_id is None else Q(parent=comment)
    return Comment.objects.approved().filter(below).exists()


def comment_known_to(*, pk, reader):
    """The comment with this id if the reader may know that it exists, else None.

    A reader knows their own comments, whatever became of them, and the comments anybody
    can see: approved ones and the placeholders of deleted ones that hold replies, under a
    published article. Any other comment (held, rejected, spam, withdrawn, on a draft)
    must answer as an id that was never used does, so that nobody can probe for it.
    """
    comment = Comment.objects.select_related("article").filter(pk=pk).first()
    if comment is None:
        return None
    if reader is not None and reader.owns(comment):
        return comment
    if not comment.article.is_published:
        return None
    placeholder = comment.is_deleted or comment.status == Comment.Status.PENDING
    if comment.is_approved or (placeholder and holds_replies(comment)):
        return comment
    return None
