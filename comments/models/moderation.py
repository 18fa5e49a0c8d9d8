"""What moderators decide and keep on record: the log of every decision, the sanctions on
a reader, and the moderators' notes about an account, an email address or an IP address."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import hold_reasons


class RejectReason(models.TextChoices):
    """Why a comment was rejected or reported; the author is told the reason."""

    OFFENSIVE = "offensive", _("Offensive")
    ABUSIVE = "abusive", _("Abusive")
    SPAM = "spam", _("Spam")
    OFF_TOPIC = "off-topic", _("Off topic")
    ILLEGAL = "illegal", _("Illegal content")
    OTHER = "other", _("Other")


class ModerationDecision(models.Model):
    """One line of the audit log: who decided what, when and why. Automatic decisions (a
    comment held by the rules) have no moderator."""

    class Action(models.TextChoices):
        HOLD = "hold", _("Held by the rules")
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Rejected")
        SPAM = "spam", _("Marked as spam")
        DELETE = "delete", _("Deleted")
        FEATURE = "feature", _("Featured")
        UNFEATURE = "unfeature", _("No longer featured")
        PIN = "pin", _("Pinned")
        UNPIN = "unpin", _("Unpinned")
        WARN = "warn", _("Warned")
        SUSPEND = "suspend", _("Suspended")
        BAN = "ban", _("Banned")
        PREMODERATE = "premoderate", _("Always pre-moderated")
        LIFT = "lift", _("Sanction lifted")
        NOTE = "note", _("Note added")
        LEGAL = "legal", _("Notice decided: not illegal")
        ILLEGAL = "illegal", _("Notice decided: illegal")

    comment = models.ForeignKey(
        "comments.Comment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=12, choices=Action)
    reason = models.CharField(max_length=12, choices=RejectReason, blank=True)
    explanation = models.TextField(blank=True)
    # What the site itself says of the decision (why the rules held the comment, reports
    # dismissed with it), as codes with their parameters (comments.hold_reasons), put into
    # words in the language of whoever reads the log; explanation is what a person typed.
    reasons = models.JSONField(default=list, blank=True)
    # Whom a decision about a reader concerns (a sanction, a note).
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject_email = models.EmailField(blank=True)
    subject_ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["comment", "-created_at"], name="decision_comment_idx")]

    def __str__(self):
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    def explanation_shown(self):
        """The site's reasons in the active language, then the moderator's explanation."""
        parts = [hold_reasons.explain(stored) for stored in self.reasons or ()]
        return "; ".join(part for part in [*parts, self.explanation] if part)


class Sanction(models.Model):
    """A measure against a reader (an account, or a guest's email address), with its reason.
    Bans stay in Ban (account, email, domain, IP)."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("Warning")
        SUSPENSION = "suspension", _("Suspension")
        PREMODERATION = "premoderation", _("Always pre-moderate")

    kind = models.CharField(max_length=14, choices=Kind)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sanctions",
    )
    email = models.EmailField(blank=True, help_text=_("Stored in lower case."))
    reason = models.TextField()
    # A suspension ends; a warning ends when the reader acknowledges it.
    ends_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(user__isnull=True, email=""), name="sanction_has_subject"
            )
        ]
        indexes = [
            models.Index(fields=["user", "kind"], name="sanction_user_idx"),
            models.Index(fields=["email", "kind"], name="sanction_email_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.user or self.email}"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def email_language(self):
        """The language of an email about this sanction (outbox.tasks.deliver): the one the
        reader last commented in (its article's), as a discussion's emails are."""
        comments = self._meta.apps.get_model("comments", "Comment").objects
        whose = {"user_id": self.user_id} if self.user_id else {"author_email": self.email}
        latest = comments.filter(**whose).order_by("-created_at", "-pk")
        return latest.values_list("article__language", flat=True).first()


class ModeratorNote(models.Model):
    """What a moderator wants the next one to know about an account, an email address or an
    IP address; shown with every comment of theirs in the queue."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="moderator_notes",
    )
    email = models.EmailField(blank=True, help_text=_("Stored in lower case."))
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(user__isnull=True, email="", ip_address__isnull=True),
                name="note_has_subject",
            )
        ]

    def __str__(self):
        return self.text[:60]

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)
