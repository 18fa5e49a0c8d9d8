"""Reading a WordPress export (WXR 1.0, 1.1, 1.2) into plain records, one item at a time.

Only what we import is read; the rest of the export is skipped. Dates are the GMT fields
(the local ones, read in our time zone, when an exporter left the GMT ones empty).
"""

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property

from django.utils import timezone

from .php import PHPValueError, loads
from .xmlstream import ExportError, Node, stream

ZERO_DATE = "0000-00-00 00:00:00"


@dataclass
class Author:
    login: str
    email: str = ""
    display_name: str = ""


@dataclass
class WPComment:
    id: str
    parent: str
    author: str
    email: str
    url: str
    ip: str
    date: datetime | None
    content: str
    approved: str  # "1", "0", "spam", "trash", "post-trashed"
    type: str  # "" or "comment", "pingback", "trackback", ...
    user_id: str
    likes: int = 0
    dislikes: int = 0
    feedback_key: str = ""
    status: str = ""  # ours, from our own export (export_wordpress)
    bad_meta: int = 0  # meta that could not be read safely


@dataclass
class Item:
    id: str
    type: str  # post, page, attachment, nav_menu_item, ...
    status: str
    title: str
    slug: str
    link: str
    creator: str
    content: str
    excerpt: str
    date: datetime | None
    comment_status: str
    parent: str
    attachment_url: str = ""
    attached_file: str = ""
    thumbnail_id: str = ""
    categories: list = field(default_factory=list)  # [(slug, name)]
    tags: list = field(default_factory=list)  # [(slug, name)]
    line: int = 0
    digest: str = ""
    node: Node | None = field(default=None, repr=False)

    @property
    def comment_count(self):
        return len(self.node.findall("wp:comment")) if self.node else 0

    @cached_property
    def comments(self):
        """Read only when the item is imported: a re-run skips unchanged items without."""
        return [comment(*fields) for fields in self.comment_fields]

    @property
    def comment_fields(self):
        """The comments as plain data (`comment_fields`), for another process to read."""
        return [comment_fields(c) for c in self.node.findall("wp:comment")] if self.node else []


# The version of an export that names none (WordPress before 2.6).
UNVERSIONED = "unversioned"


@dataclass
class Channel:
    site: str = ""
    link: str = ""
    version: str = ""  # wp:wxr_version, or UNVERSIONED
    authors: dict = field(default_factory=dict)  # login -> Author


def parse_date(gmt, local=""):
    for value, aware in ((gmt, True), (local, False)):
        value = (value or "").strip()
        if not value or value == ZERO_DATE:
            continue
        try:
            moment = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
        except ValueError:
            continue
        return moment.replace(tzinfo=UTC) if aware else timezone.make_aware(moment)
    return None


def digest(node: Node) -> str:
    """A fingerprint of everything an item holds, to tell whether it changed since."""
    chunks, pending = [], [node]
    while pending:
        n = pending.pop()
        attrs = repr(sorted(n.attrs.items())) if n.attrs else "[]"
        chunks += (n.tag, "\0", attrs, *n.parts, "\1")
        pending.extend(reversed(n.children))
    data = "".join(chunks).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _meta(node, tag):
    return {m.get("wp:meta_key"): m.get("wp:meta_value") for m in node.findall(tag)}


def comment_fields(node):
    """A comment element's texts by tag (the first of each) and its meta by key: what
    `comment` reads, as plain dicts that are cheap to send to another process."""
    fields, meta = {}, {}
    for child in node.children:
        if child.tag == "wp:commentmeta":
            meta[child.get("wp:meta_key")] = child.get("wp:meta_value")
        elif child.tag not in fields:
            fields[child.tag] = child.text
    return fields, meta


