"""A notice of illegal content (EU Digital Services Act) from the reader's report to the
moderator's decision, and the emails both parties get; with JavaScript on and off."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from comments.models import Comment, IllegalContentNotice
from tests.browser.conftest import BROWSER_TEST, comment_by
from tests.factories import CommentFactory
from tests.utils import staff_sign_in

pytestmark = BROWSER_TEST

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


def emails_to(address):
    return [m for m in mail.outbox if m.to == [address]]


@JAVASCRIPT
def test_a_reader_s_notice_is_decided_by_a_moderator_and_both_are_told(
    new_page, story, moderator, javascript
):
    ivo = CommentFactory(
        article=story,
        author_name="Ivo Brandt",
        author_email="ivo@example.org",
        body="Go and burn their houses down.",
    )

    reader = new_page(javascript=javascript)
    reader.goto(story.get_absolute_url())
    comment_by(reader, "Ivo Brandt").get_by_role("link", name="Report").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Report a comment")
    law = reader.get_by_label("Which law or rule does it break?")
    if javascript:
        # The notice's fields appear only for illegal content.
        expect(law).to_be_hidden()
        reader.get_by_label("Spam or advertising").check()
        expect(law).to_be_hidden()
    else:
        expect(law).to_be_visible()
    reader.get_by_label("Illegal content").check()
    expect(law).to_be_visible()
    law.fill("Section 111 of the German Criminal Code (public incitement to crime)")
    reader.get_by_label("Why is it illegal?").fill("It tells readers to set houses on fire.")
    reader.get_by_label("Your name").fill("Dana Kovac")
    reader.get_by_label("Your email").fill("dana@example.org")
    reader.get_by_label("I am convinced in good faith").check()
    reader.get_by_role("button", name="Send report").click()

    expect(reader.get_by_role("status")).to_contain_text("We received your notice")
    notice = IllegalContentNotice.objects.get()
    [acknowledgement] = emails_to("dana@example.org")
    assert f"reference {notice.pk}" in acknowledgement.subject

    desk = new_page(javascript=javascript)
    staff_sign_in(desk, moderator)
    desk.goto("/moderate/notices/")
    expect(desk.get_by_role("link", name="To decide (1)")).to_be_visible()
    desk.get_by_role("link", name=f"Notice {notice.pk}").click()
    expect(desk.get_by_text("It tells readers to set houses on fire.")).to_be_visible()
    desk.get_by_label("Illegal: the comment is removed").check()
    desk.get_by_label("Facts and circumstances relied on").fill(
        "The comment urges readers to set fire to the houses of a named family."
    )
    desk.get_by_label("The law", exact=True).check()
    desk.get_by_label("The legal or contractual ground").fill(
        "Public incitement to crime, section 111 of the German Criminal Code."
    )
    desk.get_by_role("button", name="Decide and send the statement").click()

    expect(desk.get_by_role("status")).to_contain_text("on its way to the notifier and the author")
    ivo.refresh_from_db()
    assert (ivo.status, ivo.rejection_reason) == (Comment.Status.REJECTED, "illegal")
    [to_dana] = [m for m in emails_to("dana@example.org") if m is not acknowledgement]
    [to_ivo] = emails_to("ivo@example.org")
    for message in (to_dana, to_ivo):
        assert "It has been removed from the site" in message.body
        assert "section 111 of the German Criminal Code" in message.body
        assert "out-of-court dispute settlement" in message.body
    assert "Dana" not in to_ivo.body

    reader.goto(story.get_absolute_url())
    expect(reader.get_by_text("Go and burn their houses down.")).to_have_count(0)
