"""Admin pieces shared by the apps."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import get_language_info
from modeltranslation.admin import TranslationAdmin


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


class TextsPerLanguageAdmin(TranslationAdmin):
    """The admin of a model with texts per language (newsroom/translated.py): each text has
    a box per language, side by side, which says its language, so that Arabic is typed
    right to left. A box left empty uses the default language's text."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = getattr(db_field, "language", None)
        if field is not None and language:
            bidi = get_language_info(language)["bidi"]
            field.widget.attrs.update(lang=language, dir="rtl" if bidi else "ltr")
        return field
