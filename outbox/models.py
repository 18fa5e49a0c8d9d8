from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import kinds


class OutgoingEmail(models.Model):
    """One email the site means to send, recorded before it is sent.

    `key` is unique (the recording app chooses it, e.g. "comment:<comment id>:<address>"),
    so that the same email is never recorded, or sent, twice; the send task claims a queued
    row before it sends it. The message is built when it is sent, by the builder that the
    recording app registered for its `kind` (outbox.kinds), from what the row names: the
    row it is `about` (a comment, say), the account it goes to (`to_user`) and a few plain
    values in `data`. A builder that finds the email no longer wanted cancels it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FOLDED = "folded", _("Waiting for the digest")
        DIGESTED = "digested", _("Sent in a digest")
        CANCELLED = "cancelled", _("Not sent: no longer needed")
        FAILED = "failed", _("Failed")

    key = models.CharField(max_length=320, unique=True)
    kind = models.CharField(max_length=40)
    to_email = models.EmailField()
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    # What the email is about. The app that owns that model declares a GenericRelation to
    # this one, so that the emails about a row go when the row is deleted.
    about_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    data = models.JSONField(default=dict, blank=True)
    # The digest that carried this email's news, for emails folded into one.
    digest = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    subject = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    send_after = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing email")
        indexes = [
            models.Index(fields=["to_email", "kind", "created_at"], name="outbox_recipient_idx"),
            models.Index(fields=["status", "send_after"], name="outbox_status_idx"),
            models.Index(fields=["about_type", "about_id"], name="outbox_about_idx"),
        ]

    def __str__(self):
        return f"{self.kind_label} to {self.to_email}"

    @property
    def kind_label(self):
        return kinds.label(self.kind)
