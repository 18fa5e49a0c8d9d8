"""Reads that the public pages need: the goal bar's numbers, the support box, the supporters.

The goal bar is on every page, so its numbers live in the shared cache: one query when the
cache is cold, none when it is warm. Services and the admin forget them the moment a
donation or a campaign changes (`goal_progress_forget`).
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from newsroom.pagecache import FUNDRAISING, public_pages_changed

from . import links
from .models import Campaign, Donation, SupportBox
from .money import CENT

# One entry per day: which campaign is current, and how many days it has left, change at
# midnight, so tomorrow's page never reads today's numbers.
GOAL_CACHE_KEY = "donations:goal-progress:v2:{day}"
# v2: the box gained thank_donors_days; a row cached before it must not be read back.
SUPPORT_BOX_CACHE_KEY = "donations:support-box:v2"
# Changes are forgotten at once in the shared cache (Redis). Without one, each process keeps
# its own copy that another process's change cannot reach: five minutes bounds how long such
# a copy can be out of date, at the price of one query per process every five minutes.
GOAL_CACHE_SECONDS = 60 * 5
SUPPORT_BOX_CACHE_SECONDS = 60 * 5
RECENT_SUPPORTERS = 12

_MISSING = object()


@dataclass(frozen=True)
class GoalProgress:
    """What the goal bar shows for the current campaign."""

    title: str
    currency: str
    raised: Decimal
    goal: Decimal
    donors: int
    percent: int  # raised as a share of the goal, floored; above 100 past the goal
    bar_width: int  # the filled part of the bar in percent of `target`, capped at 100
    ticks: tuple  # under the bar: 0, half the goal, the goal (0, goal, stretch goal past it)
    days_left: int | None  # None when the campaign has no end date; 0 on its last day
    over_goal: bool
    # Once the goal is reached, a campaign's stretch goal becomes what the bar measures.
    stretch_goal: Decimal | None = None

    @property
    def reached(self):
        return self.raised >= self.goal

    @property
    def stretching(self):
        """The goal is reached and the bar now measures towards the stretch goal."""
        return self.reached and self.stretch_goal is not None

    @property
    def target(self):
        """The bar's maximum: the goal, or the stretch goal once the goal is reached."""
        return self.stretch_goal if self.stretching else self.goal

    @property
    def stretch_percent(self):
        return percent_of(self.raised, self.stretch_goal) if self.stretching else None

    @property
    def value_now(self):
        """What a progress bar may report as its value: no more than its maximum."""
        return min(self.raised, self.target)

    @property
    def marker_anchor(self):
        """Where the raised-amount label sits on its mark, so it never leaves the bar."""
        if self.bar_width < 12:
            return "start"
        if self.bar_width > 88:
            return "end"
        return "middle"


def is_current(campaign, today: date) -> bool:
    return (
        campaign.active
        and campaign.start_date <= today
        and (campaign.end_date is None or campaign.end_date >= today)
    )


def percent_of(raised: Decimal, goal: Decimal) -> int:
    """The whole percent of the goal raised, rounded down: 99.9% is not yet 100%."""
    if goal <= 0:
        return 0
    return int((Decimal(raised) * 100 / Decimal(goal)).to_integral_value(rounding=ROUND_FLOOR))


def build_goal_progress(*, campaign, raised, donors, today) -> GoalProgress | None:
    """The goal bar's value for a campaign on a day, or None when there is nothing to show."""
    if campaign is None or not is_current(campaign, today):
        return None
    raised = Decimal(raised or 0).quantize(CENT)
    goal = Decimal(campaign.goal).quantize(CENT)
    stretch = campaign.stretch_goal
    stretch = Decimal(stretch).quantize(CENT) if stretch is not None and stretch > goal else None
    percent = percent_of(raised, goal)
    if stretch is not None and raised >= goal:
        bar_percent, ticks = percent_of(raised, stretch), (Decimal(0), goal, stretch)
    else:
        bar_percent, ticks = percent, (Decimal(0), goal / 2, goal)
    return GoalProgress(
        title=campaign.title,
        currency=campaign.currency,
        raised=raised,
        goal=goal,
        donors=int(donors or 0),
        percent=percent,
        bar_width=max(0, min(bar_percent, 100)),
        ticks=ticks,
        days_left=(campaign.end_date - today).days if campaign.end_date else None,
        over_goal=raised > goal,
        stretch_goal=stretch,
    )


@dataclass(frozen=True)
class CampaignResult:
    """How a campaign ended, for the page of past campaigns."""

    title: str
    currency: str
    start_date: date
    end_date: date | None
    goal: Decimal
    stretch_goal: Decimal | None
    raised: Decimal
    donors: int
    percent: int  # of the goal, floored

    @property
    def reached(self):
        return self.raised >= self.goal

    @property
    def stretch_reached(self):
        return self.stretch_goal is not None and self.raised >= self.stretch_goal


