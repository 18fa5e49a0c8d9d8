from django.db import models
from django.db.models import Prefetch
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles the public may read: published, with a publication time that has come.

        A future `published_at` means scheduled; the article appears by itself when the time
        comes, because this filter compares with the clock on every query (no cron needed).
        """
        return self.filter(status=self.model.Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user):
        """All articles for staff who may view them (previews of drafts), else published ones."""
        if user.is_authenticated and user.is_staff and user.has_perm("articles.view_article"):
            return self.all()
        return self.published()

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def for_listing(self):
        """What a list of article cards shows, in a fixed number of queries."""
        credits = self._credits()
        return (
            self.select_related("category")
            .defer("body", "body_html")
            .prefetch_related(
                Prefetch(
                    "credits",
                    queryset=credits.filter(role=credits.model.Role.AUTHOR).select_related(
                        "contributor"
                    ),
                    to_attr="author_credits",
                )
            )
        )

    def for_detail(self):
        credits = self._credits().select_related("contributor").order_by("position", "pk")
        return self.select_related("category").prefetch_related(
            "tags", Prefetch("credits", queryset=credits)
        )

    def _credits(self):
        """The credits' rows, reached through the relation (models.py imports this module,
        so this module does not import models.py)."""
        return self.model._meta.get_field("credits").related_model.objects.all()
