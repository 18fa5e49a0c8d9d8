from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Subscription(models.Model):
    """An address that asked to hear about new comments on an article, by email.

    A guest's subscription waits for the click on the confirmation link (`confirmed_at`);
    nothing else is sent to the address before. A signed-in reader's is confirmed at once.
    """

    class Kind(models.TextChoices):
        FOLLOW_UPS = "follow-ups", _("new follow-up comments")
        REPLIES = "replies", _("new replies to my comments")
        COMMENT = "comment", _("replies to this comment")

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="subscriptions"
    )
    kind = models.CharField(max_length=12, choices=Kind)
    # Only for Kind.COMMENT: the comment whose replies are wanted.
    comment = models.ForeignKey(
        "comments.Comment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    email = models.EmailField(help_text=_("Stored in lower case."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comment_subscriptions",
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The reader's choice on their own page: each new comment in its own email, or all of a
    # day's in one digest at midnight (UTC).
    daily_digest = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email"], name="subscription_email_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "kind", "email"],
                condition=Q(comment__isnull=True),
                name="one_subscription_per_address",
            ),
            models.UniqueConstraint(
                fields=["comment", "email"],
                condition=Q(comment__isnull=False),
                name="one_comment_subscription_per_address",
            ),
            models.CheckConstraint(
                condition=Q(kind="comment", comment__isnull=False)
                | (~Q(kind="comment") & Q(comment__isnull=True)),
                name="comment_subscription_has_comment",
            ),
        ]

    def __str__(self):
        return f"{self.email}: {self.get_kind_display()} ({self.article_id})"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def email_language(self):
        """The language of an email about this subscription (its confirmation): the
        article's, where the reader subscribed (outbox.tasks.deliver)."""
        return self.article.language

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class ModeratorAlerts(models.Model):
    """How a moderator wants to hear about comments held for review."""

    class Frequency(models.TextChoices):
        EACH = "each", _("An email for each held comment")
        HOURLY = "hourly", _("One email an hour listing the held comments")
        NONE = "none", _("No email")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderator_alerts"
    )
    frequency = models.CharField(max_length=10, choices=Frequency, default=Frequency.NONE)

    class Meta:
        verbose_name = verbose_name_plural = _("moderator alerts")

    def __str__(self):
        return f"{self.user}: {self.get_frequency_display().lower()}"


class EmailKind(models.TextChoices):
    """The emails the discussion sends through the outbox (outbox.OutgoingEmail.kind); each
    is built when it is due by comments.emails."""

    CONFIRM = "confirm", _("Subscription confirmation")
    COMMENT = "comment", _("New comment")
    DIGEST = "digest", _("Digest of new comments")
    HELD = "held", _("Comment held for moderation")
    HELD_DIGEST = "held-digest", _("Digest of held comments")
    REJECTED = "rejected", _("Comment rejected (to its author)")
    FEATURED = "featured", _("Comment featured")
