from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles the public may read: published, with a publication time that has come.

        A future `published_at` means scheduled; the article appears by itself when the time
        comes, because this filter compares with the clock on every query (no cron needed).
        """
        return self.filter(status=self.model.Status.PUBLISHED, published_at__lte=timezone.now())

    def next_publication_time(self):
        """When the next scheduled article goes live (None when none is scheduled): until
        then, what `published()` returns changes only when the articles themselves do."""
        return (
            self.filter(status=self.model.Status.PUBLISHED, published_at__gt=timezone.now())
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )

    def visible_to(self, user):
        """All articles for staff who may view them (previews of drafts), else published ones."""
        if user.is_authenticated and user.is_staff and user.has_perm("articles.view_article"):
            return self.all()
        return self.published()

    def in_language(self, language):
        """Articles written in this language (feeds, which declare one language)."""
        return self.filter(language=language)

    def one_version_per_story(self, language):
        """Each story once, in this language if it has a published version in it, else in
        the version published first (its original): a reader of a small newsroom's German
        pages still finds the stories that were never translated. Articles with no story
        are their own story."""
        published = self.model.objects.published()
        translated = published.filter(story=OuterRef("story"), language=language)
        earlier = published.filter(story=OuterRef("story")).filter(
            Q(published_at__lt=OuterRef("published_at"))
            | Q(published_at=OuterRef("published_at"), pk__lt=OuterRef("pk"))
        )
        # The originals shown for want of a version in this language, found among the few
        # articles that have a story, once per query (not once per row of a long list).
        shown_instead = (
            published.filter(story__isnull=False)
            .filter(~Exists(translated), ~Exists(earlier))
            .values("pk")
        )
        return self.filter(Q(story__isnull=True) | Q(language=language) | Q(pk__in=shown_instead))

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
        # The other versions of its story, with scheduled ones: whether one has gone live
        # is decided when the page is drawn (the article itself is cached for a while).
        versions = self.model.objects.filter(status=self.model.Status.PUBLISHED).only(
            "slug", "language", "headline", "status", "published_at", "story_id"
        )
        return self.select_related("category", "story").prefetch_related(
            "tags",
            Prefetch("credits", queryset=credits),
            Prefetch("story__versions", queryset=versions, to_attr="published_versions"),
        )

    def _credits(self):
        """The credits' rows, reached through the relation (models.py imports this module,
        so this module does not import models.py)."""
        return self.model._meta.get_field("credits").related_model.objects.all()
