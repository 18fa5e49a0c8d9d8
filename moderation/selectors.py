"""What the moderators' desk reads: the queues with their counts, a page of comment cards,
one comment with everything about it, and the audit log.

Every page runs a fixed number of queries, whatever the size of the queue or of the page:
the cards' reports, decisions and authors' totals are each read for the whole page at once.
"""

import ipaddress
from dataclasses import dataclass, field
from itertools import pairwise

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Category
from comments.models import Comment, ModerationDecision, Report

Status = Comment.Status
PER_PAGE = 20
LOG_PER_PAGE = 50


def _reported_since_review():
    """Reported after a moderator last decided about it (or never decided at all)."""
    since = Exists(
        Report.objects.filter(comment=OuterRef("pk"), created_at__gt=OuterRef("moderated_at"))
    )
    # "Not decided against" rather than "pending or approved": the reported comments are then
    # read from their own index (desk_reported_idx), not from among every pending one.
    return (
        Q(report_count__gt=0)
        & ~Q(status__in=[Status.REJECTED, Status.SPAM, Status.DELETED])
        & (Q(moderated_at__isnull=True) | since)
    )


@dataclass(frozen=True)
class Queue:
    slug: str
    label: str
    description: str
    # Oldest first where every comment waits for someone; newest first elsewhere.
    ordering: tuple

    def condition(self):
        return QUEUE_CONDITIONS[self.slug]()


QUEUE_CONDITIONS = {
    "pending": lambda: Q(status=Status.PENDING),
    "reported": _reported_since_review,
    "unmoderated": lambda: Q(status=Status.APPROVED, moderated_at__isnull=True),
    "approved": lambda: Q(status=Status.APPROVED),
    "rejected": lambda: Q(status__in=[Status.REJECTED, Status.SPAM]),
    "featured": lambda: Q(featured_at__isnull=False),
}

QUEUES = {
    queue.slug: queue
    for queue in [
        Queue(
            "pending",
            _("Pending"),
            _("Held for review by the rules or by reports."),
            ("created_at", "pk"),
        ),
        Queue(
            "reported",
            _("Reported"),
            _("Reported by readers since a moderator last looked."),
            ("created_at", "pk"),
        ),
        Queue(
            "unmoderated",
            _("Unmoderated"),
            _("Published by the rules; no moderator has looked."),
            ("-created_at", "-pk"),
        ),
        Queue("approved", _("Approved"), _("Published."), ("-created_at", "-pk")),
        Queue("rejected", _("Rejected"), _("Rejected or marked as spam."), ("-created_at", "-pk")),
        Queue("featured", _("Featured"), _("Featured by a moderator."), ("-featured_at", "-pk")),
    ]
}


@dataclass(frozen=True)
class Filters:
    """What narrows a queue: a section, an article, a search. Empty values narrow nothing."""

    section: Category | None = None
    article: Article | None = None
    search: str = ""

    def where(self, *, with_search=True):
        condition = Q()
        if self.section is not None:
            condition &= Q(article__category=self.section)
        if self.article is not None:
            condition &= Q(article=self.article)
        if with_search and self.search:
            condition &= search_condition(self.search)
        return condition


def search_condition(text):
    """Text, author name or email address; an IP address is matched exactly."""
    text = text.strip()
    try:
        ip = str(ipaddress.ip_address(text))
    except ValueError:
        ip = None
    if ip is not None:
        return Q(ip_address=ip)
    return (
        Q(body__icontains=text) | Q(author_name__icontains=text) | Q(author_email__icontains=text)
    )


def queue_counts(filters):
    """How many comments each queue holds (section and article applied, not the search): one
    query for all the tabs."""
    return Comment.objects.filter(filters.where(with_search=False)).aggregate(
        **{slug: Count("pk", filter=queue.condition()) for slug, queue in QUEUES.items()}
    )


def queue_comments(queue, filters):
    """The comments of a queue, in its order, with what a card shows of their thread."""
    return (
        Comment.objects.filter(queue.condition(), filters.where())
        .select_related("article", "article__category", "parent", "user")
        .defer("body_html", "article__body", "article__body_html", "parent__body_html")
        .order_by(*queue.ordering)
    )


@dataclass(frozen=True)
class AuthorTotals:
    approved: int = 0
    rejected: int = 0
    reported: int = 0
    featured: int = 0


@dataclass
class Card:
    """One comment as the desk shows it, with what a moderator decides by."""

    comment: Comment
    reports: list = field(default_factory=list)  # [(reason label, count)]
    decisions: list = field(default_factory=list)
    totals: AuthorTotals = AuthorTotals()
    revisions: list = field(default_factory=list)
    next_anchor: str = ""
    # Filled in by moderation.cards for the template.
    url: str = ""
    act_url: str = ""
    desk_url: str = ""
    headline: str = ""
    body_html: str = ""
    parent_excerpt: str = ""

    @property
    def anchor(self):
        return f"card-{self.comment.pk}"

    @property
    def hold_reasons(self):
        return self.comment.reasons_shown()


def author_key(comment):
    return ("u", comment.user_id) if comment.user_id else ("e", comment.author_email)


