"""The donation workflows and what the database itself refuses."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from donations import services, stripe_events
from donations.models import Campaign, Donation, ProcessedEvent, SupportBox
from tests.factories import CampaignFactory, DonationFactory

pytestmark = pytest.mark.django_db


def test_an_offline_gift_is_recorded_confirmed():
    campaign = CampaignFactory()

    donation = services.donation_record(
        campaign=campaign,
        amount=Decimal("40"),
        currency="USD",
        provider=Donation.Provider.CASH,
        donor_name="  Ilse  ",
        name_public=True,
        email=" Ilse@Example.org ",
        message=" At the market stall. ",
    )

    donation.refresh_from_db()
    assert donation.status == Donation.Status.CONFIRMED
    assert (donation.donor_name, donation.email, donation.message) == (
        "Ilse",
        "ilse@example.org",
        "At the market stall.",
    )
    assert donation.public_name == "Ilse"


def test_a_donor_without_a_name_cannot_be_named_publicly():
    donation = services.donation_record(
        amount=Decimal("5"), currency="USD", provider=Donation.Provider.CASH, name_public=True
    )

    assert not donation.name_public
    assert donation.public_name == "Anonymous"


@pytest.mark.parametrize("amount", ["0", "-5", "0.001"])
def test_a_gift_must_be_a_positive_amount_of_cents(amount):
    with pytest.raises(ValidationError):
        services.donation_record(
            amount=Decimal(amount), currency="USD", provider=Donation.Provider.CASH
        )

    assert not Donation.objects.exists()


def test_a_gift_counts_towards_a_campaign_only_in_its_currency():
    campaign = CampaignFactory(currency="USD")

    with pytest.raises(ValidationError, match="counts gifts in USD"):
        services.donation_record(
            campaign=campaign, amount=Decimal("5"), currency="EUR", provider="bank"
        )


def test_an_unknown_currency_is_refused():
    with pytest.raises(ValidationError, match="XYZ"):
        services.donation_record(amount=Decimal("5"), currency="XYZ", provider="bank")


# --- What the database refuses, whatever the Python code does ---------------------------------


@pytest.mark.parametrize("amount", ["0", "-1"])
def test_the_database_refuses_a_gift_that_is_not_positive(amount):
    campaign = CampaignFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Donation.objects.create(campaign=campaign, amount=Decimal(amount), currency="USD")


def test_the_database_refuses_a_goal_that_is_not_positive():
    with pytest.raises(IntegrityError), transaction.atomic():
        Campaign.objects.create(title="Nothing to raise", goal=Decimal("0"))


def test_a_provider_reference_is_unique_for_its_provider_when_set():
    DonationFactory(provider=Donation.Provider.BANK, provider_reference="TRANSFER-1")
    DonationFactory(provider=Donation.Provider.PAYPAL, provider_reference="TRANSFER-1")
    DonationFactory(provider=Donation.Provider.BANK, provider_reference="")
    DonationFactory(provider=Donation.Provider.BANK, provider_reference="")

    with pytest.raises(IntegrityError), transaction.atomic():
        DonationFactory(provider=Donation.Provider.BANK, provider_reference="TRANSFER-1")


def test_there_is_one_support_box():
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportBox.objects.bulk_create([SupportBox(pk=2)])


# --- Campaigns ---------------------------------------------------------------------------------


def test_two_active_campaigns_cannot_overlap():
    first = CampaignFactory()
    second = CampaignFactory.build(start_date=first.end_date, end_date=None)

    with pytest.raises(ValidationError, match=first.title):
        second.full_clean()

    second.active = False
    second.full_clean()


def test_a_campaign_cannot_end_before_it_starts():
    campaign = CampaignFactory.build()
    campaign.end_date = campaign.start_date.replace(year=campaign.start_date.year - 1)

    with pytest.raises(ValidationError, match="cannot end before it starts"):
        campaign.full_clean()


# --- The support box --------------------------------------------------------------------------


def test_the_support_box_heading_defaults_to_the_sites_name(settings):
    settings.SITE_NAME = "The Harbour Post"

    assert services.support_box_update(heading="").title == "Support The Harbour Post"
    assert services.support_box_update(heading="Keep us going").title == "Keep us going"


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("10 25 50 100", ["10", "25", "50", "100"]),
        ("100, 5, 20, 5", ["5", "20", "100"]),
        ("5 abc -3 0 2.5 ²", ["5"]),
        ("200000 20", ["20"]),
    ],
)
def test_suggested_amounts_are_read_forgivingly(text, amounts):
    box = SupportBox(suggested_amounts=text)

    assert box.amounts() == [Decimal(a) for a in amounts]


def test_suggested_amounts_need_at_least_one_usable_amount():
    with pytest.raises(ValidationError, match="at least one whole amount"):
        services.support_box_update(suggested_amounts="many")


# --- Checkout ---------------------------------------------------------------------------------


def test_checkout_refuses_an_amount_the_form_would_refuse(stripe_api):
    for amount in ["0", "100000.01"]:
        with pytest.raises(ValidationError):
            services.checkout_session_create(
                amount=Decimal(amount),
                currency="USD",
                frequency="once",
                success_url="https://news.example.org/donations/thank-you/",
                cancel_url="https://news.example.org/donations/cancelled/",
            )

    assert stripe_api.requests == []
    assert not Donation.objects.exists()


def test_a_one_off_checkout_asks_stripe_for_a_donation_payment(stripe_api, settings):
    settings.SITE_NAME = "The Harbour Post"

    checkout = services.checkout_session_create(
        amount=Decimal("30"),
        currency="USD",
        frequency="once",
        success_url="https://news.example.org/donations/thank-you/",
        cancel_url="https://news.example.org/donations/cancelled/",
    )

    form = stripe_api.last["form"]
    assert form["submit_type"] == "donate"
    assert form["line_items[0][price_data][product_data][name]"] == "Gift to The Harbour Post"
    assert form["payment_intent_data[metadata][donation]"] == str(checkout.donation.pk)
    assert form["client_reference_id"] == str(checkout.donation.pk)
    assert checkout.url.startswith("https://checkout.stripe.com/")


# --- Events handled directly ------------------------------------------------------------------


def test_an_event_type_we_do_not_handle_is_not_stored():
    outcome = stripe_events.stripe_event_handle(
        event={"id": "evt_1", "type": "payout.paid", "data": {"object": {}}}
    )

    assert outcome == "ignored"
    assert not ProcessedEvent.objects.exists()


def test_a_monthly_payment_in_a_currency_we_do_not_take_is_not_recorded():
    first = DonationFactory(provider=Donation.Provider.STRIPE, monthly=True)
    invoice = {
        "id": "in_yen",
        "billing_reason": "subscription_cycle",
        "amount_paid": 3000,
        "currency": "jpy",
        "parent": {"subscription_details": {"metadata": {"donation": str(first.pk)}}},
    }

    outcome = stripe_events.stripe_event_handle(
        event={"id": "evt_yen", "type": "invoice.paid", "data": {"object": invoice}}
    )

    assert outcome == "unexpected currency"
    assert Donation.objects.count() == 1


def test_older_invoice_shapes_are_understood_too():
    first = DonationFactory(provider=Donation.Provider.STRIPE, monthly=True)
    invoice = {
        "id": "in_old",
        "billing_reason": "subscription_cycle",
        "amount_paid": 1500,
        "currency": "usd",
        "subscription": "sub_1",
        "subscription_details": {"metadata": {"donation": str(first.pk)}},
        "payment_intent": "pi_old",
    }

    stripe_events.stripe_event_handle(
        event={"id": "evt_old", "type": "invoice.paid", "data": {"object": invoice}}
    )

    renewal = Donation.objects.get(provider_reference="in_old")
    assert (renewal.amount, renewal.stripe_payment_intent, renewal.first_payment) == (
        Decimal("15.00"),
        "pi_old",
        first,
    )
