from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Avatar(models.Model):
    """The picture an account chose to show beside its comments: an upload checked and drawn
    again as a small square WebP by comments.avatars (never the file as it came)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="avatar"
    )
    # A new random name at every upload, so that a page (or a cache) never shows another one.
    image = models.ImageField(_("picture"), upload_to="avatars/")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("avatar")

    def __str__(self):
        return str(self.user)
