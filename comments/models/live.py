from django.db import models
from django.utils.translation import gettext_lazy as _


class LiveEvent(models.Model):
    """One change that readers of an article see: a comment published, edited, deleted,
    withdrawn from the page or featured. The live stream (comments/live.py) sends these, in
    order of id, to the readers who have the article open; a reader who reconnects gets those
    after the last id it saw. Only public changes are written here, in the transaction that
    makes them, so the stream can carry nothing that the public page does not show.

    Kept about a day (comments.live.EVENTS_KEPT): the stream's memory, not a history.
    """

    class Kind(models.TextChoices):
        NEW = "new", _("published")
        EDIT = "edit", _("edited")
        DELETE = "delete", _("deleted by its author")
        REMOVE = "remove", _("withdrawn from the page")
        FEATURE = "feature", _("featured or unfeatured")

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    comment = models.ForeignKey("comments.Comment", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["article", "id"], name="live_event_article_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: comment {self.comment_id}"
