"""Every page that is a form of its own, with JavaScript on and off: one press sends it.

A fresh browser (no cookie of the site yet, unless the test is about a reader who has one)
opens the page, fills it in and presses its button once; what the reader then sees says it
worked, and the database agrees.
"""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core import mail
from playwright.sync_api import expect

from comments import notifications
from comments.models import Comment, Report, Subscription
from donations.models import Donation
from tests.browser.conftest import AWAITING, BROWSER_TEST, PASSAGE, comment_by, write
from tests.factories import CampaignFactory, CommentFactory, account, reader_cookie

pytestmark = BROWSER_TEST

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


def reader_with_a_comment(new_page, site, story, *, javascript):
    """A guest's browser that wrote a comment on the story a minute ago (its reader cookie
    says so), and that comment."""
    mine = CommentFactory(
        article=story, author_name="Ana Lima", body="The wall was patched.", browser_key="ana"
    )
    page = new_page(javascript=javascript)
    page.context.add_cookies(
        [{"name": "newsroom_reader", "value": reader_cookie("ana"), "url": site}]
    )
    return page, mine


@JAVASCRIPT
def test_the_reply_page(new_page, story, javascript):
    tomas = CommentFactory(article=story, author_name="Tomas Berg", body="Patched in 1998 too.")
    page = new_page(javascript=javascript)

    page.goto(f"/comments/{tomas.pk}/reply/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reply to Tomas Berg")
    write(
        page.locator(f"#reply-form-{tomas.pk}"),
        "And again in 2004.",
        name="Ana Lima",
        email="ana@example.org",
    )

    expect(page).to_have_url(re.compile(rf"{story.get_absolute_url()}#comment-"))
    expect(page.get_by_role("status")).to_have_text(AWAITING)
    reply = page.locator(f"#comment-{tomas.pk} .comment-replies .comment")
    expect(reply.locator(".comment__author")).to_have_text("Ana Lima")
    expect(reply).to_contain_text("And again in 2004.")
    assert Comment.objects.get(author_name="Ana Lima").parent == tomas


@JAVASCRIPT
def test_the_reply_page_after_a_mistake(new_page, story, javascript):
    """The page that shows a refused reply's errors sends the corrected reply at once."""
    tomas = CommentFactory(article=story, author_name="Tomas Berg", body="Patched in 1998 too.")
    page = new_page(javascript=javascript)
    page.goto(f"/comments/{tomas.pk}/reply/")
    # An address the browser lets through and the site does not.
    write(
        page.locator(f"#reply-form-{tomas.pk}"),
        "And again in 2004.",
        name="Ana Lima",
        email="ana@example",
    )
    expect(page.get_by_text("Enter a valid email address.")).to_be_visible()

    form = page.locator(f"#reply-form-{tomas.pk}")
    expect(form.get_by_role("textbox", name="Comment")).to_have_value("And again in 2004.")
    form.get_by_role("textbox", name="Email").fill("ana@example.org")
    form.get_by_role("button", name="Post Comment").click()

    expect(page.get_by_role("status")).to_have_text(AWAITING)
    assert Comment.objects.get(author_name="Ana Lima").parent == tomas


@JAVASCRIPT
def test_the_feedback_page_of_a_passage(new_page, story, javascript):
    passage = story.passages.get()
    page = new_page(javascript=javascript)

    page.goto(f"/comments/passage/{passage.pk}/feedback/")
    expect(page.locator(".passage-quote")).to_have_text(PASSAGE)
    write(
        page.locator(f"#feedback-form-{passage.pk}"),
        "I saw them in 2022.",
        name="Nils Ek",
        email="nils@example.org",
    )

    expect(page.get_by_text(AWAITING)).to_be_visible()
    assert Comment.objects.get().passage == passage


@JAVASCRIPT
def test_the_edit_page(new_page, site, story, javascript):
    page, mine = reader_with_a_comment(new_page, site, story, javascript=javascript)

    page.goto(f"/comments/{mine.pk}/edit/")
    page.get_by_role("textbox", name="Comment").fill("The wall was patched twice.")
    page.get_by_role("button", name="Save changes").click()

    # A guest not yet trusted: the edit goes back to the queue; they see it, marked so.
    expect(page.get_by_role("status")).to_contain_text("awaiting moderation")
    expect(comment_by(page, "Ana Lima")).to_contain_text("The wall was patched twice.")
    expect(comment_by(page, "Ana Lima")).to_contain_text("edited, awaiting moderation")
    mine.refresh_from_db()
    assert mine.body == "The wall was patched twice."
    assert mine.status == "pending"