def build_campaign_result(campaign) -> CampaignResult:
    """A campaign annotated by `campaign_totals`, as the past campaigns page shows it."""
    raised = Decimal(campaign.raised or 0).quantize(CENT)
    return CampaignResult(
        title=campaign.title,
        currency=campaign.currency,
        start_date=campaign.start_date,
        end_date=campaign.end_date,
        goal=campaign.goal,
        stretch_goal=campaign.stretch_goal,
        raised=raised,
        donors=int(campaign.donors or 0),
        percent=percent_of(raised, campaign.goal),
    )


def past_campaigns(*, today=None):
    """Ended campaigns with their results, the most recently ended first (one query)."""
    return [build_campaign_result(c) for c in campaign_totals(Campaign.objects.past(today))]


def _goal_key(today):
    return GOAL_CACHE_KEY.format(day=today.isoformat())


def campaign_totals(queryset):
    """Campaigns with `raised` (confirmed gifts in the campaign's currency) and `donors`
    (each one-off gift and each monthly gift once, however many payments it made)."""
    confirmed = Q(donations__status=Donation.Status.CONFIRMED, donations__currency=F("currency"))
    return queryset.annotate(
        raised=Coalesce(
            Sum("donations__amount", filter=confirmed),
            Value(Decimal(0)),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        ),
        donors=Count(
            Coalesce("donations__first_payment_id", "donations__id"),
            filter=confirmed,
            distinct=True,
        ),
    )


def goal_progress(*, today=None) -> GoalProgress | None:
    """The current campaign's progress, from the shared cache (None: no bar to show)."""
    today = today or timezone.localdate()
    key = _goal_key(today)
    progress = cache.get(key, _MISSING)
    if progress is _MISSING:
        campaign = campaign_totals(Campaign.objects.current(today)).first()
        progress = build_goal_progress(
            campaign=campaign,
            raised=campaign.raised if campaign else 0,
            donors=campaign.donors if campaign else 0,
            today=today,
        )
        cache.set(key, progress, GOAL_CACHE_SECONDS)
    return progress


def goal_progress_forget():
    """Drop the cached numbers now, and again once the change is committed, so that a page
    rendered in between cannot put the old numbers back."""
    key = _goal_key(timezone.localdate())
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
    public_pages_changed(FUNDRAISING)  # the goal bar is on every page


def support_box() -> SupportBox:
    box = cache.get(SUPPORT_BOX_CACHE_KEY)
    if box is None:
        box, _ = SupportBox.objects.get_or_create(pk=1)
        cache.set(SUPPORT_BOX_CACHE_KEY, box, SUPPORT_BOX_CACHE_SECONDS)
    return box


def support_box_forget():
    cache.delete(SUPPORT_BOX_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(SUPPORT_BOX_CACHE_KEY))
    public_pages_changed(FUNDRAISING)  # the box is on every article page


def recent_supporters(*, limit=RECENT_SUPPORTERS):
    """The latest confirmed gifts whose donors asked to be named (a monthly gift once)."""
    return list(
        Donation.objects.filter(
            status=Donation.Status.CONFIRMED, name_public=True, first_payment__isnull=True
        )
        .exclude(donor_name="")
        .only("donor_name", "name_public", "message", "created")[:limit]
    )


def donor_gifts(email):
    """A donor's gifts (confirmed or refunded; not those still pending), newest first."""
    return list(
        Donation.objects.filter(email=email.strip().lower())
        .exclude(status=Donation.Status.PENDING)
        .order_by("-created", "-pk")
    )


def account_giving(addresses):
    """What the account page shows of a donor's giving: for each of the account's verified
    addresses that gave, its gifts and a signed link to change or stop the renewing ones."""
    found = []
    for email in sorted({a.strip().lower() for a in addresses if a}):
        gifts = donor_gifts(email)
        if gifts:
            found.append(
                {
                    "email": email,
                    "gifts": gifts,
                    "renewing": [g for g in gifts if g.renewing],
                    "manage_path": links.manage_path(email),
                }
            )
    return found


def gifts_by_source(*, start, end):
    """Confirmed gifts made from `start` to `end` (dates, both included), by the page their
    donors came from and by its section: rows of (page path, title, section, currency,
    gifts, amount) and (section, currency, gifts, amount), largest amounts first."""
    gifts = Donation.objects.filter(
        status=Donation.Status.CONFIRMED, created__date__gte=start, created__date__lte=end
    )
    totals = {"gifts": Count("id"), "amount": Sum("amount")}
    pages = (
        gifts.values("source_path", "source_title", "source_section", "currency")
        .annotate(**totals)
        .order_by("-amount", "source_path")
    )
    sections = gifts.values("source_section", "currency").annotate(**totals).order_by("-amount")
    return list(pages), list(sections)
