"""Importing a Disqus export: threads matched to our articles, then their posts.

The file is read twice as a stream: first the threads (each matched to an article by its old
link, after the old site's redirects, or by its identifier), then the posts. A post whose
parent comes later in the file waits for it; each post is one transaction and is found
again by its Disqus id on a re-run.
"""

import html
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.models import Article, Category
from comments.models import Comment, ModerationRules
from comments.text import render_comment
from newsroom.pagecache import SITE, public_pages_changed
from newsroom.text import normalise_line

from . import content, links
from .models import Origin
from .wxr import digest
from .xmlstream import ExportError, stream

SOURCE = "disqus"


@dataclass
class Thread:
    id: str
    identifier: str
    link: str
    title: str
    forum: str


@dataclass
class Post:
    id: str
    thread: str
    parent: str
    message: str
    created: datetime | None
    deleted: bool
    spam: bool
    name: str
    email: str
    ip: str
    digest: str


def _date(text):
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _root(tag, attrs):
    if tag != "disqus:disqus":
        raise ExportError(f"this is not a Disqus export (it starts with <{tag}>)", 1)


def _ref(node, tag):
    child = node.find(tag)
    return (child.attrs.get("dsq:id") or "").strip() if child is not None else ""


def read(file, kind, *, on_progress=None):
    """Yield the threads (kind "thread") or the posts (kind "post") of an export."""
    for node in stream(file, depth=1, on_root=_root, on_progress=on_progress):
        if node.tag != f"disqus:{kind}":
            continue
        identifier = node.attrs.get("dsq:id", "").strip()
        if kind == "thread":
            yield Thread(
                id=identifier,
                identifier=node.get("disqus:id").strip(),
                link=node.get("disqus:link").strip(),
                title=node.get("disqus:title"),
                forum=node.get("disqus:forum").strip(),
            )
            continue
        author = node.find("disqus:author")
        yield Post(
            id=identifier,
            thread=_ref(node, "disqus:thread"),
            parent=_ref(node, "disqus:parent"),
            message=node.get("disqus:message"),
            created=_date(node.get("disqus:createdAt")),
            deleted=node.get("disqus:isDeleted").strip() == "true",
            spam=node.get("disqus:isSpam").strip() == "true",
            name=author.get("disqus:name") if author is not None else "",
            email=author.get("disqus:email") if author is not None else "",
            ip=node.get("disqus:ipAddress").strip(),
            digest=digest(node),
        )


