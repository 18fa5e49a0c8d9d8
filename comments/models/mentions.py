from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Mention(models.Model):
    """An account named with "@Name" in a comment (comments.mentions): it hears of the
    comment by email once the comment is published, if its MentionAlerts allow."""

    comment = models.ForeignKey(
        "comments.Comment", on_delete=models.CASCADE, related_name="mentions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_mentions"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_mention_per_person")
        ]

    def __str__(self):
        return f"{self.user} in comment {self.comment_id}"


class MentionAlerts(models.Model):
    """A reader's choice on their account page: an email when someone mentions them. No row
    means yes (the default)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mention_alerts"
    )
    email = models.BooleanField(_("email me when someone mentions me"), default=True)

    class Meta:
        verbose_name = verbose_name_plural = _("mention alerts")

    def __str__(self):
        return f"{self.user}: {'on' if self.email else 'off'}"
