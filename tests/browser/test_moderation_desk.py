"""A moderator works the pending queue from the keyboard: j and k move between comments, a
approves, r opens the reasons and rejects, ? lists the keys. Without JavaScript the same
buttons are plain form posts (tests/moderation/test_views.py)."""

import re

from playwright.sync_api import expect

from comments.models import Comment, ModerationDecision
from tests.browser.conftest import BROWSER_TEST
from tests.factories import CommentFactory
from tests.utils import staff_sign_in

pytestmark = BROWSER_TEST

Status = Comment.Status


def status(comment):
    comment.refresh_from_db()
    return comment.status


def test_a_moderator_works_the_queue_with_the_keyboard(new_page, moderator, story):
    first = CommentFactory(
        article=story, pending=True, author_name="Ana", body="First, to approve."
    )
    second = CommentFactory(
        article=story, pending=True, author_name="Ben", body="Second, to reject."
    )
    third = CommentFactory(
        article=story, pending=True, author_name="Cy", body="Third, left alone."
    )
    page = new_page()
    staff_sign_in(page, moderator)
    page.goto("/moderate/")
    expect(page.get_by_role("heading", name="Pending", exact=True)).to_be_visible()
    cards = page.locator("[data-card]")
    expect(cards).to_have_count(3)

    # ? shows the keys; Escape closes the list.
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_hidden()

    # j, j, k: the first comment has the focus again.
    page.keyboard.press("j")
    expect(page.locator(f"#card-{first.pk}")).to_be_focused()
    page.keyboard.press("j")
    expect(page.locator(f"#card-{second.pk}")).to_be_focused()
    page.keyboard.press("k")
    expect(page.locator(f"#card-{first.pk}")).to_be_focused()

    # a approves it in place (htmx) and the next comment takes the focus.
    page.keyboard.press("a")
    expect(page.locator(f"#card-{first.pk}")).to_contain_text("1 comment approved.")
    expect(page.locator(f"#card-{second.pk}")).to_be_focused()
    assert status(first) == Status.APPROVED

    # r opens the reasons with the focus on them; the reason chosen, Enter rejects.
    page.keyboard.press("r")
    reason = page.locator(f"#card-{second.pk} select[name=reason]")
    expect(reason).to_be_focused()
    reason.select_option(label="Off topic")
    reason.press("Enter")
    expect(page.locator(f"#card-{second.pk}")).to_contain_text("1 comment rejected.")
    expect(page.locator(f"#card-{third.pk}")).to_be_focused()
    assert status(second) == Status.REJECTED
    decision = ModerationDecision.objects.get(comment=second, action="reject")
    assert (decision.reason, decision.moderator) == ("off-topic", moderator)

    # Typing in a field is typing: "a" in the search box approves nothing.
    page.get_by_label("Search").fill("a")
    assert status(third) == Status.PENDING


def test_without_javascript_the_buttons_post_and_come_back_to_the_queue(
    new_page, moderator, story
):
    first = CommentFactory(article=story, pending=True, author_name="Ana")
    second = CommentFactory(article=story, pending=True, author_name="Ben")
    signing_in = new_page()
    staff_sign_in(signing_in, moderator)
    cookies = signing_in.context.cookies()
    page = new_page(javascript=False)
    page.context.add_cookies(cookies)

    page.goto("/moderate/")
    page.locator(f"#card-{first.pk}").get_by_role("button", name="Approve").click()
    expect(page).to_have_url(re.compile(rf"/moderate/#card-{second.pk}$"))
    expect(page.get_by_role("status")).to_contain_text("1 comment approved.")
    assert status(first) == Status.APPROVED

    card = page.locator(f"#card-{second.pk}")
    card.get_by_text("Reject…").click()
    card.get_by_label("Reason (the author is told)").select_option(label="Spam")
    card.get_by_role("button", name="Reject", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("1 comment rejected.")
    assert status(second) == Status.REJECTED
