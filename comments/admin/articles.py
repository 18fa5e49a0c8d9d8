"""What the discussion adds to the editors' article desk (articles.admin knows nothing of
comments): the article list counts each article's published and held comments, with links
to the queue, and the article form sets its discussion (moderation mode, automatic close,
editor's note) and marks passages open for readers' inline feedback.

The Article admin of articles is registered again here, extended; the comments app comes
after articles in INSTALLED_APPS, and this module imports articles.admin first in any case.
"""

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.admin import ArticleAdmin as EditorsArticleAdmin
from articles.models import Article
from comments.forms import PassageForm
from comments.models import Comment, DiscussionSettings, Passage


class PassageInline(admin.TabularInline):
    """Passages open for readers' inline feedback; each must occur in the body."""

    model = Passage
    form = PassageForm
    extra = 0
    fields = ["text", "question", "is_open"]
    verbose_name = "passage for inline feedback"
    verbose_name_plural = "passages for inline feedback"


class DiscussionSettingsInline(admin.StackedInline):
    """The article's own moderation: mode, automatic close and a note above the discussion."""

    model = DiscussionSettings
    can_delete = False
    max_num = 1
    fields = ["mode", "close_after_days", "editors_note"]
    verbose_name = verbose_name_plural = "discussion"


def comment_count(status):
    """The number of an article's comments with this status, as a subquery."""
    counts = (
        Comment.objects.filter(article=OuterRef("pk"), status=status)
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def _before(columns, anchor, *added):
    """The list columns with `added` just before `anchor` (at the end without it)."""
    at = columns.index(anchor) if anchor in columns else len(columns)
    return [*columns[:at], *added, *columns[at:]]


admin.site.unregister(Article)


@admin.register(Article)
class ArticleAdmin(EditorsArticleAdmin):
    list_display = _before(
        EditorsArticleAdmin.list_display, "updated_at", "comments_approved", "comments_pending"
    )
    inlines = [*EditorsArticleAdmin.inlines, DiscussionSettingsInline, PassageInline]

    def get_queryset(self, request):
        # Counted in subqueries rather than Count() over a join: no GROUP BY on every article
        # column, and the actions' update() still works when the list is sorted by a count.
        return (
            super()
            .get_queryset(request)
            .annotate(
                approved_comment_count=comment_count(Comment.Status.APPROVED),
                pending_comment_count=comment_count(Comment.Status.PENDING),
            )
        )

    def _comments_link(self, article, count, status):
        url = reverse("admin:comments_comment_changelist")
        return format_html(
            '<a href="{}?article__id__exact={}&amp;status__exact={}">{}</a>',
            url,
            article.pk,
            status,
            count,
        )

    @admin.display(description=_("Comments"), ordering="approved_comment_count")
    def comments_approved(self, article):
        return format_html(
            "{}{}",
            self._comments_link(article, article.approved_comment_count, "approved"),
            "" if article.comments_open else " (closed)",
        )

    @admin.display(description=_("Pending"), ordering="pending_comment_count")
    def comments_pending(self, article):
        if not article.pending_comment_count:
            return "0"
        return format_html(
            "<strong>{}</strong>",
            self._comments_link(article, article.pending_comment_count, "pending"),
        )
