from django.db import models
from django.utils.translation import gettext_lazy as _


class Passage(models.Model):
    """Words of an article that editors open for readers' feedback ("inline feedback").

    The text must occur in the article as readers see it (comments.feedback finds it in the
    rendered body); `position` is where it starts there, so passages list in reading order.
    """

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="passages"
    )
    text = models.CharField(
        "passage",
        max_length=500,
        help_text=_("Copy the words exactly as they appear in the article."),
    )
    question = models.CharField(
        "question to readers",
        max_length=200,
        blank=True,
        help_text=_("Optional, e.g. “Has this happened on your street too?”"),
    )
    is_open = models.BooleanField(
        "open for feedback", default=True, help_text=_("Closed passages take no new feedback.")
    )
    position = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "text"], name="one_passage_per_text")
        ]

    def __str__(self):
        return self.text if len(self.text) <= 60 else f"{self.text[:59]}…"

    @property
    def anchor(self):
        return f"passage-{self.pk}"
