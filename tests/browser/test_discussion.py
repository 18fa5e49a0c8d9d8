"""A reader's way through an article's discussion, with JavaScript (htmx) on."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from comments.models import Comment, ModerationRules, Subscription, Vote
from tests.browser.conftest import (
    AWAITING,
    BROWSER_TEST,
    PASSAGE,
    authors_in_order,
    comment_by,
    write,
)
from tests.factories import CommentFactory, vote_for
from tests.utils import staff_sign_in

pytestmark = BROWSER_TEST


def stays_on_page(page):
    """Mark the document, so that a test can tell it was changed in place, not reloaded."""
    page.evaluate("() => { window.stillThisPage = true; }")
    return lambda: page.evaluate("() => window.stillThisPage === true")


def test_a_guest_comment_waits_for_a_moderator_then_is_published(new_page, story, moderator):
    guest = new_page()
    guest.goto(story.get_absolute_url())
    expect(guest.get_by_role("heading", level=1)).to_have_text(story.headline)

    write(
        guest.locator("#comment-form"),
        "My grandfather moored inside that wall for forty years.",
        name="Ana Lima",
        email="ana@example.org",
    )

    expect(guest.locator("#comments").get_by_role("status")).to_have_text(AWAITING)
    mine = comment_by(guest, "Ana Lima")
    expect(mine).to_contain_text("My grandfather moored inside that wall for forty years.")
    expect(mine.locator(".comment__pending")).to_have_text("awaiting moderation")

    # A moderator, in another browser, signs in to the admin and approves it from the queue.
    desk = new_page()
    staff_sign_in(desk, moderator)
    desk.get_by_role("rowheader", name="Comments", exact=True).get_by_role("link").click()
    row = desk.get_by_role("row").filter(has_text="My grandfather moored")
    expect(row).to_contain_text("Pending")
    row.get_by_role("link", name="Approve").click()
    expect(desk.get_by_text("Publish this comment on its article?")).to_be_visible()
    desk.get_by_role("button", name="Yes, publish it").click()
    expect(desk.get_by_text("The comment by Ana Lima is published.")).to_be_visible()

    guest.reload()
    mine = comment_by(guest, "Ana Lima")
    expect(mine).to_contain_text("My grandfather moored inside that wall for forty years.")
    expect(mine.locator(".comment__pending")).to_have_count(0)
    expect(guest.get_by_text("awaiting moderation")).to_have_count(0)
    expect(guest.locator("#comments-heading")).to_have_text("1 comment")
    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_a_reader_loads_more_votes_sorts_and_replies_in_place(page, story):
    ModerationRules.objects.filter(pk=1).update(threads_per_page=3)
    tomas = CommentFactory(article=story, author_name="Tomas Berg", body="Patched in 1998 too.")
    CommentFactory(article=story, author_name="Lena Fisk", body="Photos are on the noticeboard.")
    piet = CommentFactory(article=story, author_name="Piet Olsen", body="Who chairs it now?")
    CommentFactory(article=story, author_name="Sara Nyberg", body="It came over last night.")
    for voter in "abc":
        vote_for(tomas, Vote.UP, voter_key=f"b{voter}")
    vote_for(piet, Vote.UP, voter_key="ba")

    page.goto(story.get_absolute_url())
    same_page = stays_on_page(page)
    expect(authors_in_order(page)).to_have_text(["Sara Nyberg", "Piet Olsen", "Lena Fisk"])
    expect(page.get_by_role("link", name="Newest")).to_have_attribute("aria-current", "true")

    page.get_by_role("button", name="Load more comments").click()
    expect(authors_in_order(page)).to_have_text(
        ["Sara Nyberg", "Piet Olsen", "Lena Fisk", "Tomas Berg"]
    )
    expect(page.get_by_role("button", name="Load more comments")).to_have_count(0)

    vote = comment_by(page, "Piet Olsen").locator(".vote")
    up = vote.get_by_role("button", name="Vote up")
    expect(up).to_have_attribute("aria-pressed", "false")
    expect(vote.locator(".vote__score")).to_have_text("1")
    up.click()
    expect(vote.locator(".vote__score")).to_have_text("2")
    expect(vote.get_by_role("button", name="Vote up")).to_have_attribute("aria-pressed", "true")
    expect(vote.get_by_role("button", name="Vote down")).to_have_attribute("aria-pressed", "false")
    assert same_page(), "the page was reloaded instead of changed in place"

    page.get_by_role("link", name="Most Voted").click()
    expect(page).to_have_url(re.compile(r"\?sort=votes#comments$"))
    expect(authors_in_order(page)).to_have_text(["Tomas Berg", "Piet Olsen", "Sara Nyberg"])
    expect(page.get_by_role("link", name="Most Voted")).to_have_attribute("aria-current", "true")
    # The reader's vote is remembered on the new page.
    expect(comment_by(page, "Piet Olsen").get_by_role("button", name="Vote up")).to_have_attribute(
        "aria-pressed", "true"
    )

    same_page = stays_on_page(page)
    comment_by(page, "Tomas Berg").get_by_role("link", name="Reply").click()
    form = page.locator(f"#reply-slot-{tomas.pk} form#reply-form-{tomas.pk}")
    expect(form).to_be_visible()
    write(form, "It was, and in 2004.", name="Olga Dahl", email="olga@example.org")

    expect(page.locator("#comments").get_by_role("status")).to_have_text(AWAITING)
    reply = page.locator(f"#comment-{tomas.pk} .comment-replies .comment")
    expect(reply.locator(".comment__author")).to_have_text("Olga Dahl")
    expect(reply).to_contain_text("It was, and in 2004.")
    expect(reply.locator(".comment__pending")).to_have_text("awaiting moderation")
    assert same_page(), "the page was reloaded instead of changed in place"
    assert Comment.objects.get(author_name="Olga Dahl").parent == tomas


def test_a_reader_leaves_feedback_on_a_marked_passage(page, story):
    page.goto(story.get_absolute_url())
    same_page = stays_on_page(page)
    passage = page.locator("mark.passage--open")
    expect(passage).to_have_text(PASSAGE)

    page.get_by_role("link", name="0 comments: feedback on this passage").click()
    form = page.locator("form[id^=feedback-form-]")
    expect(form).to_be_visible()
    expect(page.get_by_text("Did you see the cracks yourself?")).to_be_visible()
    write(form, "I reported them in 2022.", name="Nils Ek", email="nils@example.org")

    expect(page.locator(".feedback__done")).to_have_text(AWAITING)
    expect(form).to_have_count(0)
    assert same_page(), "the page was reloaded instead of changed in place"
    feedback = Comment.objects.get()
    assert (feedback.author_name, feedback.passage.text) == ("Nils Ek", PASSAGE)


def test_a_reader_subscribes_with_notify_of_and_confirms_from_the_email(page, story):
    page.goto(story.get_absolute_url())
    notify = page.locator("#notify-form")
    notify.get_by_label("new follow-up comments").check()
    notify.get_by_label("Your email").fill("ines@example.org")
    notify.get_by_role("button", name="Subscribe").click()

    expect(page.get_by_role("status")).to_contain_text("a link to confirm it is on its way there")
    [email] = mail.outbox
    assert email.to == ["ines@example.org"]
    [link] = re.findall(r"https?://\S+/comments/subscriptions/confirm/\S+/", email.body)

    page.goto(re.sub(r"^https?://[^/]+", "", link))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your subscription")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are subscribed")
    expect(page.get_by_text("We will email ines@example.org new follow-up")).to_be_visible()
    assert Subscription.objects.get(email="ines@example.org").is_confirmed


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_time_on_the_page_is_measured_in_the_readers_browser(new_page, story, javascript):
    """The rule against bots that post the moment a page opens reads the time site.js
    measured; without JavaScript there is no measurement, and no timing verdict."""
    ModerationRules.objects.filter(pk=1).update(min_seconds_to_write=600)
    page = new_page(javascript=javascript)
    page.goto(story.get_absolute_url())

    write(page.locator("#comment-form"), "Quick words.", name="Ana Lima", email="a@b.org")

    expect(page.get_by_text("Thank you: your comment is awaiting moderation")).to_be_visible()
    comment = Comment.objects.get()
    if javascript:
        assert comment.status == Comment.Status.SPAM
        [reason] = comment.reasons_shown()
        assert re.fullmatch(r"posted \d+\.\d s after the page loaded", reason)
    else:
        assert comment.status == Comment.Status.PENDING
        assert comment.reasons_shown() == ["first comment from this author"]


def test_the_bubble_prompt_comes_after_reading_and_stays_away_once_dismissed(page, story):
    page.goto(story.get_absolute_url())
    prompt = page.get_by_text("Would love your thoughts, please comment.")
    bubble = page.get_by_role("complementary", name="Discussion")
    # On a wide screen it floats in the margin right of the text, in view from the start.
    link = bubble.get_by_role("link", name="0 comments")
    expect(link).to_be_in_viewport()
    text = page.locator(".article__body").bounding_box()
    assert link.bounding_box()["x"] > text["x"] + text["width"]
    expect(prompt).to_be_hidden()

    # site.js offers the prompt once half the article's body has scrolled into view.
    read_halfway(page)
    expect(prompt).to_be_visible()
    bubble.get_by_role("button", name="Dismiss").click()
    expect(prompt).to_be_hidden()

    page.reload()
    read_halfway(page)
    expect(prompt).to_be_hidden()


def read_halfway(page):
    """Scroll until the middle of the article's body is in the window, and let the page
    handle the scroll events (they are dispatched before the next animation frame)."""
    page.locator(".article__body h2").last.scroll_into_view_if_needed()
    page.evaluate(
        "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )
