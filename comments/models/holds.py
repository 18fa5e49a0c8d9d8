"""What holds a comment besides the site's rules: rules about email domains, each
article's own discussion settings, and the earlier texts of an edited comment."""

from django.conf import settings
from django.core.cache import cache
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmailDomainRule(models.Model):
    """A rule about every address at one email domain: its comments are refused as spam
    (ban) or held for a moderator (pre-moderate). Addresses of throwaway-mail services are
    pre-moderated without a rule here (ModerationRules.premoderate_disposable)."""

    class Action(models.TextChoices):
        BAN = "ban", _("Ban: refuse every comment as spam")
        PREMODERATE = "premoderate", _("Pre-moderate: hold every comment for review")

    domain = models.CharField(
        _("email domain"),
        max_length=253,
        unique=True,
        help_text=_("Such as example.com (stored in lower case; subdomains are not included)."),
    )
    action = models.CharField(max_length=12, choices=Action, default=Action.PREMODERATE)
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["domain"]
        verbose_name = _("email domain rule")

    def __str__(self):
        return f"{self.domain}: {self.get_action_display()}"

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().lstrip("@")
        super().save(*args, **kwargs)


class DiscussionSettings(models.Model):
    """One article's own moderation settings, edited with the article in the editors'
    admin (articles knows nothing of comments, so they live here). An article without a
    row follows the site's rules."""

    class Mode(models.TextChoices):
        DEFAULT = "default", _("As the site's rules say")
        PREMODERATE = "premoderate", _("Pre-moderate: hold every comment for review")
        POSTMODERATE = (
            "postmoderate",
            _("Post-moderate: publish at once unless another rule holds it"),
        )

    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="discussion_settings",
    )
    mode = models.CharField(_("moderation"), max_length=12, choices=Mode, default=Mode.DEFAULT)
    close_after_days = models.PositiveSmallIntegerField(
        _("close comments after (days)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(3650)],
        help_text=_(
            "Days after publication; empty follows the site's rules, 0 never closes. "
            "“Comments open” above closes them at once."
        ),
    )
    editors_note = models.TextField(
        _("editor's note"),
        blank=True,
        max_length=2000,
        help_text=_("Shown above the discussion, as plain text (blank lines make paragraphs)."),
    )

    class Meta:
        verbose_name = verbose_name_plural = _("discussion settings")

    def __str__(self):
        return str(_("Discussion settings"))

    # Read with every article page and comment: kept in the shared cache, replaced on save.
    CACHE_KEY = "comments:discussion-settings:v1:{article_id}"
    CACHE_SECONDS = 60 * 60

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY.format(article_id=self.article_id))

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        cache.delete(self.CACHE_KEY.format(article_id=self.article_id))
        return result

    @classmethod
    def of(cls, article):
        """The article's settings, or None: from the shared cache."""
        key = cls.CACHE_KEY.format(article_id=article.pk)
        found = cache.get(key)
        if found is None:
            found = cls.objects.filter(article_id=article.pk).first() or "none"
            cache.set(key, found, timeout=cls.CACHE_SECONDS)
        return None if found == "none" else found


class CommentRevision(models.Model):
    """A comment's text before an edit: what moderators compare the new text with."""

    comment = models.ForeignKey(
        "comments.Comment", on_delete=models.CASCADE, related_name="revisions"
    )
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["comment", "created_at"], name="revision_comment_idx")]

    def __str__(self):
        return str(_("Revision of comment %(number)s (%(when)s)")) % {
            "number": self.comment_id,
            "when": f"{self.created_at:%Y-%m-%d %H:%M}",
        }
