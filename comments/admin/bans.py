"""Bans (account, email, domain, IP), rules about email domains, the one row of moderation
rules, the one row of what the emails about moderation say and the one of the discussion's
other texts (the comment bubble's prompt)."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from comments.bans import ban_value
from comments.models import (
    Ban,
    DiscussionTexts,
    EmailDomainRule,
    ModerationEmails,
    ModerationRules,
)
from comments.models.wording import PLACEHOLDERS
from newsroom.admin import SingleRowAdmin, TextsPerLanguageAdmin
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
            user = None
            if kind == Ban.Kind.ACCOUNT:
                # An account by its user name, its address or its id.
                User = get_user_model()
                which = Q(**{f"{User.USERNAME_FIELD}__iexact": value}) | Q(email__iexact=value)
                if value.isdigit():
                    which |= Q(pk=int(value))
                users = list(User.objects.filter(which)[:2])
                if len(users) != 1:
                    raise ValidationError(
                        _("Enter the user name, address or id of exactly one account.")
                    )
                user = self.instance.user = users[0]
            value = ban_value(kind, value, user)
        except ValidationError as error:
            self.add_error("value", error)
            return cleaned
        # Compared in lower case, so the uniqueness check sees what will be stored.
        cleaned["value"] = value
        return cleaned


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    form = BanForm
    list_display = ["value", "kind", "user", "reason", "created_at", "created_by"]
    list_filter = ["kind"]
    list_select_related = ["created_by", "user"]
    search_fields = ["value", "reason"]
    fields = ["kind", "value", "reason", "user", "created_at", "created_by"]
    readonly_fields = ["user", "created_at", "created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


def clean_domain(value):
    """A domain as stored: lower case, without a leading "@"; refused if it is no domain."""
    value = (value or "").strip().lower().lstrip("@")
    if "." not in value or "@" in value or any(c.isspace() for c in value):
        raise ValidationError(_("Enter a domain such as example.com."))
    return value


class EmailDomainRuleForm(forms.ModelForm):
    class Meta:
        model = EmailDomainRule
        fields = ["domain", "action", "reason"]

    def clean_domain(self):
        return clean_domain(self.cleaned_data.get("domain"))


@admin.register(EmailDomainRule)
class EmailDomainRuleAdmin(admin.ModelAdmin):
    """Ban or pre-moderate every address at a domain. Throwaway-mail domains need no rule:
    the moderation rules pre-moderate them from a maintained list."""

    form = EmailDomainRuleForm
    list_display = ["domain", "action", "reason", "created_at", "created_by"]
    list_filter = ["action"]
    list_select_related = ["created_by"]
    search_fields = ["domain", "reason"]
    fields = ["domain", "action", "reason", "created_at", "created_by"]
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
            _("Holding for review"),
            {
                "fields": [
                    "hold",
                    "approved_to_trust",
                    "hold_link_count",
                    "moderation_words",
                    "reports_to_hold",
                    "premoderate_disposable",
                ],
                "description": _(
                    "Every rule that holds a comment is listed with it in the queue. Staff "
                    "and the contributors credited on an article (their account linked on "
                    "their contributor page) are published at once; the spam rules below "
                    "still apply to them."
                ),
            },
        ),
        (
            _("Recent history"),
            {
                "fields": [
                    "rejected_share_percent",
                    "rejected_share_min_decisions",
                    "history_days",
                ]
            },
        ),
        (
            _("Reports"),
            {"fields": ["discredit_after_reports", "discredit_dismissed_percent"]},
        ),
        (
            _("Spam"),
            {
                "fields": ["block_words", "min_seconds_to_write"],
                "description": _(
                    "The time since the page loaded is measured in the reader’s browser by "
                    "the site’s script: it catches bots that post the moment a page opens. "
                    "Readers without JavaScript send no time, and no comment is judged by it "
                    "then; the hidden field and the other rules still apply."
                ),
            },
        ),
        (
            _("Limits"),
            {
                "fields": [
                    "comments_per_minute",
                    "votes_per_minute",
                    "reports_per_hour",
                    "duplicate_window_minutes",
                    "edit_minutes",
                    "mentions_per_comment",
                    "min_length",
                    "max_length",
                ]
            },
        ),
        (
            _("Threads"),
            {"fields": ["max_depth", "threads_per_page", "replies_shown", "close_after_days"]},
        ),
        (_("Email"), {"fields": ["emails_per_hour", "subscriptions_per_hour"]}),
    ]


def _placeholders_text(email):
    return format_html(
        _("Placeholders: {}"),
        format_html_join(", ", "<code>{{{}}}</code> ({})", PLACEHOLDERS[email].items()),
    )


# Said in the moderator's language when the page is drawn, not when the module loads.
_placeholders = lazy(_placeholders_text, str)


@admin.register(ModerationEmails)
class ModerationEmailsAdmin(TextsPerLanguageAdmin, SingleRowAdmin):
    """What readers are told when a moderator rejects their comment or sanctions them, in
    each language."""

    fieldsets = [
        (
            title,
            {
                "fields": [f"{email}_subject", f"{email}_body"],
                "description": _placeholders(email),
            },
        )
        for email, title in [
            ("rejection", _("A comment rejected (to its author, with the reason)")),
            ("warning", _("A warning")),
            ("suspension", _("A suspension")),
            ("premoderation", _("Always pre-moderate")),
            ("ban", _("A ban (of an account or an email address)")),
        ]
    ]


@admin.register(DiscussionTexts)
class DiscussionTextsAdmin(RefreshesPublicPages, TextsPerLanguageAdmin, SingleRowAdmin):
    """The comment bubble's prompt, in each language (on every cached article page)."""

    fields = ["bubble_prompt"]
