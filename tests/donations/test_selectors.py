"""The goal bar's numbers: the value object as a table of cases, then the cached selector."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from donations import selectors, services
from donations.models import Campaign, Donation
from donations.selectors import build_goal_progress, goal_progress, recent_supporters
from tests.factories import CampaignFactory, DonationFactory

TODAY = date(2026, 3, 15)


def campaign(**changes):
    fields = {
        "title": "Spring drive",
        "goal": Decimal("5000"),
        "currency": "USD",
        "start_date": date(2026, 3, 1),
        "end_date": date(2026, 3, 31),
        "active": True,
        **changes,
    }
    return Campaign(**fields)


# What the bar shows: (percent, bar width, over the goal, days left, marker anchor),
# or None when there is no bar at all.
CASES = [
    ("no campaign", None, "0", TODAY, None),
    ("an inactive campaign", campaign(active=False), "100", TODAY, None),
    ("before the start", campaign(start_date=date(2026, 3, 16)), "0", TODAY, None),
    ("nothing raised yet", campaign(), "0", TODAY, (0, 0, False, 16, "start")),
    ("the reference page", campaign(), "822", TODAY, (16, 16, False, 16, "middle")),
    ("half the goal", campaign(), "2500", TODAY, (50, 50, False, 16, "middle")),
    ("a cent short of the goal", campaign(), "4999.99", TODAY, (99, 99, False, 16, "end")),
    ("exactly the goal", campaign(), "5000", TODAY, (100, 100, False, 16, "end")),
    ("over the goal", campaign(), "5600", TODAY, (112, 100, True, 16, "end")),
    ("the first day", campaign(start_date=TODAY), "10", TODAY, (0, 0, False, 16, "start")),
    ("the last day", campaign(end_date=TODAY), "3000", TODAY, (60, 60, False, 0, "middle")),
    ("after the end", campaign(end_date=TODAY - timedelta(days=1)), "3000", TODAY, None),
    ("no end date", campaign(end_date=None), "1250", TODAY, (25, 25, False, None, "middle")),
]


@pytest.mark.parametrize(
    ("campaign", "raised", "today", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_goal_progress_value(campaign, raised, today, expected):
    progress = build_goal_progress(
        campaign=campaign, raised=Decimal(raised), donors=7, today=today
    )

    if expected is None:
        assert progress is None
        return
    shown = (
        progress.percent,
        progress.bar_width,
        progress.over_goal,
        progress.days_left,
        progress.marker_anchor,
    )
    assert shown == expected
    assert progress.raised == Decimal(raised)
    assert progress.goal == Decimal("5000")
    assert progress.donors == 7
    assert progress.ticks == (Decimal(0), Decimal(2500), Decimal(5000))
    # A progress bar may not report more than its maximum.
    assert progress.value_now == min(Decimal(raised), Decimal("5000"))


def test_ticks_split_an_odd_goal_exactly():
    progress = build_goal_progress(
        campaign=campaign(goal=Decimal("5001")), raised=Decimal(0), donors=0, today=TODAY
    )

    assert progress.ticks == (Decimal(0), Decimal("2500.5"), Decimal(5001))


def test_the_value_cannot_be_changed_once_built():
    progress = build_goal_progress(campaign=campaign(), raised=Decimal(1), donors=1, today=TODAY)

    with pytest.raises(AttributeError):
        progress.raised = Decimal(5000)


# --- From the database, through the cache ----------------------------------------------------


@pytest.mark.django_db
def test_only_confirmed_gifts_to_the_current_campaign_in_its_currency_count():
    current = CampaignFactory(goal=Decimal("5000"))
    ended = CampaignFactory(
        start_date=current.start_date - timedelta(days=60),
        end_date=current.start_date - timedelta(days=30),
    )
    DonationFactory(campaign=current, amount=Decimal("800"))
    DonationFactory(campaign=current, amount=Decimal("22"))
    DonationFactory(campaign=current, amount=Decimal("100"), status=Donation.Status.PENDING)
    DonationFactory(campaign=current, amount=Decimal("300"), status=Donation.Status.REFUNDED)
    DonationFactory(campaign=current, amount=Decimal("999"), currency="EUR")
    DonationFactory(campaign=ended, amount=Decimal("1000"))
    DonationFactory(campaign=None, amount=Decimal("40"))

    progress = goal_progress()

    assert progress.title == current.title
    assert progress.raised == Decimal("822")
    assert progress.donors == 2
    assert progress.percent == 16


@pytest.mark.django_db
def test_a_monthly_gift_counts_its_donor_once_and_every_payment():
    current = CampaignFactory()
    first = DonationFactory(campaign=current, amount=Decimal("10"), monthly=True)
    DonationFactory(campaign=current, amount=Decimal("10"), monthly=True, first_payment=first)
    DonationFactory(campaign=current, amount=Decimal("10"), monthly=True, first_payment=first)
    DonationFactory(campaign=current, amount=Decimal("5"))

    progress = goal_progress()

    assert progress.raised == Decimal("35")
    assert progress.donors == 2


@pytest.mark.django_db
def test_the_most_recently_started_active_campaign_is_current():
    CampaignFactory(title="Older", start_date=timezone.localdate() - timedelta(days=20))
    CampaignFactory(title="Newer", start_date=timezone.localdate() - timedelta(days=2))
    CampaignFactory(title="Paused", start_date=timezone.localdate(), active=False)

    assert goal_progress().title == "Newer"


@pytest.mark.django_db
def test_one_query_on_a_cold_cache_and_none_on_a_warm_one(django_assert_num_queries):
    DonationFactory(amount=Decimal("822"))

    with django_assert_num_queries(1):
        cold = goal_progress()
    with django_assert_num_queries(0):
        warm = goal_progress()

    assert warm == cold
    assert warm.raised == Decimal("822")


@pytest.mark.django_db
def test_no_campaign_is_remembered_too(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert goal_progress() is None
    with django_assert_num_queries(0):
        assert goal_progress() is None


@pytest.mark.django_db
def test_a_new_gift_shows_at_once():
    current = CampaignFactory()
    DonationFactory(campaign=current, amount=Decimal("800"))
    assert goal_progress().raised == Decimal("800")

    services.donation_record(
        campaign=current, amount=Decimal("22"), currency="USD", provider=Donation.Provider.CASH
    )

    assert goal_progress().raised == Decimal("822")
    assert goal_progress().donors == 2


@pytest.mark.django_db
def test_numbers_cached_during_a_change_are_dropped_again_when_it_commits(
    django_capture_on_commit_callbacks,
):
    current = CampaignFactory()
    key = selectors._goal_key(timezone.localdate())

    with django_capture_on_commit_callbacks(execute=True):
        services.donation_record(
            campaign=current, amount=Decimal("5"), currency="USD", provider=Donation.Provider.CASH
        )
        # Another server read the old numbers before the change was committed:
        cache.set(key, "numbers from before the gift")

    assert cache.get(key) is None


@pytest.mark.django_db
def test_tomorrow_reads_its_own_numbers(move_clock_to):
    current = CampaignFactory(end_date=timezone.localdate() + timedelta(days=1))
    assert goal_progress().days_left == 1

    tomorrow = timezone.now() + timedelta(days=1)
    move_clock_to(tomorrow)

    assert goal_progress().days_left == 0
    assert goal_progress().title == current.title


@pytest.mark.django_db
def test_recent_supporters_are_only_those_who_asked_to_be_named():
    named = DonationFactory(donor_name="Ana", name_public=True, message="Keep going")
    DonationFactory(donor_name="Private Person", name_public=False)
    DonationFactory(donor_name="", name_public=True)
    DonationFactory(donor_name="Waiting", name_public=True, status=Donation.Status.PENDING)
    DonationFactory(donor_name="Refunded", name_public=True, status=Donation.Status.REFUNDED)
    DonationFactory(
        donor_name="Ana", name_public=True, monthly=True, first_payment=named
    )  # a later payment of a monthly gift: Ana is listed once

    assert [d.donor_name for d in recent_supporters()] == ["Ana"]


@pytest.mark.django_db
def test_the_support_box_is_read_once_then_from_the_cache():
    with CaptureQueriesContext(connection) as cold:
        box = selectors.support_box()
    with CaptureQueriesContext(connection) as warm:
        again = selectors.support_box()

    assert len(cold) == 1
    assert len(warm) == 0
    assert again.title == box.title == f"Support {settings.SITE_NAME}"
