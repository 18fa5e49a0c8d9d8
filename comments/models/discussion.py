from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.models import CachedSingleRow

from .. import hold_reasons
from ..querysets import CommentQuerySet
from .moderation import RejectReason

# v5: the rules gained the new-commenter, history, domain and closing rules, and the
# reporters' record; a row cached before them must not be read back.
RULES_CACHE_KEY = "comments:moderation-rules:v5"
RULES_CACHE_SECONDS = 60 * 60


class ModerationRules(CachedSingleRow):
    """The moderators' rules: one row, edited in the admin. Their changes apply at once on
    every server (CachedSingleRow)."""

    cache_key = RULES_CACHE_KEY
    cache_seconds = RULES_CACHE_SECONDS

    class Hold(models.TextChoices):
        ALL = "all", _("Hold every comment for review")
        FIRST = "first", _("Hold new commenters until enough of their comments were approved")
        NONE = "none", _("Publish at once unless another rule holds it")

    hold = models.CharField(max_length=10, choices=Hold, default=Hold.FIRST)
    approved_to_trust = models.PositiveSmallIntegerField(
        "approved comments before an author is trusted",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "With “Hold new commenters”: how many of an author's comments a moderator (or "
            "the rules) must have approved before the next ones are published at once. Only "
            "a verified identity counts: an account with a verified address, or a guest in "
            "the browser they commented from, their address confirmed by a link."
        ),
    )
    rejected_share_percent = models.PositiveSmallIntegerField(
        "hold when this share of comments was rejected (%)",
        default=30,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "An author whose comments of the last days (below) were rejected more often than "
            "this is held until the share falls. 0 turns the rule off."
        ),
    )
    rejected_share_min_decisions = models.PositiveSmallIntegerField(
        "…once they have this many approved or rejected comments",
        default=3,
        validators=[MinValueValidator(1)],
    )
    history_days = models.PositiveSmallIntegerField(
        "…over this many days",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    premoderate_disposable = models.BooleanField(
        "pre-moderate throwaway addresses",
        default=True,
        help_text=_(
            "Hold comments from addresses of disposable-mail services (the maintained list "
            "of the disposable-email-domains package). Other domains: email domain rules."
        ),
    )
    close_after_days = models.PositiveSmallIntegerField(
        "close comments after (days)",
        default=0,
        validators=[MaxValueValidator(3650)],
        help_text=_(
            "Days after an article's publication; 0 never closes them. Each article may "
            "say otherwise (its discussion settings)."
        ),
    )
    hold_link_count = models.PositiveSmallIntegerField(
        "hold with this many links",
        default=2,
        help_text=_("Hold a comment with this many links or more. 0 turns the rule off."),
    )
    moderation_words = models.TextField(
        blank=True, help_text=_("One word or phrase a line: a comment containing one is held.")
    )
    block_words = models.TextField(
        blank=True, help_text=_("One word or phrase a line: a comment containing one is spam.")
    )
    min_seconds_to_write = models.PositiveSmallIntegerField(
        default=3, help_text=_("A comment posted faster than this after the page loaded is spam.")
    )
    comments_per_minute = models.PositiveSmallIntegerField(
        default=5, help_text=_("Per IP address and per account. 0 turns the limit off.")
    )
    duplicate_window_minutes = models.PositiveSmallIntegerField(
        default=10, help_text=_("The same text from the same author within this time is refused.")
    )
    max_depth = models.PositiveSmallIntegerField(
        "reply depth",
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(10)],
        help_text=_(
            "Levels of comments, the top level included (2 or more, so that replies are "
            "possible); a reply to the deepest level joins its deepest allowed ancestor."
        ),
    )
    threads_per_page = models.PositiveSmallIntegerField(
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text=_("Threads a page of the discussion shows, each with its first replies."),
    )
    replies_shown = models.PositiveSmallIntegerField(
        "replies shown in a thread",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "A thread with more replies shows this many and a link to the rest "
            "(“Show 5 more replies”)."
        ),
    )
    edit_minutes = models.PositiveSmallIntegerField(
        default=15, help_text=_("How long authors may edit their comment.")
    )
    reports_to_hold = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("A comment reported by this many different readers is held for review."),
    )
    discredit_after_reports = models.PositiveSmallIntegerField(
        "weigh a reporter's record after this many decided reports",
        default=5,
        help_text=_(
            "Once moderators have decided this many of an account's reports, its reports "
            "weigh nothing if they dismissed the share below or more. 0 turns the rule off."
        ),
    )
    discredit_dismissed_percent = models.PositiveSmallIntegerField(
        "dismissed share that discredits a reporter (%)",
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Such an account's reports are kept and shown, but hold nothing."),
    )
    mentions_per_comment = models.PositiveSmallIntegerField(
        _("people one comment may mention"),
        default=5,
        validators=[MaxValueValidator(50)],
        help_text=_(
            "“@Name” links to that person's comment and emails their account (if they allow "
            "it) for this many different people in a comment; further names stay plain text. "
            "0 turns mentions off."
        ),
    )
    min_length = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    max_length = models.PositiveIntegerField(
        default=5000, validators=[MinValueValidator(1), MaxValueValidator(20000)]
    )
    votes_per_minute = models.PositiveSmallIntegerField(
        default=30,
        help_text=_("Per IP address and per account; more are refused for a minute. 0: no limit."),
    )
    reports_per_hour = models.PositiveSmallIntegerField(
        default=10,
        help_text=_("Per IP address and per account; more are refused for an hour. 0: no limit."),
    )
    emails_per_hour = models.PositiveSmallIntegerField(
        "notification emails per subscriber an hour",
        default=20,
        validators=[MinValueValidator(1)],
        help_text=_(
            "A reader gets at most this many emails about new comments an hour; the rest "
            "arrive together in one digest at the end of the hour."
        ),
    )
    subscriptions_per_hour = models.PositiveSmallIntegerField(
        "subscription requests an hour",
        default=5,
        help_text=_(
            "Per IP address and per email address, so that nobody can flood an inbox with "
            "confirmation emails. 0 turns the limit off."
        ),
    )

    class Meta:
        verbose_name = verbose_name_plural = _("moderation rules")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="one_rules_row")]

    def __str__(self):
        return str(_("Moderation rules"))

    @staticmethod
    def word_list(text):
        return [line.strip().lower() for line in text.splitlines() if line.strip()]


class Ban(models.Model):
    """Who may not comment: an account, an email address, a domain or an IP address.
    Comments from a banned domain or IP address go to spam unannounced; a banned account or
    address is told why its comment is refused (comments.services.comment_post)."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", _("Account")
        EMAIL = "email", _("Email address")
        DOMAIN = "domain", _("Email domain")
        IP = "ip", _("IP address")

    kind = models.CharField(max_length=10, choices=Kind)
    value = models.CharField(
        max_length=254, help_text=_("Stored in lower case; for an account, its id.")
    )
    # The banned account (kind "account"): its bans go with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comment_bans",
    )
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="unique_ban")]

    def __str__(self):
        if self.kind == self.Kind.ACCOUNT and self.user_id:
            return f"{self.get_kind_display()}: {self.user}"
        return f"{self.get_kind_display()}: {self.value}"

    def save(self, *args, **kwargs):
        if self.kind == self.Kind.ACCOUNT and self.user_id:
            self.value = str(self.user_id)
        self.value = self.value.strip().lower()
        super().save(*args, **kwargs)


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
