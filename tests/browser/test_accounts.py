"""Accounts in a real browser, with JavaScript on and off: signing up and verifying the
address from the email the outbox sent, then commenting; signing in by an emailed code;
resetting a password; a staff member enrolling an authenticator app before the admin."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from comments.models import Comment
from tests.browser.conftest import AWAITING, BROWSER_TEST
from tests.factories import account
from tests.utils import totp_code

pytestmark = BROWSER_TEST
JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
PASSWORD = "a long harbour password 42"


def link_in(message, path):
    """The link's path (emails name SITE_URL; the test's server is elsewhere)."""
    return re.search(rf"https?://[^/\s]+({path}\S*)", message.body)[1]


@JAVASCRIPT
def test_sign_up_verify_then_comment(new_page, story, javascript):
    page = new_page(javascript=javascript)
    page.goto("/accounts/signup/")
    page.get_by_label("Name shown with your comments").fill("olga")
    page.get_by_label("Email").fill("olga@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    [message] = [m for m in mail.outbox if m.to == ["olga@example.org"]]
    page.goto(link_in(message, "/accounts/confirm-email/"))
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".site-account__name")).to_have_text("olga")

    page.goto(story.get_absolute_url())
    form = page.locator("#comment-form")
    form.locator("#comment-body").fill("Verified, and glad to be here.")
    form.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text(AWAITING).first).to_be_visible()
    comment = Comment.objects.get(body="Verified, and glad to be here.")
    assert comment.status == Comment.Status.PENDING  # a first comment, as every author's
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)

    page.goto(story.get_absolute_url())
    form = page.locator("#comment-form")
    form.locator("#comment-body").fill("And a second thought.")
    form.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Thank you: your comment is published.").first).to_be_visible()
    assert Comment.objects.get(body="And a second thought.").status == Comment.Status.APPROVED


@JAVASCRIPT
def test_sign_in_by_a_code_sent_by_email(new_page, javascript):
    account("kim", email="kim@example.org", password=PASSWORD)
    page = new_page(javascript=javascript)
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Send me a sign-in code").click()
    page.get_by_label("Email").fill("kim@example.org")
    page.get_by_role("button", name="Request Code").click()

    code = re.search(r"window\.\n\n(\S+)\n", mail.outbox[-1].body)[1]
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".site-account__name")).to_have_text("kim")


@JAVASCRIPT
def test_a_forgotten_password_is_reset_by_an_emailed_link(new_page, javascript):
    account("kim", email="kim@example.org", password="forgotten")
    page = new_page(javascript=javascript)
    page.goto("/accounts/password/reset/")
    page.get_by_label("Email").fill("kim@example.org")
    page.get_by_role("button", name="Reset My Password").click()
    expect(page.get_by_role("heading", name="Password Reset")).to_be_visible()

    page.goto(link_in(mail.outbox[-1], "/accounts/password/reset/key/"))
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Change Password").click()
    page.goto("/accounts/login/")
    page.get_by_label("Email or name").fill("kim")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.locator(".site-account__name")).to_have_text("kim")


def test_a_staff_member_enrols_an_authenticator_app_then_reaches_the_admin(
    new_page, unenrolled_staff
):
    account("editor", password=PASSWORD, is_staff=True)
    page = new_page(javascript=False)
    page.goto("/admin/")
    page.get_by_label("Email or name").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/$"))

    page.get_by_role("link", name="Activate").first.click()
    page.get_by_label("Password").fill(PASSWORD)  # asked again before a factor changes
    page.get_by_role("button", name="Confirm").click()
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()

    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Newsroom desk")).to_be_visible()
