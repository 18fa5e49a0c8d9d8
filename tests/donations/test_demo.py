"""The demo fundraising that `make run` loads: the reference page's 822 $ of 5,000 $."""

from decimal import Decimal

import pytest

from donations import services
from donations.demo import load_demo_donations
from donations.models import Campaign, Donation, SupportBox
from donations.selectors import goal_progress, recent_supporters

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "campaigns": list(Campaign.objects.values()),
        "donations": list(Donation.objects.order_by("pk").values()),
        "box": list(SupportBox.objects.values()),
    }


def test_the_demo_campaign_has_822_of_5000_raised():
    summary = load_demo_donations()

    progress = goal_progress()
    assert (progress.goal, progress.raised, progress.percent) == (
        Decimal("5000"),
        Decimal("822"),
        16,
    )
    assert progress.donors == summary.donations == Donation.objects.count()
    assert progress.days_left is not None
    assert summary.campaign_created and summary.donations_created == summary.donations


def test_some_demo_donors_are_named_and_some_are_not():
    load_demo_donations()

    named = recent_supporters()
    assert len(named) >= 2
    assert Donation.objects.filter(name_public=False).count() >= 2
    assert len({d.provider for d in Donation.objects.all()}) >= 4


def test_the_demo_fills_the_support_box():
    load_demo_donations()

    box = SupportBox.objects.get()
    assert box.paypal_address and box.patreon_url and box.other_ways
    assert box.appeal != SupportBox._meta.get_field("appeal").default


def test_loading_again_changes_nothing():
    load_demo_donations()
    before = snapshot()

    summary = load_demo_donations()

    assert snapshot() == before
    assert not summary.campaign_created
    assert summary.donations_created == 0


def test_loading_again_keeps_a_fundraisers_changes():
    load_demo_donations()
    services.support_box_update(appeal="Our own words.", paypal_address="")
    Campaign.objects.update(goal=Decimal("8000"))

    load_demo_donations()

    box = SupportBox.objects.get()
    assert box.appeal == "Our own words."
    assert box.paypal_address == "donate@newsroom.example.org"  # empty again, so filled again
    assert Campaign.objects.get().goal == Decimal("8000")
