"""The donate page and the goal bar in the reader's language: German and Arabic."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from donations import services
from donations.models import Donation
from tests.factories import CampaignFactory
from tests.utils import page_text, tags

from .conftest import event
from .test_webhook import checkout_session


@pytest.fixture
def box(db, stripe_keys):
    CampaignFactory()
    return services.support_box_update(
        suggested_amounts="10 25 50",
        monthly_amounts="5 15",
        default_frequency="monthly",
        minimum_amount=Decimal("3"),
    )


def in_language(client, language, method="get", data=None):
    with translation.override(language):
        return getattr(client, method)(reverse("donations:donate"), data)


def give_button(response):
    [button] = [b for b in tags(response, "button") if "data-donate-button" in b]
    return button


@pytest.mark.django_db
def test_the_donate_page_speaks_german(client, box):
    response = in_language(client, "de")

    text = page_text(response)
    assert "Monatlich spenden" in text
    assert give_button(response)["data-label-template"] == "{amount} monatlich spenden"
    assert "Neueste Unterstützer" in text
    assert "0 Spender" in text  # the goal bar's count, in German
    assert "Give monthly" not in text


@pytest.mark.django_db
def test_the_donate_page_speaks_arabic_with_its_plural_forms(client, box):
    response = in_language(client, "ar")

    text = page_text(response)
    assert "تبرّع شهريًا" in text
    assert "لا متبرعين" in text  # Arabic's form for zero donors
    assert "Recent supporters" not in text


@pytest.mark.django_db
def test_a_german_donor_is_told_what_is_wrong_in_german(client, box):
    response = in_language(
        client, "de", "post", {"preset": "", "custom_amount": "", "frequency": "monthly"}
    )

    assert response.status_code == 400
    assert "Wählen Sie einen Betrag oder geben Sie einen eigenen an." in page_text(response)


@pytest.mark.django_db
def test_a_gift_made_on_the_german_page_is_named_and_receipted_in_german(
    client, box, stripe_api, deliver, committed, mailoutbox
):
    data = {"preset": "25", "frequency": "once", "currency": "USD", "token": "t" * 32}
    response = in_language(client, "de", "post", data)

    assert response.status_code == 303
    form = stripe_api.last["form"]
    assert form["line_items[0][price_data][product_data][name]"] == "Spende an Newsroom"
    gift = Donation.objects.get()
    assert gift.language == "de"

    # Stripe's webhook speaks no language; the receipt is in the donor's all the same.
    with committed():
        deliver(event("checkout.session.completed", checkout_session(gift)))

    [mail] = mailoutbox
    assert mail.subject.startswith("Ihre Quittung")
    assert "Vielen Dank für Ihre Spende." in mail.body


@pytest.mark.django_db
def test_a_german_donor_writes_an_amount_as_german_writes_it(client, box, stripe_api):
    data = {"preset": "", "frequency": "once", "currency": "USD", "token": "t" * 32}

    refused = in_language(client, "de", "post", {**data, "custom_amount": "zwölf"})
    given = in_language(client, "de", "post", {**data, "custom_amount": "12,50"})

    assert "etwa 25 oder 12,50." in page_text(refused)  # the hint in German figures
    assert given.status_code == 303
    assert Donation.objects.get().amount == Decimal("12.50")