@JAVASCRIPT
def test_the_delete_page(new_page, site, story, javascript):
    page, mine = reader_with_a_comment(new_page, site, story, javascript=javascript)

    page.goto(f"/comments/{mine.pk}/delete/")
    page.get_by_role("button", name="Delete comment").click()

    expect(page.get_by_role("status")).to_have_text("Your comment is deleted.")
    expect(page.get_by_text("The wall was patched.")).to_have_count(0)
    mine.refresh_from_db()
    assert mine.status == Comment.Status.DELETED


@JAVASCRIPT
def test_the_report_page(new_page, story, javascript):
    piet = CommentFactory(article=story, author_name="Piet Olsen", body="Who chairs it now?")
    page = new_page(javascript=javascript)

    page.goto(f"/comments/{piet.pk}/report/")
    page.get_by_label("Off topic").check()
    page.get_by_role("button", name="Send report").click()

    expect(page.get_by_role("status")).to_have_text(
        "Thank you. A moderator will look at this comment."
    )
    assert Report.objects.get().comment == piet


@JAVASCRIPT
def test_the_notify_of_page(new_page, story, javascript):
    page = new_page(javascript=javascript)

    page.goto(f"/comments/article/{story.pk}/subscribe/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Comments by email")
    page.get_by_label("new follow-up comments").check()
    page.get_by_label("Your email").fill("ines@example.org")
    page.get_by_role("button", name="Subscribe").click()

    expect(page.get_by_role("status")).to_contain_text("a link to confirm it is on its way there")
    assert Subscription.objects.get().email == "ines@example.org"


@JAVASCRIPT
def test_the_confirm_and_unsubscribe_pages(new_page, story, javascript):
    subscription = Subscription.objects.create(
        article=story, kind=Subscription.Kind.FOLLOW_UPS, email="ines@example.org"
    )
    page = new_page(javascript=javascript)

    page.goto(f"/comments/subscriptions/confirm/{notifications.confirm_token(subscription)}/")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are subscribed")
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    token = notifications.unsubscribe_token(subscription=subscription)
    page.goto(f"/comments/unsubscribe/{token}/")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    assert not Subscription.objects.exists()


@JAVASCRIPT
def test_the_donate_page(new_page, site, settings, monkeypatch, javascript):
    """The donor is sent on to the payment page (here the site's own thank-you page stands
    in for Stripe's Checkout, which a test must not reach)."""
    settings.STRIPE_SECRET_KEY = "sk_test_browser"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_browser"
    monkeypatch.setattr(
        "donations.services.checkout.stripe_checkout_session",
        lambda *, params, idempotency_key: {
            "id": "cs_test_browser",
            "url": f"{site}/donations/thank-you/",
        },
    )
    CampaignFactory(title="Keep the harbour desk open")
    page = new_page(javascript=javascript)

    page.goto("/donations/")
    page.get_by_label("Or another amount").fill("30")
    give = page.locator("[data-donate-button]")
    # The button names the frequency; with JavaScript the amount too.
    expect(give).to_have_text(re.compile(r"Give 30\s\$ once") if javascript else "Give once")
    give.click()

    expect(page).to_have_url(re.compile(r"/donations/thank-you/$"))
    donation = Donation.objects.get()
    assert (donation.amount, donation.status) == (Decimal("30"), Donation.Status.PENDING)


@JAVASCRIPT
def test_the_sign_up_page(new_page, javascript):
    page = new_page(javascript=javascript)

    page.goto("/accounts/sign-up/")
    page.get_by_role("textbox", name="Name shown with your comments").fill("olga")
    page.get_by_role("textbox", name="Email").fill("Olga@Example.org")
    page.locator("#id_password1").fill("a long enough password 42")
    page.locator("#id_password2").fill("a long enough password 42")
    page.get_by_role("button", name="Sign Up").click()

    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    expect(page.locator(".site-account__name")).to_have_count(0)
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body)[1]
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".site-account__name")).to_have_text("olga")
    assert User.objects.get(username="olga").email == "olga@example.org"


@JAVASCRIPT
def test_the_sign_in_page_and_the_sign_out_button(new_page, story, javascript):
    account("olga", password="a long enough password 42")
    page = new_page(javascript=javascript)

    page.goto(story.get_absolute_url())
    page.locator(".site-account").get_by_role("link", name="Sign in").click()
    page.get_by_role("textbox", name="Email or name").fill("olga")
    page.locator("#id_password").fill("a long enough password 42")
    page.get_by_role("button", name="Sign In", exact=True).click()

    expect(page).to_have_url(re.compile(rf"{story.get_absolute_url()}$"))
    expect(page.locator(".site-account__name")).to_have_text("olga")

    page.get_by_role("button", name="Sign out").click()
    expect(page.locator(".site-account").get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.locator(".site-account__name")).to_have_count(0)
