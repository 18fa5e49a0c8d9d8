"""The donate form: amounts per frequency, the button that names the frequency, the card fee,
the minimum, and a form sent twice."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from donations import services
from donations.models import Donation
from donations.money import fee_to_cover
from tests.factories import CampaignFactory
from tests.utils import page_text, tags

DONATE_URL = "/donations/"
TOKEN = "a" * 32


@pytest.fixture
def campaign(db):
    return CampaignFactory()


@pytest.fixture
def box(db):
    return services.support_box_update(
        suggested_amounts="10 25 50",
        monthly_amounts="5 15",
        yearly_amounts="",
        default_frequency="monthly",
        minimum_amount=Decimal("3"),
        fee_rate=Decimal("2.9"),
        fee_fixed=Decimal("0.30"),
    )


def give(client, **fields):
    data = {"preset": "", "custom_amount": "", "frequency": "once", "currency": "USD", **fields}
    return client.post(DONATE_URL, data)


def presets(response):
    return [i["value"] for i in tags(response, "input") if i.get("name") == "preset"]


def button(response):
    [found] = [b for b in tags(response, "button") if "data-donate-button" in b]
    return found


FEES = [
    # (gift, rate %, fixed) → fee; the newsroom keeps at least the gift, by less than a cent
    ("10", "2.9", "0.30", "0.61"),
    ("15", "2.9", "0.30", "0.76"),
    ("100", "2.9", "0.30", "3.30"),
    ("10", "0", "0.30", "0.30"),
    ("10", "2.9", "0", "0.30"),
    ("10", "0", "0", "0.00"),
]


@pytest.mark.parametrize(("gift", "rate", "fixed", "fee"), FEES)
def test_the_fee_covers_what_the_provider_takes(gift, rate, fixed, fee):
    found = fee_to_cover(Decimal(gift), rate=Decimal(rate), fixed=Decimal(fixed))

    assert found == Decimal(fee)
    total = Decimal(gift) + found
    kept = total - total * Decimal(rate) / 100 - Decimal(fixed)
    assert Decimal(gift) <= kept < Decimal(gift) + Decimal("0.01") or found == 0


@pytest.mark.django_db
def test_the_page_opens_on_the_default_frequency_and_its_amounts(
    get_page, stripe_keys, campaign, box
):
    response = get_page(DONATE_URL)

    assert presets(response) == ["5", "15"]
    assert button(response).get("data-label-template") == "Give {amount} monthly"
    assert "Give monthly" in page_text(response)
    current = [a for a in tags(response, "a") if a.get("aria-current") == "page"]
    # (The language switcher's link to this page in its own language aside.)
    assert [a["href"] for a in current if "hreflang" not in a] == ["?frequency=monthly"]
    # Yearly has no amounts, so it is not offered.
    assert "?frequency=yearly" not in [a.get("href") for a in tags(response, "a")]


@pytest.mark.django_db
def test_each_frequency_has_its_own_amounts_and_button(get_page, stripe_keys, campaign, box):
    response = get_page(f"{DONATE_URL}?frequency=once")

    assert presets(response) == ["10", "25", "50"]
    assert "Give once" in page_text(response)
    hidden = [i for i in tags(response, "input") if i.get("name") == "frequency"]
    assert [i["value"] for i in hidden] == ["once"]


@pytest.mark.django_db
def test_a_frequency_not_offered_is_refused(client, stripe_api, campaign, box):
    response = give(client, preset="5", frequency="yearly")

    assert response.status_code == 400
    assert "That frequency is not offered" in page_text(response)
    assert not Donation.objects.exists()


@pytest.mark.django_db
def test_a_monthly_amount_opens_a_monthly_subscription(client, stripe_api, campaign, box):
    response = give(client, preset="15", frequency="monthly")

    assert response.status_code == 303
    form = stripe_api.last["form"]
    assert form["mode"] == "subscription"
    assert form["line_items[0][price_data][recurring][interval]"] == "month"
    assert Donation.objects.get().frequency == "monthly"


@pytest.mark.django_db
def test_a_yearly_gift_renews_every_year(client, stripe_api, campaign, box):
    services.support_box_update(yearly_amounts="100")

    response = give(client, preset="100", frequency="yearly")

    assert response.status_code == 303
    form = stripe_api.last["form"]
    assert form["mode"] == "subscription"
    assert form["line_items[0][price_data][recurring][interval]"] == "year"
    assert form["line_items[0][price_data][product_data][name]"].startswith("Yearly gift")


@pytest.mark.django_db
def test_the_minimum_comes_from_the_admin(client, stripe_api, campaign, box):
    response = give(client, custom_amount="2.99")

    assert response.status_code == 400
    assert "The smallest gift we can take online is 3 $." in page_text(response)
    assert give(client, custom_amount="3").status_code == 303


@pytest.mark.django_db
def test_a_donor_may_cover_the_card_fee(client, get_page, stripe_api, campaign, box):
    assert "Add 2.9% + 0.30 $ to cover the card fee" in page_text(get_page(DONATE_URL))

    response = give(client, preset="10", cover_fee="on")

    assert response.status_code == 303
    donation = Donation.objects.get()
    assert (donation.amount, donation.fee) == (Decimal("10.61"), Decimal("0.61"))
    form = stripe_api.last["form"]
    assert form["line_items[0][price_data][unit_amount]"] == "1061"
    name = form["line_items[0][price_data][product_data][name]"]
    assert "0.61\xa0$ for the card fee" in name


@pytest.mark.django_db
def test_without_a_fee_in_the_admin_there_is_no_fee_to_cover(
    get_page, client, stripe_api, campaign, box
):
    services.support_box_update(fee_rate=Decimal(0), fee_fixed=Decimal(0))

    assert "card fee" not in page_text(get_page(DONATE_URL))
    give(client, preset="10", cover_fee="on")
    assert Donation.objects.get().fee == 0


@pytest.mark.django_db
def test_a_form_sent_twice_records_one_pending_gift(client, stripe_api, campaign, box):
    first = give(client, preset="25", token=TOKEN)
    second = give(client, preset="25", token=TOKEN)

    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"]
    assert Donation.objects.count() == 1
    keys = {r["idempotency_key"] for r in stripe_api.requests}
    assert keys == {f"donation-{Donation.objects.get().pk}"}


@pytest.mark.django_db
def test_a_form_sent_again_after_paying_records_nothing(client, stripe_api, campaign, box):
    give(client, preset="25", token=TOKEN)
    Donation.objects.update(status=Donation.Status.CONFIRMED)

    again = give(client, preset="25", token=TOKEN)

    assert again.status_code == 400
    assert "This form has been sent already" in page_text(again)
    assert Donation.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["short", "<script>" * 4, "a" * 65])
def test_a_garbled_form_token_is_refused(client, stripe_api, campaign, box, token):
    response = give(client, preset="25", token=token)

    assert response.status_code == 400
    assert "reload the page" in page_text(response)
    assert not Donation.objects.exists()


@pytest.mark.django_db
def test_a_default_frequency_needs_amounts(box):
    with pytest.raises(ValidationError, match="Suggest amounts for this frequency"):
        services.support_box_update(default_frequency="yearly")
