"""Every gift counts: gifts find their campaign by date, stretch goals, past campaigns."""

import importlib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from donations import services
from donations.models import Campaign, Donation
from donations.selectors import build_goal_progress
from tests.factories import CampaignFactory, DonationFactory
from tests.utils import page_text, tags

from .conftest import bar_says

DONATIONS = "/admin/donations/donation/"
CAMPAIGNS = "/admin/donations/campaign/"
TODAY = date(2026, 3, 15)


@pytest.fixture
def fundraiser_client(client, fundraiser):
    client.force_login(fundraiser)
    return client


def offline_gift(when, **changes):
    when = timezone.localtime(when)
    return {
        "campaign": "",
        "amount": "150",
        "currency": "USD",
        "status": Donation.Status.CONFIRMED,
        "created_0": when.date().isoformat(),
        "created_1": when.strftime("%H:%M:%S"),
        "provider": Donation.Provider.BANK,
        "frequency": "once",
        "fee": "0",
        "provider_reference": "TRANSFER-1",
        "donor_name": "Harbour Book Club",
        "name_public": "on",
        "email": "club@example.org",
        "message": "",
        **changes,
    }


# --- A gift finds its campaign by its date ------------------------------------------------


@pytest.mark.django_db
def test_an_offline_gift_without_a_campaign_counts_towards_todays(fundraiser_client, client):
    CampaignFactory(goal=Decimal("1000"))

    response = fundraiser_client.post(f"{DONATIONS}add/", offline_gift(timezone.now()))

    assert response.status_code == 302
    assert bar_says(client.get("/")) == "150 $ raised of 1,000 $ (15%)"


@pytest.mark.django_db
def test_a_gift_dated_in_an_earlier_campaign_counts_there(fundraiser_client):
    today = timezone.localdate()
    CampaignFactory(title="Now")
    earlier = CampaignFactory(
        title="Winter", start_date=today - timedelta(days=60), end_date=today - timedelta(days=30)
    )

    fundraiser_client.post(f"{DONATIONS}add/", offline_gift(timezone.now() - timedelta(days=45)))

    assert Donation.objects.get(provider_reference="TRANSFER-1").campaign == earlier


@pytest.mark.django_db
def test_a_fundraiser_may_count_a_gift_towards_another_campaign(fundraiser_client):
    CampaignFactory(title="Now")
    other = CampaignFactory(title="Roof fund", active=False)

    fundraiser_client.post(
        f"{DONATIONS}add/", offline_gift(timezone.now(), campaign=str(other.pk))
    )

    assert Donation.objects.get(provider_reference="TRANSFER-1").campaign == other


@pytest.mark.django_db
def test_a_named_gift_that_would_count_towards_nothing_is_refused(fundraiser_client):
    CampaignFactory(currency="EUR")  # the campaign running today counts euros

    response = fundraiser_client.post(f"{DONATIONS}add/", offline_gift(timezone.now()))

    assert response.status_code == 200
    assert "would count towards no goal" in page_text(response)
    assert not Donation.objects.exists()


@pytest.mark.django_db
def test_an_anonymous_gift_outside_any_campaign_may_still_be_recorded(fundraiser_client):
    response = fundraiser_client.post(
        f"{DONATIONS}add/", offline_gift(timezone.now(), name_public="")
    )

    assert response.status_code == 302
    assert Donation.objects.get().campaign is None


@pytest.mark.django_db
def test_recorded_gifts_find_the_campaign_of_their_date():
    today = timezone.localdate()
    current = CampaignFactory()
    ended = CampaignFactory(
        start_date=today - timedelta(days=60), end_date=today - timedelta(days=30)
    )

    now = services.donation_record(amount=Decimal("5"), currency="USD", provider="cash")
    then = services.donation_record(
        amount=Decimal("5"),
        currency="USD",
        provider="cash",
        created=timezone.now() - timedelta(days=40),
    )
    euros = services.donation_record(amount=Decimal("5"), currency="EUR", provider="cash")

    assert (now.campaign, then.campaign, euros.campaign) == (current, ended, None)


@pytest.mark.django_db
def test_the_migration_gives_earlier_gifts_their_campaign():
    migration = importlib.import_module("donations.migrations.0004_every_gift_counts")
    today = timezone.localdate()
    current = CampaignFactory()
    ended = CampaignFactory(
        start_date=today - timedelta(days=60), end_date=today - timedelta(days=30)
    )
    # Rows saved before gifts found their campaign: none given.
    lost = DonationFactory(campaign=None)
    old = DonationFactory(campaign=None, created=timezone.now() - timedelta(days=40))
    between = DonationFactory(campaign=None, created=timezone.now() - timedelta(days=20))
    euros = DonationFactory(campaign=None, currency="EUR")

    migration.assign_campaigns(apps, None)

    for row in (lost, old, between, euros):
        row.refresh_from_db()
    assert (lost.campaign, old.campaign, between.campaign, euros.campaign) == (
        current,
        ended,
        None,
        None,
    )


