from django.contrib import admin, messages
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsroom.admin import SingleRowAdmin
from newsroom.pagecache import RefreshesPublicPages

from .models import Article, Category, Contributor, Credit, Publisher, Tag


@admin.register(Publisher)
class PublisherAdmin(RefreshesPublicPages, SingleRowAdmin):
    """Who publishes the site, as search engines are told (the one row)."""

    fields = ["name", "logo", "same_as"]


@admin.register(Category)
class CategoryAdmin(RefreshesPublicPages, admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(RefreshesPublicPages, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Contributor)
class ContributorAdmin(RefreshesPublicPages, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    # An id field, not a list of every account: editors type the account's number.
    raw_id_fields = ["user"]


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 1
    autocomplete_fields = ["contributor"]
    fields = ["contributor", "role", "position"]


class PublicStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("published", _("Published")),
            ("scheduled", _("Scheduled")),
            ("draft", _("Draft")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = Q(status=Article.Status.PUBLISHED)
        match self.value():
            case "published":
                return queryset.filter(published, published_at__lte=now)
            case "scheduled":
                return queryset.filter(published, published_at__gt=now)
            case "draft":
                return queryset.filter(status=Article.Status.DRAFT)
        return queryset


@admin.register(Article)
class ArticleAdmin(RefreshesPublicPages, admin.ModelAdmin):
    list_display = [
        "thumbnail",
        "headline",
        "state",
        "published_at",
        "category",
        "updated_at",
    ]
    list_display_links = ["thumbnail", "headline"]
    list_filter = [PublicStateFilter, "category", "comments_open", "tags"]
    list_select_related = ["category"]
    search_fields = ["headline", "standfirst", "slug"]
    date_hierarchy = "published_at"
    ordering = ["-published_at", "-pk"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["category", "tags"]
    inlines = [CreditInline]

    class Media:
        css = {"all": ["css/editors.css"]}

    actions = ["publish", "unpublish", "close_comments", "open_comments"]
    readonly_fields = ["lead_image_preview", "created_at", "updated_at"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        (
            _("Publishing"),
            {
                "fields": ["status", "published_at", "category", "tags", "comments_open"],
                "description": _(
                    "A published article with a future time is scheduled: it "
                    "appears by itself then. Drafts can be previewed with “View on site”."
                ),
            },
        ),
        (
            _("Media"),
            {
                "fields": [
                    "lead_image",
                    "lead_image_preview",
                    "lead_image_alt",
                    "video_url",
                    "video_duration",
                ]
            },
        ),
        (_("History"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("Image"))
    def thumbnail(self, article):
        if not article.renditions:
            return "—"
        smallest = article.renditions[0]
        return format_html(
            '<img class="admin-thumbnail" src="{}" alt="" width="80" height="{}">',
            default_storage.url(smallest["name"]),
            round(80 * smallest["height"] / smallest["width"]),
        )

    @admin.display(description=_("Current image"))
    def lead_image_preview(self, article):
        if not article.renditions:
            return _("No image yet.")
        return format_html(
            '<img class="admin-image-preview" src="{}" alt="" width="320">',
            default_storage.url(article.renditions[0]["name"]),
        )

    @admin.display(description=_("State"), ordering="status")
    def state(self, article):
        return {"published": _("Published"), "scheduled": _("Scheduled"), "draft": _("Draft")}[
            article.public_state
        ]

    @admin.action(description=_("Publish the selected articles"), permissions=["change"])
    def publish(self, request, queryset):
        now = timezone.now()
        drafts = queryset.filter(status=Article.Status.DRAFT)
        scheduled = drafts.filter(published_at__gt=now).count()
        count = drafts.filter(published_at__isnull=True).update(
            status=Article.Status.PUBLISHED, published_at=now
        )
        count += drafts.update(status=Article.Status.PUBLISHED)
        self.message_user(
            request,
            (
                ngettext(
                    "%(count)d article published (%(scheduled)d scheduled for later).",
                    "%(count)d articles published (%(scheduled)d scheduled for later).",
                    count - scheduled,
                )
                if scheduled
                else ngettext(
                    "%(count)d article published.", "%(count)d articles published.", count
                )
            )
            % {"count": count - scheduled, "scheduled": scheduled},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish the selected articles"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.filter(status=Article.Status.PUBLISHED).update(
            status=Article.Status.DRAFT
        )
        self.message_user(
            request,
            ngettext("%d article unpublished.", "%d articles unpublished.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Close comments on the selected articles"), permissions=["change"])
    def close_comments(self, request, queryset):
        self._set_comments_open(request, queryset, False)

    @admin.action(description=_("Open comments on the selected articles"), permissions=["change"])
    def open_comments(self, request, queryset):
        self._set_comments_open(request, queryset, True)

    def _set_comments_open(self, request, queryset, is_open):
        count = Article.objects.filter(
            pk__in=queryset.values("pk"), comments_open=not is_open
        ).update(comments_open=is_open)
        if is_open:
            text = ngettext(
                "Comments opened on %(count)d article.",
                "Comments opened on %(count)d articles.",
                count,
            )
        else:
            text = ngettext(
                "Comments closed on %(count)d article.",
                "Comments closed on %(count)d articles.",
                count,
            )
        self.message_user(
            request,
            text % {"count": count},
            messages.SUCCESS,
        )
