"""Donors manage their monthly and yearly gifts from the signed link: change, stop; Stripe's
subscription events keep the rows right; future-dated webhook signatures are refused."""

import time
from decimal import Decimal

import pytest

from donations import links
from donations.models import Donation, ProcessedEvent
from tests.factories import DonationFactory
from tests.utils import page_text

from .conftest import event
from .test_webhook import checkout_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def monthly(stripe_api):
    stripe_api.subscription("sub_ana", cents=1500)
    return DonationFactory(
        amount=Decimal("15"),
        monthly=True,
        provider=Donation.Provider.STRIPE,
        provider_reference="cs_test_ana",
        stripe_subscription="sub_ana",
        stripe_customer="cus_ana",
        email="ana@example.org",
    )


def manage(email="ana@example.org"):
    return links.manage_path(email)


def cancel_url(gift, email="ana@example.org"):
    return f"{manage(email)}{gift.pk}/cancel/"


def change_url(gift, email="ana@example.org"):
    return f"{manage(email)}{gift.pk}/change/"


def test_the_page_offers_to_change_or_stop_a_renewing_gift(client, monthly):
    text = page_text(client.get(manage()))

    assert "15 $, monthly" in text
    assert "Change the amount" in text
    assert "Stop this monthly gift" in text


def test_a_donor_stops_a_monthly_gift_and_is_told_by_email(
    client, monthly, stripe_api, committed, mailoutbox
):
    with committed():
        response = client.post(cancel_url(monthly))

    assert response.status_code == 303
    assert [(r["method"], r["path"]) for r in stripe_api.requests] == [
        ("DELETE", "/v1/subscriptions/sub_ana")
    ]
    monthly.refresh_from_db()
    assert monthly.cancelled_at is not None
    [mail] = mailoutbox
    assert mail.to == ["ana@example.org"]
    assert "stopped" in mail.subject
    assert "15\xa0$" in mail.body and "not be charged again" in mail.body
    after = page_text(client.get(response["Location"]))
    assert "Your gift is stopped" in after
    assert "Stop this monthly gift" not in after
    assert "(stopped)" in after


def test_stopping_twice_calls_stripe_once(client, monthly, stripe_api):
    client.post(cancel_url(monthly))
    again = client.post(cancel_url(monthly))

    assert again.status_code == 303
    assert len(stripe_api.requests) == 1


def test_another_donors_link_cannot_stop_the_gift(client, monthly, stripe_api):
    response = client.post(cancel_url(monthly, email="mallory@example.org"))

    assert response.status_code == 404
    assert stripe_api.requests == []
    monthly.refresh_from_db()
    assert monthly.cancelled_at is None


def test_a_donor_changes_the_amount_from_the_next_payment_on(client, monthly, stripe_api):
    response = client.post(change_url(monthly), {"amount": "20"})

    assert response.status_code == 303
    update = stripe_api.last
    assert (update["method"], update["path"]) == ("POST", "/v1/subscriptions/sub_ana")
    assert update["form"]["items[0][id]"] == "si_sub_ana"
    assert update["form"]["items[0][price_data][unit_amount]"] == "2000"
    assert update["form"]["items[0][price_data][product]"] == "prod_sub_ana"
    assert update["form"]["items[0][price_data][recurring][interval]"] == "month"
    assert update["form"]["proration_behavior"] == "none"
    monthly.refresh_from_db()
    assert (monthly.amount, monthly.renewal_amount) == (Decimal("15"), Decimal("20"))
    assert "20 $, monthly" in page_text(client.get(manage()))


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        ("1,5", "Write the amount in digits"),
        ("-3", "Write the amount in digits"),
        ("0.50", "Choose an amount from 1 $ to 100,000 $."),
        ("100001", "Choose an amount from 1 $ to 100,000 $."),
        ("", "Write the amount in digits"),
    ],
)
def test_a_bad_new_amount_is_refused(client, monthly, stripe_api, amount, error):
    response = client.post(change_url(monthly), {"amount": amount})

    assert response.status_code == 400
    assert error in page_text(response)
    assert stripe_api.requests == []
    monthly.refresh_from_db()
    assert monthly.renewal_amount is None


def test_when_stripe_fails_nothing_changes(client, monthly, stripe_api):
    stripe_api.status = 500

    response = client.post(cancel_url(monthly))

    assert response.status_code == 503
    assert "nothing was changed" in page_text(response)
    monthly.refresh_from_db()
    assert monthly.cancelled_at is None


# --- Stripe's subscription events -----------------------------------------------------------


def subscription_object(sub_id, *, status="active", cents=1500, currency="usd"):
    return {
        "id": sub_id,
        "object": "subscription",
        "status": status,
        "customer": "cus_ana",
        "items": {
            "object": "list",
            "data": [
                {
                    "id": f"si_{sub_id}",
                    "quantity": 1,
                    "price": {"unit_amount": cents, "currency": currency, "product": "prod_x"},
                }
            ],
        },
    }


def test_a_subscription_stopped_at_stripe_is_stopped_here_and_confirmed_once(
    deliver, monthly, committed, mailoutbox
):
    payload = event("customer.subscription.deleted", subscription_object("sub_ana"))
    with committed():
        assert deliver(payload).status_code == 200
        assert deliver(payload).status_code == 200

    monthly.refresh_from_db()
    assert monthly.cancelled_at is not None
    assert len(mailoutbox) == 1


def test_a_price_changed_at_stripe_is_the_new_amount(deliver, monthly):
    deliver(event("customer.subscription.updated", subscription_object("sub_ana", cents=3000)))

    monthly.refresh_from_db()
    assert monthly.current_amount == Decimal("30")


def test_a_subscription_updated_to_cancelled_is_stopped(deliver, monthly):
    deliver(
        event("customer.subscription.updated", subscription_object("sub_ana", status="canceled"))
    )

    monthly.refresh_from_db()
    assert monthly.cancelled_at is not None


@pytest.mark.parametrize(
    "event_type", ["customer.subscription.updated", "customer.subscription.deleted"]
)
def test_an_unknown_subscription_is_logged_and_creates_nothing(deliver, event_type, caplog):
    before = Donation.objects.count()

    response = deliver(event(event_type, subscription_object("sub_unknown")))

    assert response.status_code == 200
    assert Donation.objects.count() == before
    assert ProcessedEvent.objects.get().outcome == "unknown subscription"
    assert "sub_unknown" in caplog.text


def test_a_completed_subscription_checkout_remembers_its_subscription(deliver):
    pending = DonationFactory(
        monthly=True,
        provider=Donation.Provider.STRIPE,
        provider_reference="cs_test_sub",
        status=Donation.Status.PENDING,
        amount=Decimal("25"),
    )

    deliver(event("checkout.session.completed", checkout_session(pending, customer="cus_1")))

    pending.refresh_from_db()
    assert (pending.stripe_subscription, pending.stripe_customer) == ("sub_test_1", "cus_1")
    assert pending.renewing


# --- Signatures dated in the future ---------------------------------------------------------


def test_a_signature_dated_in_the_future_is_refused(deliver, monthly):
    payload = event("customer.subscription.deleted", subscription_object("sub_ana"))

    response = deliver(payload, timestamp=int(time.time()) + 600)

    assert response.status_code == 400
    assert not ProcessedEvent.objects.exists()
    monthly.refresh_from_db()
    assert monthly.cancelled_at is None


def test_a_signature_a_few_seconds_ahead_is_accepted(deliver, monthly):
    payload = event("customer.subscription.deleted", subscription_object("sub_ana"))

    response = deliver(payload, timestamp=int(time.time()) + 20)

    assert response.status_code == 200