# --- Goal reached, and a stretch goal -----------------------------------------------------


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


STRETCH = Decimal("8000")
# (raised, stretch goal) → (reached, stretching, target, bar width, ticks, value now)
STRETCH_CASES = [
    ("below the goal", "4000", STRETCH, (False, False, 5000, 80, (0, 2500, 5000), 4000)),
    ("at the goal", "5000", STRETCH, (True, True, 8000, 62, (0, 5000, 8000), 5000)),
    ("towards the stretch", "6000", STRETCH, (True, True, 8000, 75, (0, 5000, 8000), 6000)),
    ("past the stretch", "9000", STRETCH, (True, True, 8000, 100, (0, 5000, 8000), 8000)),
    ("no stretch goal", "6000", None, (True, False, 5000, 100, (0, 2500, 5000), 5000)),
]


@pytest.mark.parametrize(
    ("raised", "stretch", "expected"),
    [case[1:] for case in STRETCH_CASES],
    ids=[case[0] for case in STRETCH_CASES],
)
def test_the_bar_measures_towards_the_stretch_goal_once_the_goal_is_reached(
    raised, stretch, expected
):
    progress = build_goal_progress(
        campaign=campaign(stretch_goal=stretch), raised=Decimal(raised), donors=3, today=TODAY
    )

    assert (
        progress.reached,
        progress.stretching,
        progress.target,
        progress.bar_width,
        progress.ticks,
        progress.value_now,
    ) == expected
    assert progress.percent == int(Decimal(raised) * 100 / 5000)


@pytest.mark.django_db
def test_a_reached_goal_says_so_and_shows_the_stretch_goal(get_page):
    current = CampaignFactory(goal=Decimal("1000"), stretch_goal=Decimal("2000"))
    DonationFactory(campaign=current, amount=Decimal("1500"))

    response = get_page("/")

    text = page_text(response)
    assert "Goal reached: 150%" in text
    assert "Stretch goal 2,000 $: 75%" in text
    assert bar_says(response) == "1,500 $ raised of the stretch goal 2,000 $ (75%)"
    fill = [r for r in tags(response, "rect") if r.get("class") == "goal-bar__fill"]
    assert fill[0]["width"] == "75%"


@pytest.mark.django_db
def test_exactly_the_goal_is_reached(get_page):
    current = CampaignFactory(goal=Decimal("1000"))
    DonationFactory(campaign=current, amount=Decimal("1000"))

    assert "Goal reached" in page_text(get_page("/"))


@pytest.mark.django_db
@pytest.mark.parametrize("stretch", ["5000", "4000"])
def test_a_stretch_goal_must_be_above_the_goal(fundraiser_client, stretch):
    today = timezone.localdate()
    response = fundraiser_client.post(
        f"{CAMPAIGNS}add/",
        {
            "title": "Autumn",
            "goal": "5000",
            "stretch_goal": stretch,
            "currency": "USD",
            "start_date": today.isoformat(),
            "end_date": "",
            "active": "on",
        },
    )

    assert response.status_code == 200
    assert "A stretch goal must be larger than the goal." in page_text(response)
    assert not Campaign.objects.exists()


# --- Past campaigns -----------------------------------------------------------------------


@pytest.mark.django_db
def test_past_campaigns_show_their_results_and_not_the_current_one(get_page):
    today = timezone.localdate()
    CampaignFactory(title="Running now")
    winter = CampaignFactory(
        title="Winter <drive>",
        goal=Decimal("1000"),
        start_date=today - timedelta(days=60),
        end_date=today - timedelta(days=30),
    )
    autumn = CampaignFactory(
        title="Autumn",
        goal=Decimal("1000"),
        stretch_goal=Decimal("1500"),
        start_date=today - timedelta(days=120),
        end_date=today - timedelta(days=90),
    )
    DonationFactory(campaign=winter, amount=Decimal("400"))
    DonationFactory(campaign=winter, amount=Decimal("100"), status=Donation.Status.REFUNDED)
    DonationFactory(campaign=autumn, amount=Decimal("1600"))

    response = get_page("/donations/campaigns/", max_queries=6)

    assert response.status_code == 200
    text = page_text(response).split("each of our fundraising campaigns.", 1)[1]
    assert "Running now" not in text  # only on the goal bar above
    assert "Winter &lt;drive&gt;" in text  # escaped: shown as written, not read as a tag
    assert "<drive>" not in response.content.decode()
    assert "400 $ raised of 1,000 $ (40%) from 1 donor" in text
    assert "1,600 $ raised of 1,000 $ (160%) from 1 donor" in text
    assert "Goal reached, and the stretch goal of 1,500 $ too" in text
    assert text.index("Winter") < text.index("Autumn")  # the latest first


@pytest.mark.django_db
def test_the_donate_page_links_to_past_campaigns(get_page):
    response = get_page("/donations/")

    assert "/donations/campaigns/" in [a.get("href") for a in tags(response, "a")]
