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
        from .models import Credit

        return (
            self.select_related("category")
            .defer("body", "body_html")
            .prefetch_related(
                Prefetch(
                    "credits",
                    queryset=Credit.objects.filter(role=Credit.Role.AUTHOR).select_related(
                        "contributor"
                    ),
                    to_attr="author_credits",
                )
            )
        )

    def for_detail(self):
        return self.select_related("category").prefetch_related(
            "tags", Prefetch("credits", queryset=_credits_with_contributors())
        )


def _credits_with_contributors():
    from .models import Credit

    return Credit.objects.select_related("contributor").order_by("position", "pk")
