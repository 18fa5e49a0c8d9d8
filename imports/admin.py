from django.contrib import admin

from .models import OldLink, Origin, Page


@admin.register(OldLink)
class OldLinkAdmin(admin.ModelAdmin):
    list_display = ["old_path", "new_path", "created_at"]
    search_fields = ["old_path", "new_path"]


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["path", "title", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["path", "title"]


@admin.register(Origin)
class OriginAdmin(admin.ModelAdmin):
    """What came from which export: read only, for tracing an imported row to its source."""

    list_display = ["source", "site", "kind", "key", "object_id", "imported_at"]
    list_filter = ["source", "kind"]
    search_fields = ["key", "site"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
