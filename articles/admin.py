from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.files.storage import default_storage
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from newsroom.admin import SingleRowAdmin
from newsroom.pagecache import RefreshesPublicPages

from .languages import default_language, language_name
from .models import Article, Category, Contributor, Credit, Publisher, Tag
from .services import article_set_version_of


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


STATE_LABELS = {"published": _("published"), "scheduled": _("scheduled"), "draft": _("draft")}


class ArticleAdminForm(forms.ModelForm):
    """The article, and which story it is a version of (a form field: the story itself is
    bookkeeping that editors never need to see)."""

    version_of = forms.ModelChoiceField(
        Article.objects.all(),
        required=False,
        label=_("Version of"),
        help_text=_(
            "Another language's version of the same story (its number; the magnifier finds "
            "it). Leave empty for an article of its own."
        ),
        # The admin's picker for an article: the same one as a credit's article field.
        widget=ForeignKeyRawIdWidget(Credit._meta.get_field("article").remote_field, admin.site),
    )

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets choose)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        article = self.instance
        if article.pk and article.story_id:
            others = article.story.versions.exclude(pk=article.pk)
            self.initial["version_of"] = others.order_by("published_at", "pk").first()
        # The select always sends one; a post without it (a script) keeps the article's.
        if "language" in self.fields:  # not for staff who may only view articles
            self.fields["language"].required = False

    def clean_language(self):
        return self.cleaned_data["language"] or self.instance.language or default_language()

    def clean(self):
        cleaned = super().clean()
        version_of = cleaned.get("version_of")
        language = cleaned.get("language")
        if version_of is None or language is None:
            return cleaned
        article = self.instance
        if article.pk and version_of.pk == article.pk:
            self.add_error("version_of", gettext("An article cannot be a version of itself."))
            return cleaned
        if version_of.story_id is None:
            clashes = [version_of] if version_of.language == language else []
        else:
            clashes = version_of.story.versions.filter(language=language).exclude(pk=article.pk)
        for clash in clashes:
            self.add_error(
                "language",
                gettext("This story already has a version in %(language)s: “%(headline)s”.")
                % {"language": language_name(language), "headline": clash.headline},
            )
        return cleaned


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
        "language",
        "updated_at",
    ]
    list_display_links = ["thumbnail", "headline"]
    list_filter = [PublicStateFilter, "language", "category", "comments_open", "tags"]
    list_select_related = ["category"]
    search_fields = ["headline", "standfirst", "slug"]
    date_hierarchy = "published_at"
    ordering = ["-published_at", "-pk"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["category", "tags"]
    inlines = [CreditInline]
    form = ArticleAdminForm

    class Media:
        css = {"all": ["css/editors.css"]}

    actions = ["publish", "unpublish", "close_comments", "open_comments"]
    readonly_fields = ["lead_image_preview", "other_versions", "created_at", "updated_at"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        (
            _("Language and translations"),
            {
                "fields": ["language", "version_of", "other_versions"],
                "description": _(
                    "Versions of one story in other languages are linked: each page names "
                    "the others, and readers see the version in their language. A story has "
                    "at most one version in each language."
                ),
            },
        ),
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

    @admin.display(description=_("Other versions"))
    def other_versions(self, article):
        if not article.pk or article.story_id is None:
            return gettext("None yet.")
        versions = article.story.versions.exclude(pk=article.pk).order_by("language")
        return format_html(
            '<ul class="admin-versions">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}"><span lang="{}">{}</span>: <bdi lang="{}">{}</bdi></a>'
                " ({})</li>",
                (
                    (
                        reverse("admin:articles_article_change", args=[v.pk]),
                        v.language,
                        language_name(v.language),
                        v.language,
                        v.headline,
                        STATE_LABELS[v.public_state],
                    )
                    for v in versions
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        version_of = form.cleaned_data.get("version_of")
        unchanged = (
            obj.story_id is None
            if version_of is None
            else version_of.story_id is not None and version_of.story_id == obj.story_id
        )
        if not unchanged:
            article_set_version_of(article=obj, version_of=version_of)

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
