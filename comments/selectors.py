"""What the comment section of an article page shows, in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from .links import CommentLinks, comment_links
from .models import Comment, ModerationRules, Vote

SORTS = {
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "votes": ("-score", "-created_at", "-pk"),
}
# What the threads show and need to nest: not the email, the IP or the raw text.
SHOWN_FIELDS = (
    "id",
    "parent_id",
    "root_id",
    "depth",
    "user_id",
    "browser_key",
    "author_name",
    "status",
    "body_html",
    "upvotes",
    "downvotes",
    "score",
    "created_at",
    "edited_at",
    # Inline feedback quotes the passage it is about.
    "passage",
    "passage__text",
)
SORT_LABELS = {"newest": "Newest", "oldest": "Oldest", "votes": "Most Voted"}
DEFAULT_SORT = "newest"


def clean_sort(value):
    return value if value in SORTS else DEFAULT_SORT


@dataclass
class Entry:
    """One comment in reading order, with what the template needs to nest the lists."""

    comment: Comment
    depth: int = 0
    has_children: bool = False
    closes: list = field(default_factory=list)  # one item per list closed after this comment
    my_vote: int = 0
    is_mine: bool = False
    links: CommentLinks = field(init=False)
    key: str = field(init=False)  # the id as text, for element ids (no number formatting)

    def __post_init__(self):
        self.key = str(self.comment.pk)
        self.links = comment_links(self.comment.pk)


@dataclass(frozen=True)
class Discussion:
    count: int  # approved comments on the article
    sort: str
    show_all: bool
    entries: list
    has_more: bool
    rules: ModerationRules
    feedback_only: bool = False  # the "Inline Feedbacks" tab: threads that start on a passage

    @property
    def sorts(self):
        return [(key, label, key == self.sort) for key, label in SORT_LABELS.items()]


def discussion_for(
    *, article, viewer, sort=DEFAULT_SORT, show_all=False, feedback_only=False, rules=None
):
    """The threads of an article: a page of them (or all), sorted, with their replies.

    Top-level threads are sorted as asked; replies in a thread stay oldest first. With
    `feedback_only`, only the threads that start as inline feedback on a passage, all of
    them. Four queries whatever the number of comments: the count, the threads (with their
    passages), their replies, and the viewer's votes.
    """
    rules = rules or ModerationRules.current()
    sort = clean_sort(sort)
    count = Comment.objects.filter(article=article).approved().count()
    visible = Comment.objects.filter(article=article).visible_to(viewer)
    # A deleted thread is shown (as a placeholder) only while replies hang from it, so it
    # must not take one of the page's places when it has none.
    answered = Exists(Comment.objects.approved().filter(root=OuterRef("pk")))
    threads = (
        visible.top_level()
        .filter(~Q(status=Comment.Status.DELETED) | answered)
        .select_related("passage")
        .order_by(*SORTS[sort])
        .only(*SHOWN_FIELDS)
    )
    if feedback_only:
        threads, show_all = threads.filter(passage__isnull=False), True
    if show_all:
        threads, has_more = list(threads), False
    else:
        threads = list(threads[: rules.threads_per_page + 1])
        has_more = len(threads) > rules.threads_per_page
        threads = threads[: rules.threads_per_page]
    replies = (
        list(
            visible.filter(root__in=[t.pk for t in threads])
            .select_related("passage")
            .order_by("created_at", "pk")
            .only(*SHOWN_FIELDS)
        )
        if threads
        else []
    )
    entries = _in_reading_order(threads, replies, viewer)
    if viewer is not None and entries:
        ids = [e.comment.pk for e in entries]
        votes = dict(
            Vote.objects.filter(comment__in=ids, voter_key=viewer.voter_key).values_list(
                "comment_id", "value"
            )
        )
        for entry in entries:
            entry.my_vote = votes.get(entry.comment.pk, 0)
            entry.is_mine = viewer.owns(entry.comment)
    return Discussion(
        count=count,
        sort=sort,
        show_all=show_all and not feedback_only,
        entries=entries,
        has_more=has_more,
        rules=rules,
        feedback_only=feedback_only,
    )


def _in_reading_order(threads, replies, viewer):
    children = {}
    for reply in replies:
        children.setdefault(reply.parent_id, []).append(reply)

    shown = {}

    def has_visible(comment):
        # A deleted comment is shown (as a placeholder) only to keep its replies in place.
        if comment.pk not in shown:
            shown[comment.pk] = not comment.is_deleted or any(
                has_visible(c) for c in children.get(comment.pk, [])
            )
        return shown[comment.pk]

    entries = []

    def walk(comment, depth):
        kids = [c for c in children.get(comment.pk, []) if has_visible(c)]
        entry = Entry(comment=comment, depth=depth, has_children=bool(kids))
        entries.append(entry)
        for kid in kids:
            walk(kid, depth + 1)
        if kids:
            entries[-1].closes.append(True)

    for thread in threads:
        if has_visible(thread):
            walk(thread, 0)
    return entries
