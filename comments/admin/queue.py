"""The comment queue: pending first, then reported, with bulk actions and row links."""

from django.contrib import admin
from django.contrib.admin.options import ActionLocation
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from comments import services
from comments.models import Comment, Report

from .queue_actions import QueueActionsMixin
from .queue_columns import QueueColumnsMixin
from .row_actions import RowActionsMixin

Status = Comment.Status

THREAD_FIELDS = ["article_link", "parent_context", "root_context", "public_link"]


def queue_priority():
    """0: awaiting review; 1: published with reports no moderator has settled yet; 2: rest."""
    return Case(
        When(status=Status.PENDING, then=Value(0)),
        When(Q(status=Status.APPROVED) & has_open_reports(), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def has_open_reports():
    """Reports not settled by a moderator's decision (approving dismisses them), counted or
    not: a report that weighs nothing is still shown to moderators."""
    return Exists(Report.objects.filter(comment=OuterRef("pk"), outcome=Report.Outcome.OPEN))


class ReportedFilter(admin.SimpleListFilter):
    title = _("reported")
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", _("Reports to settle")), ("no", _("No reports to settle"))]

    def queryset(self, request, queryset):
        match self.value():
            case "yes":
                return queryset.filter(has_open_reports())
            case "no":
                return queryset.exclude(has_open_reports())
        return queryset


class FeaturedFilter(admin.SimpleListFilter):
    title = _("featured")
    parameter_name = "featured"

    def lookups(self, request, model_admin):
        return [("yes", _("Featured")), ("pinned", _("Pinned threads"))]

    def queryset(self, request, queryset):
        match self.value():
            case "yes":
                return queryset.filter(featured_at__isnull=False)
            case "pinned":
                return queryset.filter(pinned_at__isnull=False)
        return queryset


class ReportInline(admin.TabularInline):
    model = Report
    fields = ["reason", "created_at", "counted", "outcome", "ip_address"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False  # Comment.report_count counts them.
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if sees_addresses(request) else [f for f in fields if f != "ip_address"]


def sees_addresses(request):
    """Readers' IP and email addresses are for moderators (who ban them), not for everyone
    with a view of the comments (editors read them too)."""
    return request.user.has_perm("comments.change_comment")


IP_FIELDS = {"ip_link", "ip_address"}
# What others see in place of the author with their email address.
EMAIL_SWAPS = {"author": "author_name_shown", "author_details": "author_name_shown"}


@admin.register(Comment)
class CommentAdmin(RowActionsMixin, QueueColumnsMixin, QueueActionsMixin, admin.ModelAdmin):
    list_display = [
        "excerpt",
        "author",
        "article_link",
        "status_label",
        "report_count",
        "hold_reasons_shown",
        "ip_link",
        "created_at",
    ]
    list_display_links = ["excerpt"]
    list_filter = [
        "status",
        ReportedFilter,
        FeaturedFilter,
        ("article", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    list_select_related = ["article", "user", "parent"]
    search_fields = ["body", "author_name", "author_email", "ip_address", "article__headline"]
    date_hierarchy = "created_at"
    list_per_page = 50
    actions = [
        "approve_comments",
        "reject_comments",
        "mark_spam",
        "delete_comments",
        "feature_comments",
        "unfeature_comments",
        "ban_emails",
        "ban_ips",
    ]
    inlines = [ReportInline]

    class Media:
        css = {"all": ["css/moderation.css"]}

    fieldsets = [
        (None, {"fields": ["body", "status", "hold_reasons_shown", "edit_history"]}),
        (_("Author"), {"fields": ["author_details", "ip_link"]}),
        (_("Thread"), {"fields": THREAD_FIELDS}),
        (
            _("History"),
            {
                "fields": [
                    "created_at",
                    "edited_at",
                    "moderated_at",
                    "featured_at",
                    "pinned_at",
                    "votes",
                    "report_count",
                ]
            },
        ),
    ]
    readonly_fields = [
        "body",
        "hold_reasons_shown",
        "edit_history",
        "author_details",
        "author_name_shown",
        "ip_link",
        *THREAD_FIELDS,
        "created_at",
        "edited_at",
        "moderated_at",
        "featured_at",
        "pinned_at",
        "votes",
        "report_count",
    ]

    # --- The queue ------------------------------------------------------------------------

    def get_queryset(self, request):
        # Annotated before ModelAdmin.get_queryset() would order by the annotation.
        queryset = self.model._default_manager.get_queryset().annotate(
            queue_priority=queue_priority()
        )
        return queryset.order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        return ["queue_priority", "-created_at", "-pk"]

    def has_add_permission(self, request):
        return False

    def has_ban_permission(self, request):
        return request.user.has_perm("comments.add_ban")

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        # A real delete would take every reply with it; "delete_comments" hides instead.
        actions.pop("delete_selected", None)
        return actions

    def get_list_display(self, request):
        display = list(super().get_list_display(request))
        if not sees_addresses(request):
            display = [EMAIL_SWAPS.get(n, n) for n in display if n not in IP_FIELDS]
        if self.has_change_permission(request):
            display.append(self._row_actions_column(request))
        return display

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if sees_addresses(request):
            return fieldsets
        return [
            (
                name,
                {
                    **options,
                    "fields": [
                        EMAIL_SWAPS.get(f, f) for f in options["fields"] if f not in IP_FIELDS
                    ],
                },
            )
            for name, options in fieldsets
        ]

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        # Searching by address would reveal it to people who may not see it.
        hidden = {*IP_FIELDS, "author_email"}
        return fields if sees_addresses(request) else [f for f in fields if f not in hidden]

    def lookup_allowed(self, lookup, value, request):
        if lookup.startswith(("ip_address", "author_email")) and not sees_addresses(request):
            return False
        return super().lookup_allowed(lookup, value, request)

    def _row_actions_column(self, request):
        can_ban = self.has_ban_permission(request)
        preserved = self.get_preserved_filters(request)
        suffix = f"?{preserved}" if preserved else ""

        @admin.display(description=_("Moderate"))
        def row_actions(comment):
            links = []
            if comment.status != Status.APPROVED and not self._withdrawn(comment):
                links.append(("approve", _("Approve")))
            if comment.status != Status.REJECTED and not self._withdrawn(comment):
                links.append(("reject", _("Reject")))
            if comment.featured_at is not None:
                links.append(("unfeature", _("Unfeature")))
            elif comment.status == Status.APPROVED:
                links.append(("feature", _("Feature")))
            if comment.pinned_at is not None:
                links.append(("unpin", _("Unpin")))
            elif comment.status == Status.APPROVED and comment.parent_id is None:
                links.append(("pin", _("Pin")))
            if can_ban and comment.author_email:
                links.append(("ban_email", _("Ban email")))
            if can_ban and comment.ip_address:
                links.append(("ban_ip", _("Ban IP")))
            return format_html_join(
                " ",
                '<a class="button" href="{}">{}</a>',
                ((self._url(name, comment.pk) + suffix, label) for name, label in links),
            )

        return row_actions

    def _url(self, name, *args, query=None):
        info = self.opts.app_label, self.opts.model_name
        url = reverse(f"admin:{info[0]}_{info[1]}_{name}", args=args)
        return f"{url}?{urlencode(query)}" if query else url

    @staticmethod
    def _withdrawn(comment):
        return comment.status == Status.DELETED and not comment.body

    # --- Editing: only the status, through the service ------------------------------------

    def save_model(self, request, obj, form, change):
        # Only the status is editable; moderators never rewrite what a reader wrote.
        if change and "status" in form.changed_data:
            services.comment_moderate(
                comments=Comment.objects.filter(pk=obj.pk),
                status=obj.status,
                moderator=request.user,
            )
