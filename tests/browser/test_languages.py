"""German and Arabic in a real browser: the switcher without JavaScript, a first visit in
the browser's language, and Arabic drawn right to left (the goal bar fills from the right).
Screenshots at a phone's and a desktop's width go to bench/screenshots/ for people to look
at (git-ignored)."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_TEST
from tests.factories import CampaignFactory, DonationFactory

pytestmark = BROWSER_TEST

SCREENSHOTS = Path(settings.BASE_DIR) / "bench" / "screenshots"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


@pytest.fixture
def campaign(site):
    campaign = CampaignFactory(goal=Decimal("5000"))
    DonationFactory(campaign=campaign, amount=Decimal("822"))
    return campaign


def test_a_german_browser_is_welcomed_in_german_and_can_choose_english(new_page, campaign):
    page = new_page(javascript=False)
    page.set_extra_http_headers({"Accept-Language": "de-DE,de;q=0.9"})

    page.goto("/donations/")
    assert page.url.endswith("/de/donations/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator(".goal-bar__ticks")).to_contain_text("5.000 $")

    page.get_by_role("link", name="English").click()
    assert page.url.endswith("/donations/") and "/de/" not in page.url
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".goal-bar__ticks")).to_contain_text("5,000 $")

    # The choice sticks: the German browser now reads English at the English addresses.
    page.goto("/")
    assert "/de/" not in page.url
    expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize("device", WIDTHS)
def test_arabic_reads_right_to_left(new_page, campaign, device):
    page = new_page(viewport=WIDTHS[device])

    page.goto("/ar/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    # The bar fills from the right: the filled part ends at the track's right edge.
    track = page.locator(".goal-bar__track").bounding_box()
    fill = page.locator(".goal-bar__fill").bounding_box()
    assert abs((fill["x"] + fill["width"]) - (track["x"] + track["width"])) < 2, (fill, track)
    assert fill["width"] < track["width"] / 2
    # The site's name starts the header at the right.
    title = page.locator(".site-title").bounding_box()
    assert title["x"] + title["width"] > WIDTHS[device][0] / 2

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for language in ("ar", "de"):
        for path in ("/", "/donations/"):
            page.goto(f"/{language}{path}")
            name = f"{language}-{path.strip('/') or 'home'}-{device}.png"
            page.screenshot(path=SCREENSHOTS / name, full_page=True)
