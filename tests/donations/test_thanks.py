"""Asking less of readers who already gave: the thank-you page's cookie, or a signed-in
donor's account, puts a line of thanks where the support boxes were, for the days the
fundraisers set; everyone else keeps getting the boxes, from the shared page cache."""

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import signing
from django.http import HttpResponse
from django.utils import timezone

from donations import services
from donations.thanks import SUPPORTER_COOKIE, supporter_cookie_set
from tests.factories import ArticleFactory, CampaignFactory, DonationFactory, account
from tests.utils import page_text

pytestmark = pytest.mark.django_db

THANKS = "Thank you for supporting"


@pytest.fixture
def article():
    CampaignFactory()  # the goal bar shows
    return ArticleFactory()


def boxes(response):
    return response.content.decode().count('class="support-box ')


def test_after_giving_the_donor_is_thanked_instead_of_asked(browser, article):
    donor = browser()
    assert boxes(donor.get(article.get_absolute_url())) == 2

    thank_you = donor.get("/donations/thank-you/")
    assert SUPPORTER_COOKIE in thank_you.cookies
    cookie = thank_you.cookies[SUPPORTER_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 30 * 24 * 60 * 60

    page = donor.get(article.get_absolute_url())
    assert boxes(page) == 0
    assert page_text(page).count(THANKS) == 1
    # The goal bar stays: it is the campaign's news, not an appeal to this reader.
    assert 'class="goal-bar' in page.content.decode()


def test_other_readers_still_get_the_boxes_from_the_shared_cache(browser, article):
    donor, stranger = browser(), browser()
    stranger.get(article.get_absolute_url())  # the page is cached for everyone
    donor.get("/donations/thank-you/")

    assert THANKS in page_text(donor.get(article.get_absolute_url()))
    page = stranger.get(article.get_absolute_url())
    assert boxes(page) == 2
    assert THANKS not in page_text(page)
    # And the donor's page did not replace the one everyone gets.
    assert boxes(browser().get(article.get_absolute_url())) == 2


def test_the_thank_you_page_shows_the_campaigns_progress(client):
    campaign = CampaignFactory(title="Keep us independent", goal=Decimal("5000"))
    DonationFactory(campaign=campaign, amount=Decimal("822"))

    text = page_text(client.get("/donations/thank-you/"))

    assert "Keep us independent: 822 $ of 5,000 $ raised so far by 1 donor (16% of the goal)" in (
        text
    )


@pytest.mark.parametrize(
    "cookie",
    ["2026-11-30", "2026-11-30:forged", "", "x" * 300],
    ids=["unsigned", "forged", "empty", "junk"],
)
def test_a_cookie_not_signed_by_us_changes_nothing(browser, article, cookie):
    reader = browser()
    reader.cookies[SUPPORTER_COOKIE] = cookie

    page = reader.get(article.get_absolute_url())

    assert page.status_code == 200
    assert boxes(page) == 2


def signed_days_ago(days, monkeypatch):
    """The cookie the thank-you page would have set `days` days ago."""
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now - days * 24 * 60 * 60)
    response = supporter_cookie_set(HttpResponse(), days=days + 30)
    monkeypatch.setattr(signing.time, "time", lambda: now)
    return response.cookies[SUPPORTER_COOKIE].value


def test_the_thanks_last_the_days_the_fundraisers_set(browser, article, monkeypatch):
    services.support_box_update(thank_donors_days=7)
    response = browser().get("/donations/thank-you/")
    assert int(response.cookies[SUPPORTER_COOKIE]["max-age"]) == 7 * 24 * 60 * 60

    recent, old = browser(), browser()
    recent.cookies[SUPPORTER_COOKIE] = signed_days_ago(6, monkeypatch)
    old.cookies[SUPPORTER_COOKIE] = signed_days_ago(8, monkeypatch)  # kept by the browser

    assert boxes(recent.get(article.get_absolute_url())) == 0
    assert boxes(old.get(article.get_absolute_url())) == 2


def test_zero_days_turns_the_thanks_off(browser, article):
    services.support_box_update(thank_donors_days=0)
    donor = browser()

    assert SUPPORTER_COOKIE not in donor.get("/donations/thank-you/").cookies
    assert boxes(donor.get(article.get_absolute_url())) == 2


def test_a_signed_in_donor_is_thanked_by_their_account_on_any_browser(browser, article):
    user = account("ana", email="ana@example.org")
    DonationFactory(email="ana@example.org", amount=Decimal("15"))

    page = browser(user=user).get(article.get_absolute_url())

    assert boxes(page) == 0
    assert THANKS in page_text(page)
    assert "/accounts/me/#your-giving" in page.content.decode()


@pytest.mark.parametrize(
    "gift",
    [
        {"created": timezone.now() - timedelta(days=31)},
        {"status": "pending"},
        {"status": "refunded"},
    ],
    ids=["too long ago", "not confirmed", "refunded"],
)
def test_an_account_is_thanked_only_for_a_recent_confirmed_gift(browser, article, gift):
    user = account("ana", email="ana@example.org")
    DonationFactory(email="ana@example.org", **gift)

    assert boxes(browser(user=user).get(article.get_absolute_url())) == 2


def test_an_unverified_address_earns_no_thanks(browser, article):
    """Typing a donor's address into a new account must not pass for their gift."""
    user = account("mallory", email="donor@example.org", verified=False)
    DonationFactory(email="donor@example.org")

    assert boxes(browser(user=user).get(article.get_absolute_url())) == 2
