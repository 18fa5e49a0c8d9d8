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
from concurrent.futures import ProcessPoolExecutor

from django.utils.translation import gettext as _

from articles.markdown import render_markdown
from comments.models import Comment
from comments.text import render_comment
from newsroom.text import normalise_line

from . import content

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


def kept_comments(item):
    return [c for c in item.comments if c.type in COMMENT_TYPES]


def post_values(text, comments):
    """The post's body (imports.content.Body), its HTML, and its comments' values."""
    body = content.convert(text)
    return body, render_markdown(body.markdown), comment_values(comments)


def comment_values(comments):
    """For each WordPress comment (imports.wxr.WPComment), the values of our comment that do
    not depend on the database: author name, email, IP, body, body HTML, status, up, down,
    score, date (imports.wordpress.COMMENT_FIELDS from author_name on, less user)."""
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
    """The comments level by level, top first, each with the WordPress id of the comment
    it attaches to: its parent, or the deepest ancestor that may take replies when the
    thread is deeper than ours may be. A parent missing from the export (or a loop of
    parents) makes a comment top-level."""
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
        levels.append([(c, chain[-1] if chain else None) for c, chain in frontier])
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
        levels[0].extend((c, None) for c in orphans)
    return levels


class Renderer:
    """`ask(item)` starts working out post_values (in the worker, when there is one) and
    returns a handle; `values(handle, item)` waits for them. Without a worker (one core, or
    `workers=0`) the work is done when the values are asked for."""

    def __init__(self, *, workers=None):
        if workers is None:
            workers = 1 if (os.cpu_count() or 1) > 1 else 0
        self.pool = None
        if workers and "fork" in multiprocessing.get_all_start_methods():
            # Forked: the worker has Django's settings and apps as they are here, and never
            # touches the database (nothing it runs opens a connection).
            context = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)

    def ask(self, item):
        if self.pool is None:
            return None
        return self.pool.submit(post_values, item.content, kept_comments(item))

    def values(self, handle, item):
        if handle is None:
            return post_values(item.content, kept_comments(item))
        return handle.result()

    def close(self):
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
