"""Reading aids in a real browser: a thread folds away and opens again by mouse and by
keyboard with JavaScript on and off, and times read "3 hours ago" with JavaScript."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_TEST, comment_by
from tests.factories import CommentFactory

pytestmark = BROWSER_TEST


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_thread_folds_away_and_opens_again(new_page, story, javascript):
    top = CommentFactory(article=story, author_name="Tomas Berg", body="Patched in 1998 too.")
    first = CommentFactory(parent=top, author_name="Lena Fisk", body="And in 2004.")
    CommentFactory(parent=first, author_name="Piet Olsen", body="I was there.")
    page = new_page(javascript=javascript)
    page.goto(story.get_absolute_url())

    thread = page.locator(f"#comment-{top.pk} > details.comment-thread")
    toggle = thread.locator("summary")
    expect(toggle).to_have_text("Hide replies", use_inner_text=True)
    expect(comment_by(page, "Piet Olsen")).to_be_visible()

    toggle.click()
    expect(toggle).to_have_text("Show 2 replies", use_inner_text=True)
    expect(comment_by(page, "Lena Fisk")).to_be_hidden()
    expect(comment_by(page, "Tomas Berg")).to_be_visible()

    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_text("Hide replies", use_inner_text=True)
    expect(comment_by(page, "Piet Olsen")).to_be_visible()
    page.keyboard.press("Space")
    expect(comment_by(page, "Lena Fisk")).to_be_hidden()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_times_read_relative_with_javascript_and_in_full_without(new_page, story, javascript):
    comment = CommentFactory(article=story, created_at=timezone.now() - timedelta(hours=3))
    page = new_page(javascript=javascript)
    page.goto(story.get_absolute_url())

    time = page.locator(f"#comment-{comment.pk} .comment__meta time")
    if javascript:
        # Put into words as it comes near the window (the page's first Intl formatter is
        # costly): the reader who scrolls to the comment reads it so.
        time.scroll_into_view_if_needed()
        expect(time).to_have_text("3 hours ago")
        expect(time).to_have_attribute("title", re.compile(rf"{timezone.now().year}"))
    else:
        expect(time).to_have_text(re.compile(rf"^\d+ \w+ {comment.created_at.year}, \d\d:\d\d$"))
