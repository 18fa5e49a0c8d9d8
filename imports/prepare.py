"""What an export's post becomes, worked out apart from the database, so that another
process can do it while the importer writes the posts before.

Turning a post's content into our body and its HTML, and each comment into ours (its HTML
read as plain text, our own HTML with links made, names and addresses checked), is about
half of an import's work and needs nothing but the post. `Renderer` hands it to one worker
process on a machine with more than one core and gives each post's result back when it is
written; everything that reads or writes the database stays in the importer's process.
"""

import html
import multiprocessing
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from articles.markdown import render_markdown
from comments.models import Comment
from comments.text import render_comment
from newsroom.text import normalise_line

from . import content, wxr

COMMENT_STATUS = {
    "1": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.DELETED,
    "post-trashed": Comment.Status.DELETED,
}
COMMENT_TYPES = {"", "comment"}  # not pingbacks or trackbacks
# Posts asked for ahead of the one being written: enough to keep the worker busy.
AHEAD = 8


@dataclass
class CommentPlan:
    """A post's comments as the importer writes them: `levels` (see `levels`) of
    (WordPress id, id of the comment it attaches to, id of the one it answers when that is
    another, wpDiscuz feedback form key, email in lower case, comment_values), and what was
    left out (`skipped`: counts by reason)."""

    levels: list = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)


def post_values(text, comments, *, max_depth):
    """The post's body (imports.content.Body), its HTML, and its comments' CommentPlan, from
    its content and its comments' imports.wxr.comment_fields."""
    body = content.convert(text)
    return body, render_markdown(body.markdown), comment_plan(comments, max_depth=max_depth)


def comment_plan(comments, *, max_depth):
    plan = CommentPlan()
    kept = []
    for comment in (wxr.comment(*fields) for fields in comments):
        if comment.type in COMMENT_TYPES:
            kept.append(comment)
        elif comment.type in {"pingback", "trackback"}:
            plan.skipped[f"{comment.type}s skipped"] += 1
        else:
            plan.skipped[f"comments of type {comment.type!r} skipped"] += 1
        plan.skipped["votes meta unreadable"] += comment.bad_meta
    own = dict(zip(map(id, kept), comment_values(kept), strict=True))
    plan.levels = [
        [
            (c.id, attached, answered, c.feedback_key, c.email.lower(), own[id(c)])
            for c, attached, answered in level
        ]
        for level in levels(kept, max_depth=max_depth)
    ]
    return plan


def comment_values(comments):
    """For each WordPress comment (imports.wxr.WPComment), the values of our comment that do
    not depend on the database: author name, email, IP, body, body HTML, status, up, down,
    score, date (imports.wordpress_comments.COMMENT_FIELDS from author_name on, less user)."""
    values = []
    for comment in comments:
        text = content.comment_text(comment.content)
        status = COMMENT_STATUS.get(comment.approved, Comment.Status.PENDING)
        if comment.status in Comment.Status.values:
            status = comment.status
        values.append(
            (
                normalise_line(html.unescape(comment.author))[:80] or _("Anonymous"),
                content.valid_email(comment.email),
                content.valid_ip(comment.ip),
                text,
                render_comment(text),
                status,
                comment.likes,
                comment.dislikes,
                comment.likes - comment.dislikes,
                comment.date,
            )
        )
    return values


def levels(comments, *, max_depth):
    """The comments level by level, top first, each as (comment, the WordPress id of the
    comment it attaches to, the id of the comment it answers when that is another). It
    attaches to its parent, or to the deepest ancestor that may take replies when the
    thread is deeper than ours may be; then it answers its parent (our Comment.reply_to).
    A parent missing from the export (or a loop of parents) makes a comment top-level."""
    by_id = {c.id: c for c in comments}
    children = {}
    roots = []
    for c in comments:
        if c.parent in by_id and c.parent != c.id:
            children.setdefault(c.parent, []).append(c)
        else:
            roots.append(c)
    levels, seen = [], set()
    # Each comment with the ids of the comments above it as attached; a round's parents
    # were all placed in earlier rounds, so each round can be written at once.
    frontier = [(c, []) for c in roots]
    while frontier:
        levels.append(
            [
                (c, chain[-1], c.parent if c.parent != chain[-1] else None)
                if chain
                else (c, None, None)
                for c, chain in frontier
            ]
        )
        following = []
        for c, chain in frontier:
            seen.add(c.id)
            own = [*chain, c.id][: max_depth - 1]
            following += [(child, own) for child in children.get(c.id, ())]
        frontier = following
    orphans = [c for c in comments if c.id not in seen]
    if orphans:
        if not levels:
            levels.append([])
        levels[0].extend((c, None, None) for c in orphans)
    return levels


class Renderer:
    """`ask(item, max_depth=…)` starts working out post_values (in the worker, when there
    is one) and returns a handle; `values(handle, item, max_depth=…)` waits for them.
    Without a worker (one core, or `workers=0`) the work is done when they are asked for."""

    def __init__(self, *, workers=None):
        if workers is None:
            workers = 1 if (os.cpu_count() or 1) > 1 else 0
        self.pool = None
        if workers and "fork" in multiprocessing.get_all_start_methods():
            # Forked: the worker has Django's settings and apps as they are here, and never
            # touches the database (nothing it runs opens a connection).
            context = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)

    def ask(self, item, *, max_depth):
        if self.pool is None:
            return None
        return self.pool.submit(
            post_values, item.content, item.comment_fields, max_depth=max_depth
        )

    def values(self, handle, item, *, max_depth):
        if handle is None:
            return post_values(item.content, item.comment_fields, max_depth=max_depth)
        return handle.result()

    def close(self):
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
