"""The email side of the discussion in the admin: each moderator's alerts about held
comments and readers' subscriptions. The emails themselves are in the outbox's admin."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from comments.models import ModeratorAlerts, Subscription


@admin.register(ModeratorAlerts)
class ModeratorAlertsAdmin(admin.ModelAdmin):
    """A moderator sets their own choice (their list page opens it); superusers see all."""

    list_display = ["user", "frequency"]
    list_filter = ["frequency"]
    list_select_related = ["user"]

    def get_fields(self, request, obj=None):
        return ["user", "frequency"] if request.user.is_superuser else ["frequency"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(user=request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = db_field.related_model.objects.filter(is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        # A moderator has one row of their own: added once, changed after that.
        return super().has_add_permission(request) and (
            request.user.is_superuser
            or not ModeratorAlerts.objects.filter(user=request.user).exists()
        )

    def changelist_view(self, request, extra_context=None):
        if request.user.is_superuser or not self.has_change_permission(request):
            return super().changelist_view(request, extra_context)
        alerts = ModeratorAlerts.objects.filter(user=request.user).first()
        if alerts is None:
            # Nothing is written on a GET: the choice is saved when the form is sent.
            return HttpResponseRedirect(reverse("admin:comments_moderatoralerts_add"))
        return HttpResponseRedirect(
            reverse("admin:comments_moderatoralerts_change", args=[alerts.pk])
        )

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.user = request.user
        super().save_model(request, obj, form, change)


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "kind", "article", "confirmed_at", "created_at"]
    list_filter = ["kind", ("confirmed_at", admin.EmptyFieldListFilter), "created_at"]
    list_select_related = ["article"]
    search_fields = ["email", "article__headline"]
    date_hierarchy = "created_at"
    fields = ["email", "kind", "article", "comment", "user", "ip_address", "confirmed_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
