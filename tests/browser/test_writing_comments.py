"""Writing a comment with JavaScript on: a preview in place, and quoting a selected passage
of someone's comment in a reply."""

from playwright.sync_api import expect

from comments.models import Comment
from tests.browser.conftest import BROWSER_TEST, comment_by
from tests.factories import CommentFactory

pytestmark = BROWSER_TEST


def test_a_preview_appears_in_place_and_nothing_is_posted(page, story):
    page.goto(story.get_absolute_url())
    form = page.locator("#comment-form")
    form.get_by_role("textbox", name="Name").fill("Ana Lima")
    form.get_by_role("textbox", name="Email").fill("ana@example.org")
    form.get_by_role("textbox", name="Comment").fill("**Forty** years\n\n>! it held !<")

    form.get_by_role("button", name="Preview").click()

    preview = page.locator("#comment-form .comment-preview")
    expect(preview.locator("strong")).to_have_text("Forty")
    expect(preview).to_be_focused()
    expect(preview.locator("details.spoiler p")).to_be_hidden()
    preview.get_by_text("Spoiler").click()
    expect(preview.locator("details.spoiler p")).to_have_text("it held")
    expect(page.locator("#comment-form").get_by_role("textbox", name="Comment")).to_have_value(
        "**Forty** years\n\n>! it held !<"
    )
    assert not Comment.objects.exists()


def test_a_selected_passage_is_quoted_in_a_reply(page, story):
    CommentFactory(
        article=story, author_name="Tomas Berg", body="The wall was patched in 1998 and 2004."
    )
    page.goto(story.get_absolute_url())
    body = comment_by(page, "Tomas Berg").locator(".comment__body p")
    expect(page.get_by_role("button", name="Quote in a reply")).to_have_count(0)

    body.evaluate(
        """(p) => {
            const text = p.firstChild, start = text.data.indexOf("patched in 1998");
            const range = document.createRange();
            range.setStart(text, start);
            range.setEnd(text, start + "patched in 1998".length);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }"""
    )
    quote = page.get_by_role("button", name="Quote in a reply")
    quote.focus()
    page.keyboard.press("Enter")

    box = comment_by(page, "Tomas Berg").get_by_role("textbox", name="Comment")
    expect(box).to_have_value("> patched in 1998\n\n")
    expect(box).to_be_focused()
