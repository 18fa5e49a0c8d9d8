"""A donor sees how far the campaign is and reaches the donate page from the goal bar."""

import re
from decimal import Decimal

from django.test import Client
from playwright.sync_api import expect

from donations import services
from donations.models import Donation
from outbox.models import OutgoingEmail
from tests.browser.conftest import BROWSER_TEST
from tests.donations import conftest as donation_fixtures
from tests.donations.conftest import WEBHOOK_URL, event, signature
from tests.donations.test_webhook import checkout_session
from tests.factories import ArticleFactory, CampaignFactory, DonationFactory

pytestmark = BROWSER_TEST

# The donations tests' stand-in for Stripe's API, and its keys.
stripe_api = donation_fixtures.stripe_api
stripe_keys = donation_fixtures.stripe_keys


def test_a_donor_follows_the_goal_bar_to_the_donate_page(page, story):
    campaign = CampaignFactory(title="Keep the harbour desk open", goal=Decimal("5000"))
    for amount in ("500", "250", "72"):
        DonationFactory(campaign=campaign, amount=Decimal(amount))

    page.goto(story.get_absolute_url())
    bar = page.get_by_role("region", name="Keep the harbour desk open")
    expect(bar.locator(".goal-bar__facts")).to_contain_text("16% of the goal")
    expect(bar.locator(".goal-bar__facts")).to_contain_text("3 donors")
    meter = bar.get_by_role("progressbar", name="Keep the harbour desk open")
    expect(meter).to_have_attribute("aria-valuenow", re.compile(r"^822(\.0+)?$"))
    expect(meter).to_have_attribute("aria-valuemax", re.compile(r"^5000(\.0+)?$"))
    expect(meter).to_have_attribute("aria-valuetext", "822\xa0$ raised of 5,000\xa0$ (16%)")
    # What a sighted reader sees: the ticks under the bar and the amount raised above it.
    expect(meter.locator(".goal-bar__ticks li")).to_have_text(["0 $", "2,500 $", "5,000 $"])
    expect(meter.locator(".goal-bar__marker text")).to_have_text("822 $")
    expect(meter.locator(".goal-bar__marker text")).to_be_visible()
    fill = meter.locator(".goal-bar__fill").bounding_box()
    track = meter.locator(".goal-bar__track").bounding_box()
    assert 0.15 < fill["width"] / track["width"] < 0.18  # 822 of 5,000 is 16.4%

    bar.get_by_role("link", name="Donate").click()
    expect(page).to_have_url(re.compile(r"/donations/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Support Newsroom")
    expect(page.get_by_role("heading", name="Ways to give")).to_be_visible()
    # The goal bar is on the donate page too.
    expect(page.get_by_role("progressbar", name="Keep the harbour desk open")).to_be_visible()


def test_a_donor_gives_monthly_gets_a_receipt_and_stops_the_gift(
    new_page, site, stripe_api, mailoutbox
):
    """Donate (Stripe's API is a stand-in server of this test; Checkout is the site's own
    thank-you page) → Stripe's signed webhook → the receipt in the outbox → its manage link
    → stop the gift."""
    CampaignFactory(title="Keep the harbour desk open")
    services.support_box_update(monthly_amounts="5 15 30")
    stripe_api.session_id = "cs_test_browser_monthly"
    stripe_api.checkout_url = f"{site}/donations/thank-you/"
    page = new_page()

    page.goto("/donations/?frequency=monthly")
    page.get_by_role("radio", name="15 $").check()
    give = page.get_by_role("button", name=re.compile(r"^Give 15\s\$ monthly$"))
    give.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    donation = Donation.objects.get()
    assert (donation.amount, donation.frequency) == (Decimal("15"), "monthly")
    assert stripe_api.last["form"]["line_items[0][price_data][recurring][interval]"] == "month"

    # Stripe reports the payment, signed with the endpoint's secret.
    session = checkout_session(donation, amount_total=1500, subscription="sub_browser")
    assert deliver_signed(event("checkout.session.completed", session)).status_code == 200
    [receipt] = OutgoingEmail.objects.filter(kind="donation-receipt")
    assert receipt.status == OutgoingEmail.Status.SENT
    [mail] = mailoutbox
    assert "Frequency: Monthly" in mail.body
    [link] = re.findall(r"https?://\S+/donations/manage/\S+/", mail.body)

    # Back on the site, the donor's browser is thanked instead of asked.
    article = ArticleFactory(headline="Harbour desk keeps watch")
    page.goto(article.get_absolute_url())
    expect(page.get_by_text("Thank you for supporting")).to_be_visible()
    expect(page.locator(".support-box")).to_have_count(0)

    stripe_api.subscription("sub_browser", cents=1500)
    page.goto("/" + link.split("://", 1)[1].split("/", 1)[1])
    expect(page.get_by_role("heading", name="15 $, monthly")).to_be_visible()
    page.get_by_role("button", name="Stop this monthly gift").click()

    expect(page.get_by_role("status")).to_contain_text("Your gift is stopped")
    expect(page.get_by_role("button", name="Stop this monthly gift")).to_have_count(0)
    assert ("DELETE", "/v1/subscriptions/sub_browser") in [
        (r["method"], r["path"]) for r in stripe_api.requests
    ]
    donation.refresh_from_db()
    assert donation.cancelled_at is not None
    assert "stopped" in mailoutbox[-1].subject


def deliver_signed(payload):
    return Client().post(
        WEBHOOK_URL,
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature(payload),
    )
