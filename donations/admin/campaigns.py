"""Campaigns with their progress; what every admin that changes the goal bar's numbers does."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .. import selectors
from ..models import Campaign
from ..money import format_money


class GoalCacheMixin:
    """Forget the goal bar's numbers whenever this admin changes or deletes rows."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        selectors.goal_progress_forget()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        selectors.goal_progress_forget()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        selectors.goal_progress_forget()


@admin.register(Campaign)
class CampaignAdmin(GoalCacheMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "active",
        "start_date",
        "end_date",
        "goal_display",
        "raised_display",
        "percent_display",
        "donors_display",
    ]
    list_filter = ["active"]
    search_fields = ["title"]
    date_hierarchy = "start_date"
    fields = ["title", "goal", "stretch_goal", "currency", "start_date", "end_date", "active"]

    def get_queryset(self, request):
        # Raised and donors come from the same annotation the goal bar uses: one query.
        return selectors.campaign_totals(super().get_queryset(request))

    @admin.display(description=_("Goal"), ordering="goal")
    def goal_display(self, campaign):
        return format_money(campaign.goal, campaign.currency)

    @admin.display(description=_("Raised"), ordering="raised")
    def raised_display(self, campaign):
        return format_money(campaign.raised, campaign.currency)

    @admin.display(description=_("Percent"))
    def percent_display(self, campaign):
        return f"{selectors.percent_of(campaign.raised, campaign.goal)}%"

    @admin.display(description=_("Donors"), ordering="donors")
    def donors_display(self, campaign):
        return campaign.donors
