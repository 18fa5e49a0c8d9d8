"""Privacy requests in the admin: export or erase everything held for one email address.

An export is offered as a JSON download, made afresh when it is asked for (the request keeps
no copy). An erasure asks for confirmation first, then runs in one transaction.
"""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import services
from .models import PrivacyRequest


class PrivacyRequestForm(forms.ModelForm):
    confirm = forms.BooleanField(
        required=False,
        label=_("I understand that an erasure cannot be undone"),
        help_text=_("Needed for an erasure only."),
    )

    class Meta:
        model = PrivacyRequest
        fields = ["email", "action"]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == PrivacyRequest.Action.ERASE and not cleaned.get("confirm"):
            self.add_error("confirm", _("Tick this box to erase: it cannot be undone."))
        return cleaned


@admin.register(PrivacyRequest)
class PrivacyRequestAdmin(admin.ModelAdmin):
    form = PrivacyRequestForm
    list_display = ["email", "action", "requested_by", "created_at", "download"]
    list_filter = ["action"]
    search_fields = ["email"]
    readonly_fields = ["requested_by", "created_at", "summary", "download"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["email", "action", "confirm"]
        return ["email", "action", "requested_by", "created_at", "summary", "download"]

    def has_change_permission(self, request, obj=None):
        return False  # a record of what was done; it is not edited

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Export"))
    def download(self, obj):
        if obj.action != PrivacyRequest.Action.EXPORT:
            return "—"
        return format_html(
            '<a href="{}">Download the data (JSON)</a>',
            reverse("admin:privacy_privacyrequest_download", args=[obj.pk]),
        )

    def save_model(self, request, obj, form, change):
        handled = services.privacy_request_handle(
            email=obj.email, action=obj.action, requested_by=request.user
        )
        obj.pk, obj.summary = handled.pk, handled.summary
        messages.success(
            request,
            _("%(action)s (%(email)s): done.")
            % {"action": handled.get_action_display(), "email": handled.email},
        )

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(reverse("admin:privacy_privacyrequest_change", args=[obj.pk]))

    def get_urls(self):
        return [
            path(
                "<id:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="privacy_privacyrequest_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        privacy_request = PrivacyRequest.objects.filter(
            pk=pk, action=PrivacyRequest.Action.EXPORT
        ).first()
        if privacy_request is None:
            raise Http404("No such export.")
        data = services.personal_data_export(email=privacy_request.email)
        response = HttpResponse(
            json.dumps(data, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        filename = f"personal-data-{privacy_request.pk}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response
