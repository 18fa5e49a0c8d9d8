"""What the comment section of an article page shows, in a fixed number of queries."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.models import Credit
from newsroom.pagecache import article_scope, content_version

from .avatars import Look, look_of
from .links import CommentLinks, comment_links, links_maker
from .models import Comment, ModerationRules, Vote

SORTS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "votes": ("-score", "-created_at", "-id"),
    # The comments moderators featured, replies included, each on its own: the latest
    # featured first (comments.services.comment_feature).
    "featured": ("-featured_at", "-id"),
}
FEATURED = "featured"
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
    # The newsroom's marks: featured by a moderator, the pinned thread, and whether the
    # author's account is staff (the "Staff" badge: from the account, never from a name).
    "featured_at",
    "pinned_at",
    "user__is_staff",
    # Reading aids: whom a reply answers, when the nesting does not say it (its name only
    # while that comment is approved), and the picture the author's account chose.
    "reply_to_id",
    "reply_to__author_name",
    "reply_to__status",
    "parent__author_name",
    "parent__status",
    "user__avatar__image",
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
    featured_at: object
    pinned_at: object
    user_is_staff: bool | None
    reply_to_id: int | None
    reply_to_name: str | None
    reply_to_status: str | None
    parent_name: str | None
    parent_status: str | None
    avatar_image: str | None
    # Credited on the article (an "Author" badge): set from the article's credits.
    is_author: bool = False
    # Held for review and not the viewer's own: shown, if at all, as a placeholder that keeps
    # its replies' place (its text and name are not even kept here).
    held: bool = False

    @property
    def pk(self):
        return self.id

    @property
    def is_deleted(self):
        return self.status == Comment.Status.DELETED

    @property
    def is_placeholder(self):
        return self.held or self.is_deleted

    @property
    def passage(self):
        return QuotedPassage(self.passage_id, self.passage_text) if self.passage_id else None

    @property
    def is_featured(self):
        return self.featured_at is not None and self.status == Comment.Status.APPROVED

    @property
    def is_pinned(self):
        return self.pinned_at is not None and self.status == Comment.Status.APPROVED


# Comments shown to everyone only as a placeholder, and only while replies hang from them.
PLACEHOLDERS = [Comment.Status.DELETED, Comment.Status.PENDING]

SORT_LABELS = {
    "newest": _("Newest"),
    "oldest": _("Oldest"),
    "votes": _("Most Voted"),
    FEATURED: _("Featured"),
}
DEFAULT_SORT = "newest"


# What ?comments= may ask for: the inline feedback only; anything else ("all", which older
# links carry) is the threads, page by page.
SHOWN = ("feedback",)


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


def page_number(value):
    """The page of threads ?page= asks for: 1 when absent; None for a value that names no
    page (the page answers 404, as newsroom.pagecache does before it)."""
    if value in (None, ""):
        return 1
    try:
        number = int(value)
    except ValueError:
        return None
    return number if number >= 1 else None


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


@dataclass(frozen=True)
class Discussion:
    count: int  # approved comments on the article
    sort: str
    entries: list
    has_more: bool
    rules: ModerationRules
    feedback_only: bool = False  # the "Inline Feedbacks" tab: threads that start on a passage
    page: int = 1
    pages: int = 1  # how many pages of threads there are
    featured_count: int = 0  # approved comments a moderator featured

    @property
    def sorts(self):
        """(key, label, active) of the sort tabs; "Featured" once the article has featured
        comments (or when it is the page asked for, so that its tab stays)."""
        return [
            (key, label, key == self.sort)
            for key, label in SORT_LABELS.items()
            if key != FEATURED or self.featured_count or self.sort == FEATURED
        ]

    @property
    def next_page(self):
        return self.page + 1 if self.has_more else None

    @property
    def previous_page(self):
        return self.page - 1 if self.page > 1 else None

    def query(self, page):
        """The query string of another page of these threads (sorted the same way)."""
        query = f"?sort={self.sort}"
        if self.feedback_only:
            query += "&comments=feedback"
        return f"{query}&page={page}" if page > 1 else query

    @property
    def next_query(self):
        return self.query(self.page + 1)

    @property
    def previous_query(self):
        return self.query(self.page - 1)

    @property
    def page_links(self):
        """(number, query) of the pages to link to: the first, the last, and two either side
        of this one, with (None, None) where some are left out."""
        wanted = {1, self.pages, *range(self.page - 2, self.page + 3)}
        links, last = [], 0
        for number in sorted(n for n in wanted if 1 <= n <= self.pages):
            if number > last + 1:
                links.append((None, None))
            links.append((number, self.query(number)))
            last = number
        return links


def discussion_for(*, article, viewer, sort=DEFAULT_SORT, page=1, feedback_only=False, rules=None):
    """One page of an article's threads, sorted, with their replies.

    Top-level threads are sorted as asked; replies in a thread stay oldest first, and a
    thread with more replies than the rules show is cut short with a link to the rest. With
    `feedback_only`, only the threads that start as inline feedback on a passage. The
    "featured" sort lists the featured comments each on its own, replies included. A thread
    a moderator pinned comes first on the first page of every sort, and nowhere else.

    Three queries whatever the number of comments and the page: the threads (with their
    passages), their replies (with the pinned thread), and the viewer's votes; and the
    numbers of approved comments and of threads and the pinned thread, from the cache unless
    the discussion has changed; the article's credits (for "Author" badges) come with the
    article on its page. A page past the last one (but the first) is None.
    """
    rules = rules or ModerationRules.current()
    sort = clean_sort(sort)
    per_page = rules.threads_per_page
    counts = discussion_counts(article)
    pinned = counts.pinned_feedback if feedback_only else counts.pinned
    start = (page - 1) * per_page
    if sort == FEATURED:
        rows = _page_of_featured(article, start, per_page + 1, feedback_only, pinned)
    else:
        rows = _page_of_threads(
            article, viewer, SORTS[sort], start, per_page + 1, feedback_only, pinned
        )
    if not rows and page > 1:
        return None
    has_more = len(rows) > per_page
    shown = _shown(rows[:per_page], viewer)
    pinned_here = pinned if page == 1 else None
    roots = [] if sort == FEATURED else [t.id for t in shown]
    in_threads = Q(root__in=[*roots, pinned_here] if pinned_here else roots)
    if pinned_here:
        in_threads |= Q(pk=pinned_here)
    read = (
        _shown(
            _in_threads(Comment.objects.filter(article=article))
            .filter(in_threads)
            .order_by("created_at", "pk")
            .values_list(*SHOWN_COLUMNS),
            viewer,
        )
        if roots or pinned_here
        else []
    )
    top = [c for c in read if c.id == pinned_here]
    replies = [c for c in read if c.id != pinned_here]
    threads = top if sort == FEATURED else top + shown
    entries = _in_reading_order(
        threads, replies, replies_shown=rules.replies_shown, page_comments=COMMENTS_PER_PAGE
    )
    if top and entries:
        entries[0].pinned = True
    if sort == FEATURED:
        links = links_maker()
        entries += [
            Entry(comment=c, links=links(c.id), standalone=c.parent_id is not None) for c in shown
        ]
    _add_badges(entries, article)
    _add_viewer(entries, viewer)
    add_replying_to(entries)
    if sort == FEATURED:
        shared = None if feedback_only else counts.featured - counts.featured_in_pinned
    else:
        shared = (counts.feedback_threads if feedback_only else counts.threads) - bool(pinned)
    pages = page + has_more if shared is None else max(-(-shared // per_page), page + has_more)
    return Discussion(
        count=counts.approved,
        sort=sort,
        entries=entries,
        has_more=has_more,
        rules=rules,
        feedback_only=feedback_only,
        page=page,
        pages=pages,
        featured_count=counts.featured,
    )


def _page_of_featured(article, start, count, feedback_only, pinned):
    """Rows of the featured comments, latest featured first, from `start`, at most `count`;
    those of the pinned thread are shown in it, above."""
    featured = Comment.objects.filter(
        article=article, status=Comment.Status.APPROVED, featured_at__isnull=False
    )
    if feedback_only:
        featured = featured.filter(passage__isnull=False)
    if pinned is not None:
        featured = featured.exclude(pk=pinned).exclude(root=pinned)
    return list(
        featured.order_by(*SORTS[FEATURED]).values_list(*SHOWN_COLUMNS)[start : start + count]
    )


def _in_threads(comments):
    """The comments a thread may show: approved ones, and as placeholders deleted ones and
    held ones (a held one is shown to its author; to others only while replies hang from
    it, to keep their place: see _shown and _in_reading_order)."""
    Status = Comment.Status
    return comments.filter(status__in=[Status.APPROVED, Status.DELETED, Status.PENDING])


def _shown(rows, viewer):
    """ShownComment of these rows; held comments that are not the viewer's own lose their
    name and text, and become placeholders."""
    shown = []
    for row in rows:
        comment = ShownComment(*row)
        if comment.status == Comment.Status.PENDING and not (
            viewer is not None and viewer.owns(comment)
        ):
            comment.held = True
            comment.author_name = comment.body_html = ""
            comment.passage_text = None
            comment.passage_id = None
            comment.avatar_image = None
        shown.append(comment)
    return shown


def _page_of_threads(article, viewer, order, start, count, feedback_only, pinned=None):
    """Rows of the threads `viewer` sees, in `order`, from `start`, at most `count` (the
    pinned thread is not among them: it is shown above them).

    The threads everyone sees are read through their own partial indexes, in order, up to
    the page (public_threads_*_idx): approved ones, and deleted or held ones with approved
    replies (placeholders). A viewer's own held threads join them: in one filter with an
    OR, PostgreSQL would read and sort every thread of the article (14,708 at 50,000
    comments), so they are a second branch of a UNION ALL, each branch read in order and
    cut at the page's end, and the few rows of both sorted.
    """
    Status = Comment.Status
    answered = Exists(Comment.objects.approved().filter(root=OuterRef("pk")))
    threads = _in_threads(Comment.objects.filter(article=article, parent__isnull=True))
    if feedback_only:
        threads = threads.filter(passage__isnull=False)
    if pinned is not None:
        threads = threads.exclude(pk=pinned)
    public = threads.filter(Q(status=Status.APPROVED) | answered)
    own = viewer.owns_q() if viewer is not None else None
    end = start + count
    if own is None:
        query = public.order_by(*order).values_list(*SHOWN_COLUMNS)[start:end]
    elif connection.features.supports_slicing_ordering_in_compound:
        mine = Q(status=Status.PENDING) & own
        query = (
            public.exclude(mine)
            .order_by(*order)
            .values_list(*SHOWN_COLUMNS)[:end]
            .union(
                threads.filter(mine).order_by(*order).values_list(*SHOWN_COLUMNS)[:end], all=True
            )
            .order_by(*order)[start:end]
        )
    else:  # SQLite takes no LIMIT in a UNION's branches; it has no such plans to avoid
        query = (
            threads.filter(Q(status=Status.APPROVED) | answered | Q(status=Status.PENDING) & own)
            .order_by(*order)
            .values_list(*SHOWN_COLUMNS)[start:end]
        )
    return list(query)


def thread_for(*, root, viewer):
    """One thread with every reply, for the page of its own that "Show more replies"
    leads to. Two queries (three with the viewer's votes)."""
    shown = _shown(
        _in_threads(Comment.objects.filter(article_id=root.article_id))
        .filter(Q(pk=root.pk) | Q(root=root.pk))
        .order_by("created_at", "pk")
        .values_list(*SHOWN_COLUMNS),
        viewer,
    )
    threads = [c for c in shown if c.id == root.pk]
    entries = _in_reading_order(threads, [c for c in shown if c.id != root.pk])
    if entries and threads and threads[0].is_pinned:
        entries[0].pinned = True
    _add_badges(entries, root.article)
    _add_viewer(entries, viewer)
    add_replying_to(entries)
    return entries


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


@dataclass(frozen=True)
class Place:
    """Where a comment is shown: a page of its article's threads (newest first), or, for
    a reply beyond those a thread shows at first, the page of its whole thread."""

    page: int = 1
    thread_root: int | None = None  # the thread's page holds it


def place_of(comment, *, viewer=None, rules=None):
    """Where a comment is shown: the page counted among the threads everyone sees, and
    whether the reply is among the first ones of its thread as `viewer` sees it (their own
    held replies included)."""
    rules = rules or ModerationRules.current()
    root_id = comment.root_id or comment.pk
    root = comment if comment.root_id is None else Comment.objects.get(pk=root_id)
    if root.pinned_at is not None and root.status == Comment.Status.APPROVED:
        page = 1  # the pinned thread tops the first page
    else:
        newer = (
            _public_threads(comment.article)
            .filter(
                Q(created_at__gt=root.created_at) | Q(created_at=root.created_at, pk__gt=root.pk)
            )
            .exclude(pinned_at__isnull=False, status=Comment.Status.APPROVED)
        )
        page = newer.count() // rules.threads_per_page + 1
    if comment.root_id is not None:
        # A reply is on that page if its thread shows it there: among the first replies,
        # as many as the page's other threads leave room for (replies_cap).
        shown = discussion_for(article=comment.article, viewer=viewer, page=page, rules=rules)
        if shown is None or all(entry.comment.pk != comment.pk for entry in shown.entries):
            return Place(page=page, thread_root=root_id)
    return Place(page=page)


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
    placeholder = comment.is_deleted or comment.status == Comment.Status.PENDING
    if comment.is_approved or (placeholder and holds_replies(comment)):
        return comment
    return None


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


# At most this many comments on one page of threads (the threads and the replies they
# show): what keeps every page under issue 14's budget of 150 KB of HTML and 1,500 elements
# (bench/discussion_budget.py), whichever threads a sort puts together. "Most Voted" gathers
# the long threads; their pages show fewer replies a thread, each with "Show M more replies".
COMMENTS_PER_PAGE = 64


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
