"""The commenter's history, where the moderator decides: what one author (an account, a
guest's email address or an IP address) has written and what moderators decided about it.

A fixed number of queries however long the history: the totals in one, then the latest
comments, sanctions, bans, notes and decisions, one query each."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from comments.models import (
    Ban,
    Comment,
    ModerationDecision,
    ModeratorNote,
    Report,
    Sanction,
)

RECENT_COMMENTS = 10
RECENT_DECISIONS = 20
SHOWN_SANCTIONS = 20
SHOWN_NOTES = 20


@dataclass(frozen=True)
class Totals:
    approved: int
    rejected: int
    reported: int
    featured: int
    pending: int
    spam: int

    @property
    def all(self):
        return self.approved + self.rejected + self.pending + self.spam


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

    @property
    def kind(self):
        """Whose history: "account", "email" or "ip"."""
        if self.user is not None:
            return "account"
        return "email" if self.email else "ip"

    @property
    def label(self):
        if self.user is not None:
            return self.user.get_username()
        return self.email or self.ip_address or ""

    @property
    def url(self):
        """The author's own page on the desk."""
        if self.user is not None:
            return reverse("moderation:person-account", kwargs={"pk": self.user.pk})
        if self.email:
            return f"{reverse('moderation:person-email')}?{urlencode({'address': self.email})}"
        if self.ip_address:
            return reverse("moderation:person-ip", kwargs={"ip": self.ip_address})
        return ""

    @property
    def active_sanctions(self):
        return [s for s in self.sanctions if sanction_is_active(s)]


def sanction_is_active(sanction, now=None):
    """Whether a sanction still applies: not lifted, not ended, a warning not yet read."""
    now = now or timezone.now()
    if sanction.lifted_at is not None:
        return False
    if sanction.kind == Sanction.Kind.WARNING:
        return sanction.acknowledged_at is None
    return sanction.ends_at is None or sanction.ends_at > now


def _authored(*, user=None, email="", ip_address=None):
    """Which comments belong to this author: an account's own, else a guest's address, else
    everything from the IP address."""
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
        # Ever reported: report_count holds only the reports still open.
        reported=Count("pk", filter=Q(Exists(Report.objects.filter(comment=OuterRef("pk"))))),
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
            "rejection_reason",
            "author_name",
            "article__headline",
            "article__slug",
        )
        .order_by("-created_at", "-pk")[:RECENT_COMMENTS]
    )
    if user is not None:
        account_email = (user.email or "").strip().lower()
        whose = Q(user=user)
        notes_of = Q(user=user)
        bans_of = Q(kind=Ban.Kind.ACCOUNT, user=user)
        if account_email:
            # What was decided about the address counts for the account that holds it.
            whose |= Q(email=account_email)
            bans_of |= Q(kind=Ban.Kind.EMAIL, value=account_email)
    elif email:
        whose = Q(email=email)
        notes_of = Q(email=email)
        bans_of = Q(kind=Ban.Kind.EMAIL, value=email) | Q(
            kind=Ban.Kind.DOMAIN, value=email.rpartition("@")[2]
        )
    else:
        whose = notes_of = bans_of = Q(pk__in=[])
    if ip_address:
        notes_of |= Q(ip_address=ip_address)
        bans_of |= Q(kind=Ban.Kind.IP, value=ip_address)
    sanctions = list(Sanction.objects.filter(whose).select_related("created_by")[:SHOWN_SANCTIONS])
    notes = list(ModeratorNote.objects.filter(notes_of).select_related("created_by")[:SHOWN_NOTES])
    bans = list(Ban.objects.filter(bans_of).select_related("created_by", "user"))
    about = Q(comment__in=authored.order_by("-pk").values("pk")[:200])
    if user is not None:
        about |= Q(subject_user=user)
    elif email:
        about |= Q(subject_email=email)
    elif ip_address:
        about |= Q(subject_ip=ip_address)
    decisions = list(
        ModerationDecision.objects.filter(about).select_related("moderator")[:RECENT_DECISIONS]
    )
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