def author_totals(comments):
    """{author key: AuthorTotals} for the authors of these comments, in one query."""
    user_ids = {c.user_id for c in comments if c.user_id}
    emails = {c.author_email for c in comments if not c.user_id and c.author_email}
    if not user_ids and not emails:
        return {}
    rows = (
        # A guest's address alone (not "and no account"), so that both sides of the OR are
        # read from an index; rows of accounts under a guest's address are skipped below.
        Comment.objects.filter(Q(user_id__in=user_ids) | Q(author_email__in=emails))
        .order_by()
        .values("user_id", "author_email")
        .annotate(
            approved=Count("pk", filter=Q(status=Status.APPROVED)),
            rejected=Count("pk", filter=Q(status__in=[Status.REJECTED, Status.SPAM])),
            # Ever reported, as on the commenter's page (report_count holds the open ones).
            reported=Count("pk", filter=Q(Exists(Report.objects.filter(comment=OuterRef("pk"))))),
            featured=Count("pk", filter=Q(featured_at__isnull=False)),
        )
    )
    sums = {}
    for row in rows:
        key = ("u", row["user_id"]) if row["user_id"] else ("e", row["author_email"])
        if key[0] == "u" and key[1] not in user_ids:
            continue
        before = sums.get(key, (0, 0, 0, 0))
        sums[key] = tuple(
            a + b
            for a, b in zip(
                before,
                (row["approved"], row["rejected"], row["reported"], row["featured"]),
                strict=True,
            )
        )
    return {key: AuthorTotals(*values) for key, values in sums.items()}


def _revisions_of(comment_ids):
    """The comments' edit history, when the discussion keeps one (CommentRevision)."""
    try:
        relation = Comment._meta.get_field("revisions")
    except FieldDoesNotExist:
        return {}
    found = {}
    for revision in relation.related_model.objects.filter(comment_id__in=comment_ids).order_by(
        "comment_id", "-pk"
    ):
        found.setdefault(revision.comment_id, []).append(revision)
    return found


def cards_for(comments):
    """Cards for a page of comments: four queries more, however many comments."""
    comments = list(comments)
    ids = [c.pk for c in comments]
    reasons = dict(Report.Reason.choices)
    reports = {}
    for row in (
        Report.objects.filter(comment_id__in=ids)
        .order_by()
        .values("comment_id", "reason")
        .annotate(count=Count("pk"))
        .order_by("comment_id", "-count", "reason")
    ):
        reports.setdefault(row["comment_id"], []).append(
            (reasons.get(row["reason"], row["reason"]), row["count"])
        )
    decisions = {}
    for decision in ModerationDecision.objects.filter(comment_id__in=ids).select_related(
        "moderator"
    ):
        decisions.setdefault(decision.comment_id, []).append(decision)
    totals = author_totals(comments)
    revisions = _revisions_of(ids)
    cards = [
        Card(
            comment=c,
            reports=reports.get(c.pk, []),
            decisions=decisions.get(c.pk, []),
            totals=totals.get(author_key(c), AuthorTotals()),
            revisions=revisions.get(c.pk, []),
        )
        for c in comments
    ]
    for card, after in pairwise(cards):
        card.next_anchor = after.anchor
    return cards


@dataclass(frozen=True)
class QueuePage:
    queue: Queue
    filters: Filters
    counts: dict
    page: object  # a Paginator page
    cards: list
    matching: int  # comments in this queue that match the filters and the search


def queue_page(*, queue, filters, page_number=1, per_page=PER_PAGE):
    counts = queue_counts(filters)
    comments = queue_comments(queue, filters)
    paginator = Paginator(comments, per_page, allow_empty_first_page=True)
    if not filters.search:
        # The tab's count is this queue's: no second count of the same rows.
        paginator.count = counts[queue.slug]
    page = paginator.get_page(page_number)
    return QueuePage(
        queue=queue,
        filters=filters,
        counts=counts,
        page=page,
        cards=cards_for(page.object_list),
        matching=paginator.count,
    )


def desk_comment(pk):
    """One comment with its card, for its own page; None if there is none."""
    comment = (
        Comment.objects.select_related("article", "article__category", "parent", "root", "user")
        .filter(pk=pk)
        .first()
    )
    if comment is None:
        return None
    return cards_for([comment])[0]


def decisions_log(*, action="", reason="", moderator=None, since=None, until=None, comment=None):
    """The audit log, newest first, narrowed by what the log page's filters say."""
    decisions = ModerationDecision.objects.select_related(
        "moderator", "comment", "comment__article", "subject_user"
    ).defer("comment__body_html", "comment__article__body", "comment__article__body_html")
    if action:
        decisions = decisions.filter(action=action)
    if reason:
        decisions = decisions.filter(reason=reason)
    if moderator is not None:
        decisions = decisions.filter(moderator=moderator)
    if since is not None:
        decisions = decisions.filter(created_at__date__gte=since)
    if until is not None:
        decisions = decisions.filter(created_at__date__lte=until)
    if comment is not None:
        decisions = decisions.filter(comment_id=comment)
    return decisions.order_by("-created_at", "-pk")
