from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import hold_reasons
from ..querysets import CommentQuerySet
from .moderation import RejectReason

# A top-level comment that may be shown to everyone: an approved one, or a deleted or held
# one as a placeholder that holds its replies' place (comments.selectors).
PUBLIC_THREAD = models.Q(parent__isnull=True, status__in=["approved", "deleted", "pending"])


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")
        DELETED = "deleted", _("Deleted")

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    # The top-level comment of the thread (None for a top-level comment itself), so that a
    # page fetches every reply of its threads in one query.
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    # The comment the reader answered, when the reply hangs elsewhere: a reply to the deepest
    # level joins an ancestor (ModerationRules.max_depth), and the thread says whom it answers.
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Inline feedback: the passage of the article this (top-level) comment is about.
    passage = models.ForeignKey(
        "comments.Passage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    author_name = models.CharField(max_length=80)
    author_email = models.EmailField(blank=True)
    browser_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    body = models.TextField()
    body_html = models.TextField(editable=False)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING, db_index=True)
    # The first reason's code, for sorting lists (comments.hold_reasons).
    held_because = models.CharField(max_length=200, blank=True)
    # Every reason the rules held it (or sent it to spam) for, as codes with their
    # parameters: [{"code": "links", "count": 3}]. Shown by reasons_shown.
    hold_reasons = models.JSONField(default=list, blank=True)
    rejection_reason = models.CharField(max_length=12, choices=RejectReason, blank=True)
    featured_at = models.DateTimeField(null=True, blank=True)
    pinned_at = models.DateTimeField(null=True, blank=True)

    upvotes = models.PositiveIntegerField(default=0)
    downvotes = models.PositiveIntegerField(default=0)
    score = models.IntegerField(default=0)
    report_count = models.PositiveIntegerField(default=0)

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)

    # The emails about this comment in the outbox: deleted with it.
    outgoing_emails = GenericRelation(
        "outbox.OutgoingEmail", content_type_field="about_type", object_id_field="about_id"
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["article", "status", "parent", "-created_at"], name="thread_idx"),
            models.Index(
                fields=["article", "status", "parent", "-score"], name="thread_votes_idx"
            ),
            models.Index(fields=["root", "created_at"], name="thread_replies_idx"),
            # The moderators' desk: a queue's page read in order (moderation.selectors), and
            # the record of every author on it counted by address.
            models.Index(fields=["status", "created_at", "id"], name="desk_queue_idx"),
            models.Index(fields=["author_email"], name="desk_author_email_idx"),
            models.Index(
                fields=["created_at", "id"],
                condition=models.Q(report_count__gt=0),
                name="desk_reported_idx",
            ),
            # The threads everyone sees, in the orders a page of them is read in
            # (comments.selectors): a page is read in order and cut, not sorted whole.
            models.Index(
                fields=["article", "-created_at", "-id"],
                condition=PUBLIC_THREAD,
                name="public_threads_newest_idx",
            ),
            models.Index(
                fields=["article", "-score", "-created_at", "-id"],
                condition=PUBLIC_THREAD,
                name="public_threads_votes_idx",
            ),
            # The "Featured" tab: the few featured comments, read in order.
            models.Index(
                fields=["article", "-featured_at", "-id"],
                condition=models.Q(featured_at__isnull=False, status="approved"),
                name="featured_comments_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score=models.F("upvotes") - models.F("downvotes")),
                name="score_is_up_minus_down",
            ),
            models.UniqueConstraint(
                fields=["article"],
                condition=models.Q(pinned_at__isnull=False),
                name="one_pinned_thread_per_article",
            ),
        ]

    def __str__(self):
        return f"{self.author_name} on {self.article}: {self.body[:40]}"

    def get_absolute_url(self):
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    @property
    def email_language(self):
        """The language of an email about this comment: its article's, the language the
        discussion is held in (outbox.tasks.deliver)."""
        return self.article.language

    @property
    def anchor(self):
        return f"comment-{self.pk}"

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED

    @property
    def is_deleted(self):
        return self.status == self.Status.DELETED

    def reasons_shown(self):
        """Every reason the rules held the comment (or sent it to spam) for, in the active
        language."""
        return hold_reasons.explained(self)


class Vote(models.Model):
    UP, DOWN = 1, -1

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    # "u<id>" for an account, "b<key>" for a guest's browser.
    voter_key = models.CharField(max_length=80)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    value = models.SmallIntegerField(choices=[(UP, "up"), (DOWN, "down")])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "voter_key"], name="one_vote_per_voter"),
            # A guest who clears cookies is still one voter per IP address.
            models.UniqueConstraint(
                fields=["comment", "ip_address"],
                condition=models.Q(user__isnull=True),
                name="one_guest_vote_per_ip",
            ),
            models.CheckConstraint(
                condition=models.Q(value__in=[1, -1]), name="vote_is_up_or_down"
            ),
        ]

    def __str__(self):
        return f"{'+1' if self.value == self.UP else '-1'} on comment {self.comment_id}"


class Report(models.Model):
    """A reader's report of a published comment. Reports are kept once decided (the outcome),
    so that each reporter has a record; only open reports that count (`counted`) hold a
    comment (comments.reports)."""

    Reason = RejectReason

    class Outcome(models.TextChoices):
        OPEN = "", _("Not decided yet")
        DISMISSED = "dismissed", _("Dismissed (the comment was approved)")
        UPHELD = "upheld", _("Upheld (the comment was removed)")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    # Who reported: "u<id>" for an account; for a guest, their network and browser together
    # ("g<hash>"), never the cookie, which a stranger can throw away between reports.
    reporter_key = models.CharField(max_length=80)
    # For a guest, where from: a keyed hash of the IPv4 address or the IPv6 /64 network. A
    # guest network weighs once per comment, however many browsers report from it.
    network_key = models.CharField(max_length=64, blank=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    reason = models.CharField(max_length=20, choices=RejectReason)
    # Whether it weighed toward holding the comment when it was made (not when its reporter
    # was already counted, or when moderators overruled most of the reporter's reports).
    counted = models.BooleanField(default=True)
    outcome = models.CharField(max_length=10, choices=Outcome, default=Outcome.OPEN, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter_key"], name="one_report_per_reader"
            )
        ]
        indexes = [
            models.Index(fields=["comment", "outcome"], name="report_open_idx"),
            models.Index(fields=["user", "outcome"], name="report_reporter_idx"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.comment_id})"
