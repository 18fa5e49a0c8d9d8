"""Receipts for every confirmed gift, yearly statements, and the signed manage link."""

import re
import time
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.core import signing
from django.core.management import CommandError, call_command
from django.utils import timezone

from donations import links, services
from donations.models import Donation, Organisation
from outbox.models import OutgoingEmail
from tests.factories import CampaignFactory, DonationFactory
from tests.utils import page_text

from .conftest import event, signature  # noqa: F401
from .test_webhook import checkout_session

pytestmark = pytest.mark.django_db

DONATIONS = "/admin/donations/donation/"


@pytest.fixture(autouse=True)
def organisation():
    Organisation.objects.update_or_create(
        pk=1,
        defaults={
            "legal_name": "Harbour Post Media gGmbH",
            "address": "1 Quay Street\nKestrel Bay",
            "tax_id": "DE-123-456",
        },
    )


def manage_link(body):
    [url] = re.findall(r"https?://\S+/donations/manage/\S+/", body)
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_a_gift_recorded_by_hand_gets_a_receipt(committed, mailoutbox):
    CampaignFactory()
    with committed():
        gift = services.donation_record(
            amount=Decimal("1250.50"),
            currency="USD",
            provider=Donation.Provider.BANK,
            email="Ana@Example.org",
            donor_name="Ana",
        )

    [mail] = mailoutbox
    assert mail.to == ["ana@example.org"]
    assert gift.receipt_number in mail.subject
    body = mail.body
    assert f"Receipt number: {gift.receipt_number}" in body
    assert "Amount: 1,250.50\xa0$ (USD)" in body
    assert "Frequency: One-off" in body
    assert "Method: Bank transfer" in body
    assert "Harbour Post Media gGmbH\n1 Quay Street\nKestrel Bay\nTax id: DE-123-456" in body
    assert links.email_from_token(manage_link(body).split("/")[-2]) == "ana@example.org"


def test_receipt_numbers_are_unique_and_name_the_year():
    first, second = DonationFactory(), DonationFactory()

    assert first.receipt_number != second.receipt_number
    assert first.receipt_number.startswith(f"{timezone.localtime(first.created):%Y}-")


def test_a_gift_without_an_address_or_not_confirmed_gets_none(committed, mailoutbox):
    with committed():
        services.donation_record(amount=Decimal("5"), currency="USD", provider="cash")
        services.donation_record(
            amount=Decimal("5"),
            currency="USD",
            provider="stripe",
            status=Donation.Status.PENDING,
            email="pending@example.org",
        )

    assert mailoutbox == []


def test_a_stripe_gift_gets_its_receipt_once_it_is_confirmed(
    client, deliver, committed, mailoutbox
):
    pending = DonationFactory(
        provider=Donation.Provider.STRIPE,
        provider_reference="cs_test_receipt",
        status=Donation.Status.PENDING,
        email="",
        amount=Decimal("25"),
    )
    payload = event("checkout.session.completed", checkout_session(pending))
    with committed():
        deliver(payload)
        deliver(payload)  # delivered twice: still one receipt

    [mail] = mailoutbox
    assert mail.to == ["ana@example.org"]  # the address the donor gave Stripe
    assert "Method: Card (Stripe)" in mail.body


def test_a_gift_recorded_in_the_admin_gets_a_receipt(fundraiser, client, committed, mailoutbox):
    client.force_login(fundraiser)
    CampaignFactory()
    now = timezone.localtime()
    with committed():
        response = client.post(
            f"{DONATIONS}add/",
            {
                "campaign": "",
                "amount": "40",
                "currency": "USD",
                "status": "confirmed",
                "created_0": now.date().isoformat(),
                "created_1": now.strftime("%H:%M:%S"),
                "provider": "cash",
                "provider_reference": "",
                "frequency": "once",
                "fee": "0",
                "donor_name": "",
                "email": "cash@example.org",
                "message": "",
            },
        )

    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.to == ["cash@example.org"]
    assert "Method: Cash" in mail.body


