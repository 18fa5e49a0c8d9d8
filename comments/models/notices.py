"""Notices of illegal content under the EU Digital Services Act (Regulation (EU) 2022/2065):
the reader's notice (article 16) and the moderators' decision with its statement of reasons
(article 17). Kept for the yearly transparency report (article 15), also when the comment
itself is gone."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IllegalContentNotice(models.Model):
    class Decision(models.TextChoices):
        PENDING = "", _("Not decided yet")
        ILLEGAL = "illegal", _("Illegal: the comment is removed")
        LEGAL = "legal", _("Not illegal: the comment is not removed for this notice")

    class Ground(models.TextChoices):
        LAW = "law", _("The law")
        TERMS = "terms", _("Our terms (community rules)")

    comment = models.ForeignKey(
        "comments.Comment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notices",
    )
    report = models.OneToOneField(
        "comments.Report",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notice",
    )
    # The exact location and the text as they were noticed (art. 16(2)(b)).
    content_url = models.URLField(max_length=500)
    content_text = models.TextField()

    # What the notifier gave (art. 16(2)(a), (c), (d)).
    law = models.CharField(_("law or rule it breaks"), max_length=300)
    explanation = models.TextField(_("why it is illegal"))
    notifier_name = models.CharField(_("name"), max_length=120)
    notifier_email = models.EmailField(_("email"), help_text=_("Stored in lower case."))
    good_faith = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    # The decision and its statement of reasons (art. 17(3)).
    decision = models.CharField(max_length=10, choices=Decision, default="", blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    facts = models.TextField(_("facts and circumstances"), blank=True)
    ground = models.CharField(max_length=10, choices=Ground, blank=True)
    ground_explanation = models.TextField(blank=True)
    automated = models.BooleanField(_("automated means were used"), default=False)
    redress = models.TextField(blank=True)

    outgoing_emails = GenericRelation(
        "outbox.OutgoingEmail", content_type_field="about_type", object_id_field="about_id"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("illegal content notice")
        constraints = [
            models.CheckConstraint(condition=Q(good_faith=True), name="notice_in_good_faith"),
            models.CheckConstraint(
                condition=Q(decision="", decided_at__isnull=True)
                | (~Q(decision="") & Q(decided_at__isnull=False)),
                name="notice_decided_with_a_date",
            ),
        ]

    def __str__(self):
        return f"Notice {self.pk} ({self.get_decision_display()})"

    def save(self, *args, **kwargs):
        self.notifier_email = self.notifier_email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_decided(self):
        return bool(self.decision)

    @property
    def time_to_decide(self):
        if self.decided_at is None:
            return None
        return self.decided_at - self.created_at
