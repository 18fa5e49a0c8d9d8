"""A WordPress post's comments written in the post's transaction: level by level (a reply
needs its parent's id), each level in one prepared INSERT (imports.bulk), with one origin
row per comment so that a re-run updates them instead of adding them again."""

from django.utils import timezone

from comments.models import Comment

from . import bulk
from .models import Origin

# What an import writes of a comment (as column attributes, in this order).
COMMENT_FIELDS = [
    "parent_id", "root_id", "depth", "reply_to_id", "passage_id", "user_id", "author_name",
    "author_email", "ip_address", "body", "body_html", "status", "upvotes", "downvotes",
    "score", "created_at",
]  # fmt: skip


class CommentWriter:
    """Writes posts' comments for an importer with `counts` (a Counter), the site's
    accounts by lower-case email (`users`) and our threads' `max_depth`."""

    def __init__(self, *, source, counts, users, max_depth, origin_rows):
        self.source, self.counts, self.users, self.max_depth = source, counts, users, max_depth
        self.origin_rows = origin_rows  # a bulk.Inserter of origins, shared with the importer
        self.comment_rows = bulk.Inserter(Comment, ["article_id", *COMMENT_FIELDS])

    def write(self, article, plan, passages, *, site):
        """The post's comments under `article`, as worked out in imports.prepare (a
        CommentPlan), with the post's `passages` (by wpDiscuz form key)."""
        self.counts.update(plan.skipped)
        if not plan.levels:
            return
        keys = [wp_id for level in plan.levels for wp_id, *_ in level]
        existing = dict(
            Origin.objects.filter(
                source=self.source, site=site, kind="comment", key__in=keys
            ).values_list("key", "object_id")
        )
        alive = set()  # our comments still there (a moderator may have deleted some)
        if existing:
            alive = set(
                Comment.objects.filter(pk__in=existing.values()).values_list("pk", flat=True)
            )
        placed = {}  # WordPress id -> (our id, our id of its thread's top, depth)
        origins = []
        for level in plan.levels:
            new, changed = [], []
            for wp_id, parent_id, answered_id, feedback_key, email, own in level:
                parent = placed.get(parent_id)
                parent_pk, thread, depth = parent or (None, None, -1)
                passage = passages.get(feedback_key) if parent is None else None
                row = (
                    parent_pk,
                    thread,
                    depth + 1,
                    placed[answered_id][0] if answered_id else None,
                    passage.pk if passage else None,
                    self.users.get(email),
                    *own,
                )
                pk = existing.get(wp_id)
                if pk in alive:
                    changed.append((pk, *row))
                    placed[wp_id] = (pk, thread or pk, depth + 1)
                else:
                    new.append((wp_id, row))
            if new:
                # No date: now for a new row (the date it had for one imported before).
                now = timezone.now()
                ids = self.comment_rows.insert_returning_ids(
                    [(article.pk, *row[:-1], row[-1] or now) for _, row in new]
                )
                for (wp_id, row), pk in zip(new, ids, strict=True):
                    placed[wp_id] = (pk, row[1] or pk, row[2])
                    origins.append((self.source, site, "comment", wp_id, pk, ""))
                self.counts["comments created"] += len(new)
            if changed:
                bulk.update(Comment, COMMENT_FIELDS, changed, keep_if_null={"created_at"})
                self.counts["comments updated"] += len(changed)
        self.origin_rows.insert(origins)  # one statement for the post's comments