class DisqusImport:
    def __init__(self, *, dry_run=False, create_missing=False):
        self.dry_run, self.create_missing = dry_run, create_missing
        self.counts = Counter()
        self.unmatched = []  # (title, link) of threads with no article, and posts
        # Threads with no article, by id, until their first post comes (Disqus files a thread
        # for every page a reader opened, commented or not).
        self.missing = {}
        self.missing_with_posts = set()
        self.site = ""
        self.articles = {}  # thread id -> article pk
        self.placed = {}  # post id -> (comment pk, depth, root pk, parent pk)
        self.waiting = {}  # parent post id -> [posts]
        self.changed = set()
        self.max_depth = ModerationRules.current().max_depth
        self.users = {
            email.lower(): pk
            for email, pk in get_user_model().objects.exclude(email="").values_list("email", "pk")
        }

    def _origin(self, kind, key):
        return Origin.objects.filter(source=SOURCE, site=self.site, kind=kind, key=key).first()

    # --- Threads -------------------------------------------------------------------------

    def thread(self, thread):
        self.site = self.site or thread.forum or "disqus"
        origin = self._origin("thread", thread.id)
        article = None
        if origin is not None:
            article = Article.objects.filter(pk=origin.object_id).first()
        article = article or self._match(thread)
        if article is None:
            self.missing[thread.id] = thread
            return
        self.counts["threads matched"] += 1
        self.articles[thread.id] = article.pk

    def _article_for_missing(self, thread):
        """With --create-missing, a draft article for a thread that matched none, made when
        its first post comes: a thread without posts has nothing to keep."""
        with transaction.atomic():
            article = self._draft(thread)
            self._remember(None, "thread", thread.id, article.pk)
            if self.dry_run:
                transaction.set_rollback(True)
        self.counts["draft articles created for unmatched threads"] += 1
        del self.missing[thread.id]
        self.articles[thread.id] = article.pk

    def _match(self, thread):
        path = links.path_of(thread.link)
        if path:
            article = _article_at(links.find(path) or path)
            if article is not None:
                return article
        token = thread.identifier.split(" ", 1)[0]
        if token.isdigit():
            origin = Origin.objects.filter(source="wordpress", kind="post", key=token).first()
            if origin is not None:
                return Article.objects.filter(pk=origin.object_id).first()
            return _article_at(links.find(f"/?p={token}") or "")
        return Article.objects.filter(slug=slugify(token)).first() if token else None

    def _draft(self, thread):
        headline = normalise_line(html.unescape(thread.title))[:200] or _("(untitled)")
        base = slugify(headline)[:190] or f"disqus-{thread.id}"
        slug, n = base, 1
        while Article.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        category = Category.objects.filter(slug="uncategorized").first()
        if category is None:
            category = Category.objects.create(slug="uncategorized", name=_("Uncategorized"))
        link = html.escape(thread.link)
        return Article.objects.create(
            headline=headline,
            slug=slug,
            category=category,
            status=Article.Status.DRAFT,
            body=_("Comments imported from Disqus for %(link)s.") % {"link": link},
        )

    def _remember(self, origin, kind, key, object_id, digest=""):
        if origin is None:
            origin = Origin(source=SOURCE, site=self.site, kind=kind, key=key)
        origin.object_id, origin.digest = object_id, digest
        origin.save()

    # --- Posts ---------------------------------------------------------------------------

    def post(self, post):
        if post.thread not in self.articles:
            thread = self.missing.get(post.thread)
            if thread is None or not self.create_missing:
                self.counts["posts of unmatched threads"] += 1
                self.missing_with_posts.add(post.thread)
                return
            self._article_for_missing(thread)
        if post.parent and post.parent != post.id and self._parent(post.parent) is None:
            self.waiting.setdefault(post.parent, []).append(post)
            return
        self._place(post)

    def finish(self, *, whole_file=True):
        """Posts whose parent never came: top-level, so that none is lost. The threads that
        matched no article: listed when they had posts, counted when they had none (which
        only the whole file can tell)."""
        while self.waiting:
            _, posts = self.waiting.popitem()
            for post in posts:
                post.parent = ""
                self._place(post)
        for thread in self.missing.values():
            if thread.id in self.missing_with_posts:
                self.counts["threads unmatched"] += 1
                self.unmatched.append((normalise_line(html.unescape(thread.title)), thread.link))
            elif whole_file:
                self.counts["threads unmatched without posts (nothing to import)"] += 1
        self.missing = {}
        if self.changed and not self.dry_run:
            public_pages_changed(SITE)

    def _parent(self, post_id):
        if post_id not in self.placed:
            origin = self._origin("post", post_id)
            row = None
            if origin is not None:
                row = (
                    Comment.objects.filter(pk=origin.object_id)
                    .values_list("pk", "depth", "root_id", "parent_id")
                    .first()
                )
            if row is None:
                return None
            self.placed[post_id] = row
        return self.placed[post_id]

    def _place(self, post):
        parent = self._parent(post.parent) if post.parent else None
        answered = parent[0] if parent else None
        # Deeper than our threads may go: the deepest ancestor that takes replies; the
        # reply then says whom it answers (Comment.reply_to).
        while parent is not None and parent[1] >= self.max_depth - 1:
            parent = Comment.objects.values_list("pk", "depth", "root_id", "parent_id").get(
                pk=parent[3]
            )
        reply_to = answered if parent and answered != parent[0] else None
        origin = self._origin("post", post.id)
        comment = Comment.objects.filter(pk=origin.object_id).first() if origin else None
        if comment is not None and origin.digest == post.digest:
            self.counts["posts unchanged"] += 1
        else:
            with transaction.atomic():
                comment = self._write(post, comment, parent, reply_to)
                self._remember(origin, "post", post.id, comment.pk, post.digest)
                if self.dry_run:
                    transaction.set_rollback(True)
            self.changed.add(comment.article_id)
        self.placed[post.id] = (comment.pk, comment.depth, comment.root_id, comment.parent_id)
        for child in self.waiting.pop(post.id, []):
            self._place(child)

    def _write(self, post, comment, parent, reply_to):
        self.counts["posts updated" if comment else "posts created"] += 1
        comment = comment or Comment(article_id=self.articles[post.thread])
        text = content.comment_text(post.message)
        comment.parent_id = parent[0] if parent else None
        comment.root_id = (parent[2] or parent[0]) if parent else None
        comment.depth = parent[1] + 1 if parent else 0
        comment.reply_to_id = reply_to
        email = content.valid_email(post.email)
        comment.author_email = email
        comment.user_id = self.users.get(email)
        comment.author_name = normalise_line(html.unescape(post.name))[:80] or _("Anonymous")
        comment.ip_address = content.valid_ip(post.ip)
        comment.body, comment.body_html = text, render_comment(text)
        if post.spam:
            comment.status = Comment.Status.SPAM
            self.counts["spam"] += 1
        elif post.deleted:
            comment.status = Comment.Status.DELETED
            self.counts["deleted"] += 1
        else:
            comment.status = Comment.Status.APPROVED
        if post.created is not None:
            comment.created_at = post.created
        comment.save()
        return comment


def _article_at(path):
    """The article a path of ours shows, or None."""
    try:
        match = resolve(path.split("?", 1)[0] or "/")
    except Resolver404:
        return None
    if match.view_name != "articles:detail":
        return None
    return Article.objects.filter(slug=match.kwargs.get("slug")).first()
