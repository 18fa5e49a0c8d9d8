from django.conf import settings
from django.db import models


class PrivacyRequest(models.Model):
    """A request about one person's data (an export, or an erasure), kept as a record of what
    was done, when, and by whom. It holds no copy of the data itself."""

    class Action(models.TextChoices):
        EXPORT = "export", "Export everything held for this address"
        ERASE = "erase", "Erase everything held for this address"

    email = models.EmailField(help_text="Stored in lower case.")
    action = models.CharField(max_length=10, choices=Action)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    summary = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.email}"
