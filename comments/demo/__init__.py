"""Load the demo discussions under the demo articles.

`load_demo_comments()` is safe to run again: an article that already has comments (demo or
real) is left alone. Votes are real Vote rows from invented guest browsers, so the counters
agree with them and readers can vote on top.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article
from comments.hold_reasons import FIRST_COMMENT, reason
from comments.models import Comment, Vote
from comments.text import render_comment

from .content import (
    BUSY_ARTICLE,
    BUSY_AUTHORS,
    BUSY_CLOSERS,
    BUSY_COMMENTS,
    BUSY_MIDDLES,
    BUSY_OPENERS,
    BUSY_REPLIES,
    THREADS,
    C,
)

DEEPEST = 4  # depth 0..4: the five levels the default moderation rules allow


@dataclass(frozen=True)
class DemoCommentsSummary:
    articles: int
    comments_created: int

    def __str__(self):
        return (
            f"Demo comments: {self.comments_created} new on {self.articles} articles "
            "(articles that already had comments were left alone)."
        )


def load_demo_comments(*, now=None) -> DemoCommentsSummary:
    now = now or timezone.now()
    articles = {
        a.slug: a
        for a in Article.objects.published().filter(slug__in=THREADS).order_by()
        if not a.comments.exists()
    }
    created = 0
    with transaction.atomic():
        for slug, article in articles.items():
            threads = busy_threads(article.slug) if slug == BUSY_ARTICLE else THREADS[slug]
            writer = _Writer(article, now)
            for thread in threads:
                writer.write(thread)
            created += writer.finish()
    return DemoCommentsSummary(articles=len(THREADS), comments_created=created)


class _Writer:
    """Turns a tree of `C` into Comment and Vote rows, spread between publication and now."""

    def __init__(self, article, now):
        self.article = article
        self.comments = []
        self.votes = []
        start = article.published_at + timedelta(minutes=20)
        self.clock = start
        self.step = max(timedelta(minutes=1), (now - start) / 400)

    def write(self, c: C, parent=None):
        self.clock += self.step
        deleted = c.status == Comment.Status.DELETED
        body = "" if deleted else c.text
        comment = Comment(
            article=self.article,
            parent=parent,
            root=(parent.root or parent) if parent else None,
            depth=parent.depth + 1 if parent else 0,
            author_name=c.author,
            author_email=f"{slugify(c.author) or 'reader'}@example.com",
            browser_key=f"demo-{slugify(c.author)}",
            body=body,
            body_html=render_comment(body) if body else "",
            status=c.status,
            held_because=FIRST_COMMENT if c.status == "pending" else "",
            hold_reasons=[reason(FIRST_COMMENT)] if c.status == "pending" else [],
            upvotes=c.up,
            downvotes=c.down,
            score=c.up - c.down,
            created_at=self.clock,
            featured_at=self.clock + self.step if c.featured else None,
            pinned_at=self.clock + self.step if c.pinned else None,
        )
        comment.save()  # one by one: replies need their parent's key
        self.comments.append(comment)
        values = [Vote.UP] * c.up + [Vote.DOWN] * c.down
        self.votes += [
            Vote(comment=comment, voter_key=f"bdemo-voter-{n}", value=value)
            for n, value in enumerate(values)
        ]
        for reply in c.replies:
            self.write(reply, parent=comment)

    def finish(self):
        Vote.objects.bulk_create(self.votes, batch_size=500)
        return len(self.comments)


def busy_threads(seed_text):
    """About BUSY_COMMENTS comments in threads up to five levels deep, composed from parts."""
    rng = random.Random(seed_text)
    total = 0
    threads = []
    while total < BUSY_COMMENTS:
        size = min(rng.choice((1, 1, 1, 2, 3, 4, 6)), BUSY_COMMENTS - total)
        threads.append(_busy_thread(rng, size))
        total += size
    return threads


def _busy_thread(rng, size):
    def comment(depth):
        if depth == 0:
            text = " ".join(
                (rng.choice(BUSY_OPENERS), rng.choice(BUSY_MIDDLES), rng.choice(BUSY_CLOSERS))
            )
        else:
            text = rng.choice(BUSY_REPLIES)
        up = min(60, int(rng.expovariate(1 / (6 if depth == 0 else 2))))
        down = min(15, int(rng.expovariate(1.5)))
        return {"author": rng.choice(BUSY_AUTHORS), "text": text, "up": up, "down": down}

    # Build the tree as mutable dicts, then freeze it into C tuples.
    nodes = [{**comment(0), "depth": 0, "replies": []}]
    for _ in range(size - 1):
        open_nodes = [n for n in nodes if n["depth"] < DEEPEST]
        parent = nodes[-1] if nodes[-1]["depth"] < DEEPEST and rng.random() < 0.5 else None
        parent = parent or rng.choice(open_nodes)
        child = {**comment(parent["depth"] + 1), "depth": parent["depth"] + 1, "replies": []}
        parent["replies"].append(child)
        nodes.append(child)

    def freeze(node):
        return C(
            node["author"],
            node["text"],
            node["up"],
            node["down"],
            tuple(freeze(r) for r in node["replies"]),
        )

    return freeze(nodes[0])
