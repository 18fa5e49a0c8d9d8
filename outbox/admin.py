"""The outgoing email in the admin, read-only: what was sent to whom, when, after how many
attempts, and why the last one failed. Addresses are personal data: only staff granted
"view outgoing email" (moderators) and superusers see it."""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import kinds
from .models import OutgoingEmail


class KindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return kinds.choices()

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(kind=self.value())
        return queryset


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind_label",
        "to_email",
        "status",
        "attempts",
        "subject",
        "sent_at",
    ]
    list_filter = ["status", KindFilter, "created_at"]
    search_fields = ["to_email", "subject", "key"]
    date_hierarchy = "created_at"
    fields = [
        "kind_label",
        "to_email",
        "status",
        "subject",
        "attempts",
        "send_after",
        "last_error",
        "created_at",
        "sent_at",
        "about_link",
        "shown_data",
        "digest",
        "key",
    ]
    readonly_fields = fields

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, email):
        return email.kind_label

    @admin.display(description=_("about"))
    def about_link(self, email):
        about = email.about
        if about is None:
            return "—"
        meta = about._meta
        try:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[about.pk])
        except NoReverseMatch:
            return f"{meta.verbose_name}: {about}"
        return format_html('<a href="{}">{}: {}</a>', url, meta.verbose_name, about)

    @admin.display(description=_("data"))
    def shown_data(self, email):
        if kinds.is_private(email.kind):
            return _("(for the addressee only)")
        return email.data

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