def test_a_receipt_refunded_before_it_went_is_not_sent(committed, mailoutbox):
    gift = DonationFactory(email="late@example.org")
    services.donation_receipt_queue(donation=gift)
    Donation.objects.filter(pk=gift.pk).update(status=Donation.Status.REFUNDED)
    from outbox.tasks import deliver as outbox_deliver

    outbox_deliver(OutgoingEmail.objects.get().pk)

    assert mailoutbox == []
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.CANCELLED


# --- Yearly statements ----------------------------------------------------------------------


def in_year(year, month=6):
    return timezone.make_aware(datetime(year, month, 1, 12))


def test_each_donor_gets_one_statement_of_their_years_gifts(committed, mailoutbox):
    DonationFactory(email="ana@example.org", amount=Decimal("10"), created=in_year(2025, 3))
    DonationFactory(email="ana@example.org", amount=Decimal("15"), created=in_year(2025, 9))
    DonationFactory(email="ana@example.org", amount=Decimal("99"), created=in_year(2024))
    DonationFactory(
        email="ana@example.org",
        amount=Decimal("50"),
        created=in_year(2025),
        status=Donation.Status.REFUNDED,
    )
    DonationFactory(email="ben@example.org", amount=Decimal("7"), created=in_year(2025))
    DonationFactory(email="", amount=Decimal("7"), created=in_year(2025))

    with committed():
        call_command("send_giving_statements", "2025", stdout=open("/dev/null", "w"))
    with committed():
        call_command("send_giving_statements", "2025", stdout=open("/dev/null", "w"))

    assert sorted(m.to[0] for m in mailoutbox) == ["ana@example.org", "ben@example.org"]
    [ana] = [m for m in mailoutbox if m.to == ["ana@example.org"]]
    assert "2025" in ana.subject
    assert "Total: 25\xa0$ (USD)" in ana.body
    assert "99" not in ana.body and "50\xa0$" not in ana.body
    assert "/donations/manage/" in ana.body


def test_a_year_in_the_future_is_refused():
    with pytest.raises(CommandError):
        call_command("send_giving_statements", str(timezone.localdate().year + 1))


def test_fundraisers_send_statements_from_the_admin(fundraiser, client, committed, mailoutbox):
    client.force_login(fundraiser)
    picked = DonationFactory(email="ana@example.org", created=in_year(2025))
    DonationFactory(email="ben@example.org", created=in_year(2025))

    with committed():
        response = client.post(
            DONATIONS,
            {"action": "send_statements", "_selected_action": [picked.pk]},
            follow=True,
        )

    assert "1 statement(s) queued for 2025" in page_text(response)
    assert [m.to for m in mailoutbox] == [["ana@example.org"]]


# --- The manage link -------------------------------------------------------------------------


def test_the_manage_link_lists_the_donors_gifts_only(client):
    DonationFactory(email="ana@example.org", amount=Decimal("12"))
    DonationFactory(email="ana@example.org", amount=Decimal("13"), status="pending")
    DonationFactory(email="ben@example.org", amount=Decimal("99"))

    response = client.get(links.manage_path("ana@example.org"))

    assert response.status_code == 200
    text = page_text(response).split("All your gifts", 1)[1]  # below the goal bar
    assert "12 $" in text
    assert "13 $" not in text and "99 $" not in text
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    "token",
    [
        "garbled",
        signing.dumps("ana@example.org", salt="another.purpose"),
        links.manage_token("ana@example.org")[:-2] + "xx",
    ],
)
def test_a_forged_manage_link_shows_nothing(client, token):
    DonationFactory(email="ana@example.org")

    response = client.get(f"/donations/manage/{token}/")

    assert response.status_code == 404
    assert "not valid" in page_text(response)


def test_an_old_manage_link_has_expired(client, monkeypatch):
    DonationFactory(email="ana@example.org")
    now = time.time()
    with monkeypatch.context() as then:  # links made a little over MANAGE_LINK_DAYS ago
        age = timedelta(days=links.MANAGE_LINK_DAYS, hours=1).total_seconds()
        then.setattr(signing.time, "time", lambda: now - age)
        old = links.manage_path("ana@example.org")
        then.setattr(signing.time, "time", lambda: now - age + 2 * 60 * 60)
        recent = links.manage_path("ana@example.org")

    assert client.get(old).status_code == 404
    assert client.get(recent).status_code == 200
