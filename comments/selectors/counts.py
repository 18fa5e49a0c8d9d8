"""How many comments and threads an article's discussion has, cached until it changes."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Q

from newsroom.pagecache import article_scope, content_version

from ..models import Comment

# Comments shown to everyone only as a placeholder, and only while replies hang from them.
PLACEHOLDERS = [Comment.Status.DELETED, Comment.Status.PENDING]


@dataclass(frozen=True)
class Counts:
    approved: int  # approved comments, replies included
    threads: int  # threads everyone sees (a page's places)
    feedback_threads: int  # of which inline feedback
    featured: int = 0  # approved comments a moderator featured
    featured_in_pinned: int = 0  # of which in the pinned thread (shown there, not below it)
    pinned: int | None = None  # the id of the pinned thread, if it is published
    pinned_feedback: int | None = None  # the same, if that thread is inline feedback


def discussion_counts(article):
    """How many comments and threads an article has. Counting them grows with the
    discussion, so the numbers are counted in one query and cached under the article's
    discussion generation, which every change to the discussion renews
    (comments.services.discussion_changed). One entry an article, stamped with the
    generation and overwritten when it is stale: filed under each generation, a busy
    discussion left one copy a vote behind for an hour."""
    # v3: one entry an article, (generation, counts).
    key = f"comments:counts:v3:{article.pk}"
    version = content_version(article_scope(article.slug))
    stamped = cache.get(key)
    counts = stamped[1] if stamped is not None and stamped[0] == version else None
    if counts is None:
        approved = Q(status=Comment.Status.APPROVED)
        answered = Exists(Comment.objects.approved().filter(root=OuterRef("pk")))
        thread = Q(parent__isnull=True) & (approved | (Q(status__in=PLACEHOLDERS) & Q(answered)))
        pinned = approved & Q(parent__isnull=True, pinned_at__isnull=False)
        featured = approved & Q(featured_at__isnull=False)
        # A subquery, not a join: only the few featured rows ask it.
        pinned_root = Exists(
            Comment.objects.approved().filter(pk=OuterRef("root_id"), pinned_at__isnull=False)
        )
        in_pinned = pinned | Q(pinned_root)
        row = Comment.objects.filter(article=article).aggregate(
            approved=Count("pk", filter=approved),
            threads=Count("pk", filter=thread),
            feedback_threads=Count("pk", filter=thread & Q(passage__isnull=False)),
            featured=Count("pk", filter=featured),
            featured_in_pinned=Count("pk", filter=featured & in_pinned),
            pinned=Max("pk", filter=pinned),
            pinned_feedback=Max("pk", filter=pinned & Q(passage__isnull=False)),
        )
        counts = Counts(**row)
        cache.set(key, (version, counts), timeout=60 * 60)
    return counts


def _public_threads(article):
    """The threads everyone sees: approved ones, and deleted or held ones while replies hang
    from them (a placeholder without replies must not take one of a page's places)."""
    answered = Exists(Comment.objects.approved().filter(root=OuterRef("pk")))
    return Comment.objects.filter(article=article, parent__isnull=True).filter(
        Q(status=Comment.Status.APPROVED) | (Q(status__in=PLACEHOLDERS) & Q(answered))
    )
