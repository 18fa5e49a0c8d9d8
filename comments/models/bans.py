"""Who may not comment."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
