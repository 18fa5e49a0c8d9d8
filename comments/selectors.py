"""What the comment section of an article page shows, in a fixed number of queries."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q

from newsroom.pagecache import article_scope, content_version

from .links import CommentLinks, comment_links, links_maker
from .models import Comment, ModerationRules, Vote

SORTS = {
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "votes": ("-score", "-created_at", "-pk"),
}
# What the threads show and need to nest (not the email, the IP or the raw text), read as
# plain rows: a page of threads is a hundred comments or more, and model instances would cost
# a tenth of the page's time (bench/cold_profile.py).
SHOWN_COLUMNS = (
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
    "passage_id",
    "passage__text",
)


@dataclass(frozen=True, slots=True)
class QuotedPassage:
    id: int
    text: str

    @property
    def anchor(self):
        return f"passage-{self.id}"


@dataclass(slots=True)
class ShownComment:
    """One comment as the threads show it (the same names as on Comment)."""

    id: int
    parent_id: int | None
    root_id: int | None
    depth: int
    user_id: int | None
    browser_key: str
    author_name: str
    status: str
    body_html: str
    upvotes: int
    downvotes: int
    score: int
    created_at: object
    edited_at: object
    passage_id: int | None
    passage_text: str | None

    @property
    def pk(self):
        return self.id

    @property
    def is_deleted(self):
        return self.status == Comment.Status.DELETED

    @property
    def passage(self):
        return QuotedPassage(self.passage_id, self.passage_text) if self.passage_id else None


SORT_LABELS = {"newest": "Newest", "oldest": "Oldest", "votes": "Most Voted"}
DEFAULT_SORT = "newest"


# What ?comments= may ask for: every thread, or the inline feedback only; anything else is
# the first page of threads.
SHOWN = ("all", "feedback")


def clean_sort(value):
    return value if value in SORTS else DEFAULT_SORT


def canonical_sort(value, request):
    """?sort= in the shared page cache's key: an unknown sort shows the default, so it is
    the page without it (newsroom.pagecache)."""
    sort = clean_sort(value)
    return None if sort == DEFAULT_SORT else sort


def canonical_shown(value, request):
    """?comments= in the shared page cache's key."""
    return value if value in SHOWN else None


@dataclass
class Entry:
    """One comment in reading order, with what the template needs to nest the lists."""

    comment: Comment
    depth: int = 0
    has_children: bool = False
    closes: list = field(default_factory=list)  # one item per list closed after this comment
    my_vote: int = 0
    is_mine: bool = False
    links: CommentLinks | None = None  # made from the comment's id when not given
    key: str = field(init=False)  # the id as text, for element ids (no number formatting)

    def __post_init__(self):
        self.key = str(self.comment.pk)
        if self.links is None:
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
    them. Three queries whatever the number of comments: the threads (with their passages),
    their replies, and the viewer's votes; and the number of approved comments, from the
    cache unless the discussion has changed.
    """
    rules = rules or ModerationRules.current()
    sort = clean_sort(sort)
    visible = Comment.objects.filter(article=article).visible_to(viewer)
    # A deleted thread is shown (as a placeholder) only while replies hang from it, so it
    # must not take one of the page's places when it has none.
    answered = Exists(Comment.objects.approved().filter(root=OuterRef("pk")))
    threads = (
        visible.top_level()
        .filter(~Q(status=Comment.Status.DELETED) | answered)
        .order_by(*SORTS[sort])
        .values_list(*SHOWN_COLUMNS)
    )
    if feedback_only:
        threads, show_all = threads.filter(passage__isnull=False), True
    if show_all:
        rows, has_more = list(threads), False
    else:
        rows = list(threads[: rules.threads_per_page + 1])
        has_more = len(rows) > rules.threads_per_page
        rows = rows[: rules.threads_per_page]
    threads = [ShownComment(*row) for row in rows]
    replies = (
        [
            ShownComment(*row)
            for row in visible.filter(root__in=[t.id for t in threads])
            .order_by("created_at", "pk")
            .values_list(*SHOWN_COLUMNS)
        ]
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
        count=approved_count(article),
        sort=sort,
        show_all=show_all and not feedback_only,
        entries=entries,
        has_more=has_more,
        rules=rules,
        feedback_only=feedback_only,
    )


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
    if comment.is_approved or (comment.is_deleted and holds_replies(comment)):
        return comment
    return None


def approved_count(article):
    """How many approved comments an article has. Counting them grows with the discussion,
    so the number is cached under the article's discussion generation, which every change
    to the discussion renews (comments.services.discussion_changed)."""
    key = f"comments:approved-count:{content_version(article_scope(article.slug))}:{article.pk}"
    count = cache.get(key)
    if count is None:
        count = Comment.objects.filter(article=article).approved().count()
        cache.set(key, count, timeout=60 * 60)
    return count


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
    links = links_maker()

    def walk(comment, depth):
        kids = [c for c in children.get(comment.pk, []) if has_visible(c)]
        entry = Entry(
            comment=comment, depth=depth, has_children=bool(kids), links=links(comment.pk)
        )
        entries.append(entry)
        for kid in kids:
            walk(kid, depth + 1)
        if kids:
            entries[-1].closes.append(True)

    for thread in threads:
        if has_visible(thread):
            walk(thread, 0)
    return entries
