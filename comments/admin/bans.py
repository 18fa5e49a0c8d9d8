"""Bans (email, domain, IP) and the one row of moderation rules."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_ipv46_address
from django.utils.ipv6 import clean_ipv6_address

from comments.models import Ban, ModerationRules
from newsroom.admin import SingleRowAdmin
from newsroom.pagecache import RefreshesPublicPages


class BanForm(forms.ModelForm):
    class Meta:
        model = Ban
        fields = ["kind", "value", "reason"]

    def clean(self):
        cleaned = super().clean()
        kind, value = cleaned.get("kind"), (cleaned.get("value") or "").strip().lower()
        if not kind or not value:
            return cleaned
        try:
            if kind == Ban.Kind.EMAIL:
                validate_email(value)
            elif kind == Ban.Kind.DOMAIN:
                value = value.lstrip("@")
                if "." not in value or "@" in value or " " in value:
                    raise ValidationError("Enter a domain such as example.com.")
            elif kind == Ban.Kind.IP:
                validate_ipv46_address(value)
                if ":" in value:
                    value = clean_ipv6_address(value)
        except ValidationError as error:
            self.add_error("value", error)
            return cleaned
        # Compared in lower case, so the uniqueness check sees what will be stored.
        cleaned["value"] = value
        return cleaned


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    form = BanForm
    list_display = ["value", "kind", "reason", "created_at", "created_by"]
    list_filter = ["kind"]
    list_select_related = ["created_by"]
    search_fields = ["value", "reason"]
    fields = ["kind", "value", "reason", "created_at", "created_by"]
    readonly_fields = ["created_at", "created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ModerationRules)
class ModerationRulesAdmin(RefreshesPublicPages, SingleRowAdmin):
    """The one row of rules (newsroom.admin.SingleRowAdmin)."""

    fieldsets = [
        (
            "Holding for review",
            {"fields": ["hold", "hold_link_count", "moderation_words", "reports_to_hold"]},
        ),
        (
            "Reports",
            {"fields": ["discredit_after_reports", "discredit_dismissed_percent"]},
        ),
        (
            "Spam",
            {
                "fields": ["block_words", "min_seconds_to_write"],
                "description": (
                    "The time since the page loaded is measured in the reader’s browser by "
                    "the site’s script: it catches bots that post the moment a page opens. "
                    "Readers without JavaScript send no time, and no comment is judged by it "
                    "then; the hidden field and the other rules still apply."
                ),
            },
        ),
        (
            "Limits",
            {
                "fields": [
                    "comments_per_minute",
                    "votes_per_minute",
                    "reports_per_hour",
                    "duplicate_window_minutes",
                    "edit_minutes",
                    "min_length",
                    "max_length",
                ]
            },
        ),
        ("Threads", {"fields": ["max_depth", "threads_per_page", "replies_shown"]}),
        ("Email", {"fields": ["emails_per_hour", "subscriptions_per_hour"]}),
    ]
