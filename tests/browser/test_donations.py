"""A donor sees how far the campaign is and reaches the donate page from the goal bar."""

import re
from decimal import Decimal

from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_TEST
from tests.factories import CampaignFactory, DonationFactory

pytestmark = BROWSER_TEST


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
