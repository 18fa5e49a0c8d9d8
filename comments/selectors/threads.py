"""One page of an article's threads (sorted, the pinned thread first, the Featured tab), and
a thread's own page."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef, Q

from ..links import links_maker
from ..models import Comment, ModerationRules
from .counts import discussion_counts
from .entries import Entry, _add_badges, _add_viewer, _in_reading_order, add_replying_to
from .params import DEFAULT_SORT, FEATURED, SORT_LABELS, SORTS, clean_sort
from .shown import SHOWN_COLUMNS, _shown

# At most this many comments on one page of threads (the threads and the replies they
# show): what keeps every page under issue 14's budget of 150 KB of HTML and 1,500 elements
# (bench/discussion_budget.py), whichever threads a sort puts together. "Most Voted" gathers
# the long threads; their pages show fewer replies a thread, each with "Show M more replies".
COMMENTS_PER_PAGE = 64


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
