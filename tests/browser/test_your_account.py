"""A reader's own page in a real browser, with JavaScript on and off: the download of
everything held about the account, and closing the account."""

import json

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from comments.models import Comment
from tests.browser.conftest import BROWSER_TEST
from tests.factories import CommentFactory, account

pytestmark = BROWSER_TEST
JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
PASSWORD = "a long harbour password 42"


def sign_in(page, name):
    page.goto("/accounts/login/")
    page.get_by_label("Email or name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.locator(".site-account__name")).to_have_text(name)


@JAVASCRIPT
def test_a_reader_downloads_what_we_hold_then_closes_the_account(new_page, story, javascript):
    nina = account("nina", email="nina@example.org", password=PASSWORD)
    CommentFactory(
        article=story,
        user=nina,
        author_name="nina",
        author_email="nina@example.org",
        body="The ferry timetable is wrong again.",
    )
    page = new_page(javascript=javascript)
    sign_in(page, "nina")

    page.goto("/accounts/me/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download everything we hold about you (JSON)").click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert data["email"] == "nina@example.org"
    assert "The ferry timetable is wrong again." in json.dumps(data, ensure_ascii=False)

    page.get_by_role("link", name="Delete my account").click()
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account").click()
    # A wrong password deletes nothing.
    expect(page.get_by_role("heading", name="Delete my account")).to_be_visible()
    assert User.objects.filter(username="nina").exists()

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account is deleted.")).to_be_visible()
    expect(page.locator(".site-account__name")).to_have_count(0)
    assert not User.objects.filter(username="nina").exists()
    # The comment stays, no longer under her name (the default choice).
    comment = Comment.objects.get(body="The ferry timetable is wrong again.")
    assert comment.user is None
    assert comment.author_name != "nina"
