"""Fundraising drives: a goal, a currency and a period, edited by fundraisers in the admin."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..money import CENT, DEFAULT_CURRENCY, Currency, format_money


class CampaignQuerySet(models.QuerySet):
    def containing(self, day):
        """Active campaigns whose period includes `day`, the most recently started first:
        the first one is the campaign a gift made that day counts towards."""
        return self.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day),
            active=True,
            start_date__lte=day,
        ).order_by("-start_date", "-pk")

    def current(self, today=None):
        """Active campaigns whose dates include today, the most recently started first."""
        return self.containing(today or timezone.localdate())

    def past(self, today=None):
        """Campaigns that have ended, the most recently ended first."""
        today = today or timezone.localdate()
        return self.filter(end_date__lt=today).order_by("-end_date", "-pk")


class Campaign(models.Model):
    """A fundraising drive with a goal and a period, edited by fundraisers in the admin."""

    title = models.CharField(max_length=120)
    goal = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(CENT)]
    )
    stretch_goal = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Optional: once the goal is reached, the bar measures towards this "
        "larger amount.",
    )
    currency = models.CharField(max_length=3, choices=Currency, default=DEFAULT_CURRENCY)
    start_date = models.DateField(default=timezone.localdate)
    end_date = models.DateField(
        null=True, blank=True, help_text="Leave empty for a campaign that runs until stopped."
    )
    active = models.BooleanField(
        default=True,
        help_text="The goal bar shows the active campaign whose dates include today.",
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(goal__gt=0), name="campaign_goal_positive"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="campaign_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(stretch_goal__isnull=True) | Q(stretch_goal__gt=models.F("goal")),
                name="campaign_stretch_goal_above_goal",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({format_money(self.goal, self.currency)})"

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "A campaign cannot end before it starts."})
        if self.stretch_goal is not None and self.goal and self.stretch_goal <= self.goal:
            raise ValidationError(
                {"stretch_goal": _("A stretch goal must be larger than the goal.")}
            )
        if self.active and self.start_date:
            overlapping = Campaign.objects.filter(active=True).exclude(pk=self.pk)
            overlapping = overlapping.filter(
                Q(end_date__isnull=True) | Q(end_date__gte=self.start_date)
            )
            if self.end_date:
                overlapping = overlapping.filter(start_date__lte=self.end_date)
            clash = overlapping.first()
            if clash is not None:
                raise ValidationError(
                    f"Another active campaign, “{clash.title}”, runs at the same time. "
                    "Change its dates or make one of them inactive."
                )
