"""The threads' comments in reading order, each an Entry with what the template needs to nest
them, and what marks them: badges, whom a reply answers, the viewer's votes and own comments.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from articles.models import Credit

from ..avatars import Look, look_of
from ..links import CommentLinks, comment_links, links_maker
from ..models import Comment, Vote
from .shown import ShownComment


@dataclass
class Entry:
    """One comment in reading order, with what the template needs to nest the lists."""

    comment: Comment
    depth: int = 0
    has_children: bool = False
    # One item per list of replies closed after this comment: the depth of the comment whose
    # replies it holds (a thread's top, depth 0, has them in a <details> that closes too).
    closes: list = field(default_factory=list)
    replies: int = 0  # on a thread's top: how many replies the thread has (shown or not)
    my_vote: int = 0
    is_mine: bool = False
    links: CommentLinks | None = None  # made from the comment's id when not given
    # On the last reply shown of a thread cut short: how many more there are, and where.
    more_replies: int = 0
    thread_url: str = ""
    pinned: bool = False  # the top of the thread a moderator pinned above the others
    # Shown on its own, out of its thread (a featured reply in the "Featured" tab).
    standalone: bool = False
    # Whom the comment answers, when nesting alone does not say it: (name, permalink).
    replying_to: tuple | None = None
    key: str = field(init=False)  # the id as text, for element ids (no number formatting)
    look: Look = field(init=False)  # the author's avatar

    def __post_init__(self):
        self.key = str(self.comment.pk)
        if self.links is None:
            self.links = comment_links(self.comment.pk)
        self.look = look_of(self.comment)


def credited_accounts(article):
    """The ids of the accounts of the contributors the article credits (any role): their
    comments under it carry the "Author" badge. No query when the article came with its
    credits and their contributors (Article.objects.for_detail(), the article page)."""
    prefetched = getattr(article, "_prefetched_objects_cache", {}).get("credits")
    if prefetched is not None:
        return {c.contributor.user_id for c in prefetched} - {None}
    return set(
        Credit.objects.filter(article=article, contributor__user__isnull=False).values_list(
            "contributor__user_id", flat=True
        )
    )


def add_replying_to(entries):
    """Say whom a reply answers where its place in the threads does not say it: a reply
    to the deepest level, which hangs under an ancestor (Comment.reply_to); a reply shown
    on its own (the "Featured" tab); a reply deep in a thread whose parent is far above
    it, past other replies and theirs. Only an approved comment is named."""
    links = links_maker()
    previous = None
    for entry in entries:
        comment = entry.comment
        target = None
        if comment.parent_id is not None and comment.status == Comment.Status.APPROVED:
            if comment.reply_to_id and comment.reply_to_id != comment.parent_id:
                target = _answered(comment, "reply_to")
            elif isinstance(comment, ShownComment) and (
                entry.standalone
                or (
                    comment.depth >= 2
                    and previous is not None
                    and comment.parent_id not in (previous.comment.pk, previous.comment.parent_id)
                )
            ):
                target = _answered(comment, "parent")
        if target is not None:
            entry.replying_to = (target[1], links(target[0]).permalink)
        previous = entry


def _answered(comment, relation):
    """(id, name) of the comment's parent or reply_to if it is approved, else None; read
    from the threads' columns, or from a Comment's loaded relation (select_related)."""
    if isinstance(comment, ShownComment):
        name, status = getattr(comment, f"{relation}_name"), getattr(comment, f"{relation}_status")
        pk = getattr(comment, f"{relation}_id")
    else:
        other = getattr(comment, relation)
        pk, name, status = other.pk, other.author_name, other.status
    return (pk, name) if status == Comment.Status.APPROVED and name else None


def _add_badges(entries, article):
    """Mark the comments written from a credited contributor's account ("Author"). The
    "Staff" badge comes with each comment's row (user__is_staff). Both are read from the
    account that wrote the comment, never from the name it shows."""
    if not any(e.comment.user_id for e in entries):
        return
    credited = credited_accounts(article)
    for entry in entries:
        if entry.comment.user_id in credited:
            entry.comment.is_author = True


def _add_viewer(entries, viewer):
    if viewer is None or not entries:
        return
    ids = [e.comment.pk for e in entries]
    votes = dict(
        Vote.objects.filter(comment__in=ids, voter_key=viewer.voter_key).values_list(
            "comment_id", "value"
        )
    )
    for entry in entries:
        entry.my_vote = votes.get(entry.comment.pk, 0)
        entry.is_mine = viewer.owns(entry.comment)


def replies_cap(reply_counts, *, replies_shown, page_comments):
    """How many replies each thread of a page shows: `replies_shown` at most, and fewer,
    the same for every thread, when the page would hold more than `page_comments`
    comments."""
    threads = len(reply_counts)
    for cap in range(replies_shown, 0, -1):
        if threads + sum(min(count, cap) for count in reply_counts) <= page_comments:
            return cap
    return 0


def _in_reading_order(threads, replies, *, replies_shown=None, page_comments=None):
    """The entries of these threads in reading order: each comment followed by its replies.
    With `replies_shown`, a thread shows that many replies and the last of them says how
    many more there are; with `page_comments`, fewer when the page would hold more comments
    than that (replies_cap)."""
    children = {}
    for reply in replies:
        children.setdefault(reply.parent_id, []).append(reply)

    shown = {}

    def has_visible(comment):
        # A deleted or held comment is shown (as a placeholder) only to keep its replies in
        # place.
        if comment.pk not in shown:
            shown[comment.pk] = not comment.is_placeholder or any(
                has_visible(c) for c in children.get(comment.pk, [])
            )
        return shown[comment.pk]

    entries = []
    links = links_maker()

    def walk(comment, depth, into):
        kids = [c for c in children.get(comment.pk, []) if has_visible(c)]
        entry = Entry(
            comment=comment, depth=depth, has_children=bool(kids), links=links(comment.pk)
        )
        into.append(entry)
        for kid in kids:
            walk(kid, depth + 1, into)
        if kids:
            into[-1].closes.append(depth)

    walked = []
    for thread in threads:
        if not has_visible(thread):
            continue
        thread_entries = []
        walk(thread, 0, thread_entries)
        thread_entries[0].replies = len(thread_entries) - 1
        walked.append((thread, thread_entries))
    if replies_shown is not None and page_comments is not None:
        replies_shown = replies_cap(
            [len(e) - 1 for _, e in walked],
            replies_shown=replies_shown,
            page_comments=page_comments,
        )
    for thread, thread_entries in walked:
        if replies_shown is not None and len(thread_entries) > replies_shown + 1:
            hidden = len(thread_entries) - replies_shown - 1
            thread_entries = thread_entries[: replies_shown + 1]
            last = thread_entries[-1]
            # Close every list open above the last reply shown, and none of its own.
            last.has_children = False
            last.closes = list(range(last.depth - 1, -1, -1))
            last.more_replies = hidden
            last.thread_url = reverse("comments:thread", kwargs={"pk": thread.pk})
        entries.extend(thread_entries)
    return entries
