"""The commenter's history, where the moderator decides: what one author (an account, a
guest's email address or an IP address) has written and what moderators decided about it."""

from dataclasses import dataclass

from django.db.models import Count, Q

from comments.models import Ban, Comment, ModerationDecision, ModeratorNote, Sanction

RECENT_COMMENTS = 10


@dataclass(frozen=True)
class Totals:
    approved: int
    rejected: int
    reported: int
    featured: int
    pending: int
    spam: int


@dataclass(frozen=True)
class CommenterHistory:
    """One author's record, as the queue and the author's own page show it."""

    user: object  # an account, or None for a guest
    email: str
    ip_address: str | None
    totals: Totals
    recent_comments: list
    sanctions: list
    bans: list
    notes: list
    decisions: list


def _authored(*, user=None, email="", ip_address=None):
    """Which comments belong to this author: an account's own, else a guest's address."""
    if user is not None:
        return Q(user=user)
    if email:
        return Q(user__isnull=True, author_email__iexact=email)
    if ip_address:
        return Q(ip_address=ip_address)
    return Q(pk__in=[])


def commenter_history(*, user=None, email="", ip_address=None):
    """The record of one author: totals in one query, then their latest comments, sanctions,
    bans, notes and the decisions about them, a query each (never one per comment)."""
    email = (email or "").strip().lower()
    authored = Comment.objects.filter(_authored(user=user, email=email, ip_address=ip_address))
    Status = Comment.Status
    counts = authored.aggregate(
        approved=Count("pk", filter=Q(status=Status.APPROVED)),
        rejected=Count("pk", filter=Q(status=Status.REJECTED)),
        pending=Count("pk", filter=Q(status=Status.PENDING)),
        spam=Count("pk", filter=Q(status=Status.SPAM)),
        reported=Count("pk", filter=Q(report_count__gt=0)),
        featured=Count("pk", filter=Q(featured_at__isnull=False)),
    )
    recent = list(
        authored.select_related("article")
        .only(
            "pk",
            "body",
            "status",
            "created_at",
            "report_count",
            "featured_at",
            "article__headline",
            "article__slug",
        )
        .order_by("-created_at", "-pk")[:RECENT_COMMENTS]
    )
    if user is not None:
        whose = Q(user=user)
        notes_of = Q(user=user)
        ban_values = [user.email.lower()] if user.email else []
    else:
        whose = Q(user__isnull=True, email=email) if email else Q(pk__in=[])
        notes_of = Q(email=email) if email else Q(pk__in=[])
        ban_values = [email, email.rpartition("@")[2]] if email else []
    if ip_address:
        notes_of |= Q(ip_address=ip_address)
        ban_values.append(ip_address)
    sanctions = list(Sanction.objects.filter(whose).select_related("created_by"))
    notes = list(ModeratorNote.objects.filter(notes_of).select_related("created_by"))
    bans = list(Ban.objects.filter(value__in=ban_values)) if ban_values else []
    about = Q(comment__in=authored.values("pk")[:200])
    if user is not None:
        about |= Q(subject_user=user)
    elif email:
        about |= Q(subject_email=email)
    decisions = list(ModerationDecision.objects.filter(about).select_related("moderator")[:20])
    return CommenterHistory(
        user=user,
        email=email,
        ip_address=ip_address,
        totals=Totals(**counts),
        recent_comments=recent,
        sanctions=sanctions,
        bans=bans,
        notes=notes,
        decisions=decisions,
    )


def history_of_comment_author(comment):
    """The history of whoever wrote this comment: the account, else the guest's address."""
    if comment.user_id:
        return commenter_history(user=comment.user, ip_address=comment.ip_address)
    return commenter_history(email=comment.author_email, ip_address=comment.ip_address)