def comment(fields, meta):
    """The WPComment of `comment_fields`."""

    def text(tag):
        return fields.get(tag, "")

    comment = WPComment(
        id=text("wp:comment_id").strip(),
        parent=text("wp:comment_parent").strip() or "0",
        author=text("wp:comment_author"),
        email=text("wp:comment_author_email").strip(),
        url=text("wp:comment_author_url").strip(),
        ip=text("wp:comment_author_IP").strip(),
        date=parse_date(text("wp:comment_date_gmt"), text("wp:comment_date")),
        content=text("wp:comment_content"),
        approved=text("wp:comment_approved").strip(),
        type=text("wp:comment_type").strip(),
        user_id=text("wp:comment_user_id").strip(),
        feedback_key=(meta.get("wpdiscuz_feedback_form_id") or "").strip(),
        status=(meta.get("newsroom_status") or "").strip(),
    )
    _votes(comment, meta)
    return comment


def _votes(comment, meta):
    """wpDiscuz's counts: the like/dislike pair when there is one, else the net score."""
    separate = meta.get("wpdiscuz_votes_seperate")
    if separate:
        try:
            pair = loads(separate.strip())
            if not isinstance(pair, dict):
                raise PHPValueError("not an array")
            comment.likes = max(0, int(pair.get("like", 0) or 0))
            comment.dislikes = abs(int(pair.get("dislike", 0) or 0))
            return
        except (PHPValueError, TypeError, ValueError):
            comment.bad_meta += 1
    net = (meta.get("wpdiscuz_votes") or "").strip()
    if net:
        try:
            value = int(net)
        except ValueError:
            comment.bad_meta += 1
            return
        comment.likes, comment.dislikes = max(value, 0), max(-value, 0)


def _terms(node, domain):
    return [
        ((c.attrs.get("nicename") or "").strip(), " ".join(c.text.split()))
        for c in node.findall("category")
        if c.attrs.get("domain") == domain
    ]


def item(node: Node) -> Item:
    meta = _meta(node, "wp:postmeta")
    return Item(
        id=node.get("wp:post_id").strip(),
        type=node.get("wp:post_type").strip() or "post",
        status=node.get("wp:status").strip(),
        title=node.get("title"),
        slug=node.get("wp:post_name").strip(),
        link=node.get("link").strip(),
        creator=node.get("dc:creator").strip(),
        content=node.get("content:encoded"),
        excerpt=node.get("excerpt:encoded"),
        date=parse_date(node.get("wp:post_date_gmt"), node.get("wp:post_date")),
        comment_status=node.get("wp:comment_status").strip(),
        parent=node.get("wp:post_parent").strip() or "0",
        attachment_url=node.get("wp:attachment_url").strip(),
        attached_file=(meta.get("_wp_attached_file") or "").strip(),
        thumbnail_id=(meta.get("_thumbnail_id") or "").strip(),
        categories=_terms(node, "category"),
        tags=_terms(node, "post_tag"),
        line=node.line,
        digest=digest(node),
        node=node,
    )


def read(file, *, on_progress=None):
    """Yield ("channel", Channel) once the channel's head is read (before the first item),
    then ("item", Item) for each item. ExportError for a file that is not a WXR export."""
    channel = Channel()
    announced = False

    def root(tag, attrs):
        if tag != "rss":
            raise ExportError(f"this is not a WordPress export (it starts with <{tag}>)", 1)

    for node in stream(file, depth=2, on_root=root, on_progress=on_progress):
        tag = node.tag
        if tag == "item":
            if not announced:
                if not channel.version:
                    if node.find("wp:post_id") is None:
                        raise ExportError(
                            "this RSS file is not a WordPress export (no wp:wxr_version)",
                            node.line,
                        )
                    # WordPress before 2.6 wrote no version, and hand-trimmed exports drop
                    # it: items in WordPress's namespace are an export all the same.
                    channel.version = UNVERSIONED
                announced = True
                yield "channel", channel
            yield "item", item(node)
        elif tag == "wp:wxr_version":
            channel.version = node.text.strip()
        elif tag == "wp:base_site_url":
            channel.site = node.text.strip().rstrip("/")
        elif tag == "link":
            channel.link = node.text.strip().rstrip("/")
        elif tag == "wp:author":
            login = node.get("wp:author_login").strip()
            if login:
                channel.authors[login] = Author(
                    login=login,
                    email=node.get("wp:author_email").strip(),
                    display_name=node.get("wp:author_display_name"),
                )
    if not announced:
        if not channel.version:
            raise ExportError("this is not a WordPress export (no wp:wxr_version)")
        yield "channel", channel
