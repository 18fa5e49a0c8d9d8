"""Admin pieces shared by the apps."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse


class SingleRowAdmin(admin.ModelAdmin):
    """The admin of a model that is one row (the moderation rules, the support box): its
    list opens the row, which cannot be added to or deleted. The row is made by a data
    migration, so opening the page never writes."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        row = self.model._default_manager.order_by("pk").first()
        if row is None:
            raise Http404(f"The {self.opts.verbose_name} row is missing: run manage.py migrate.")
        opts = self.opts
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
        )
