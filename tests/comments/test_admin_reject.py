"""Rejecting in the admin's queue asks for the reason, which the author is told by email:
the bulk action through a page of its own, the row's Reject link through its confirmation
page. Both are plain form posts."""

import pytest
from django.test import Client

from comments.models import Comment, ModerationDecision, ModerationEmails
from tests.factories import CommentFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/comment/"


@pytest.fixture
def moderator_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def test_the_bulk_reject_asks_for_the_reason_first(moderator_client):
    held = CommentFactory.create_batch(2, pending=True)

    page = moderator_client.post(
        QUEUE,
        {"action": "reject_comments", "_selected_action": [c.pk for c in held], "index": 0},
    )

    assert page.status_code == 200
    assert "Reject 2 comments?" in page_text(page)
    assert "Illegal content" in page_text(page)
    assert set(Comment.objects.values_list("status", flat=True)) == {"pending"}


def test_the_reason_page_sends_the_selection_back_with_the_reason(
    moderator_client, moderator, mailoutbox, committed
):
    held = CommentFactory(pending=True, author_email="ana@example.org", body="Off we go.")
    other = CommentFactory(pending=True)
    data = {"action": "reject_comments", "_selected_action": [held.pk], "index": 0}
    page = moderator_client.post(QUEUE, data)
    assert f'name="_selected_action" value="{held.pk}"' in page.content.decode()

    with committed():
        done = moderator_client.post(
            QUEUE,
            {**data, "reason": "abusive", "explanation": "Name-calling."},
            follow=True,
        )

    assert "1 comment rejected; its author is told why." in page_text(done)
    held.refresh_from_db()
    other.refresh_from_db()
    assert (held.status, held.rejection_reason) == ("rejected", "abusive")
    assert other.status == "pending"
    decision = ModerationDecision.objects.get(comment=held)
    assert (decision.moderator, decision.reason, decision.explanation) == (
        moderator,
        "abusive",
        "Name-calling.",
    )
    [message] = mailoutbox
    assert message.to == ["ana@example.org"]
    assert "Reason: Abusive" in message.body
    assert "Name-calling." in message.body


def test_a_reason_not_on_the_list_shows_the_page_again(moderator_client):
    held = CommentFactory(pending=True)

    page = moderator_client.post(
        QUEUE,
        {
            "action": "reject_comments",
            "_selected_action": [held.pk],
            "index": 0,
            "reason": "because",
        },
    )

    assert page.status_code == 200
    assert "Select a valid choice." in page_text(page)
    held.refresh_from_db()
    assert held.status == "pending"


def test_the_row_link_asks_for_the_reason_and_rejects_on_post(
    moderator_client, mailoutbox, committed
):
    held = CommentFactory(pending=True, author_email="ben@example.org")
    url = f"{QUEUE}{held.pk}/reject/"
    assert url in moderator_client.get(QUEUE).content.decode()

    page = moderator_client.get(url)
    assert "Its author is told the reason by email." in page_text(page)
    held.refresh_from_db()
    assert held.status == "pending"

    missing = moderator_client.post(url, {"reason": ""})
    assert "This field is required." in page_text(missing)

    with committed():
        moderator_client.post(url, {"reason": "spam"})

    held.refresh_from_db()
    assert (held.status, held.rejection_reason) == ("rejected", "spam")
    assert [m.to for m in mailoutbox] == [["ben@example.org"]]


def test_the_wording_of_the_emails_is_edited_in_the_admin(moderator_client, mailoutbox, committed):
    url = "/admin/comments/moderationemails/1/change/"
    page = moderator_client.get(url)
    assert page.status_code == 200
    assert "{reason}" in page_text(page)
    # A box per language (the English one holds the wording as it was before).
    data = {
        field.name: getattr(ModerationEmails.current(), field.name) or ""
        for field in ModerationEmails._meta.fields
        if field.name[-3:] in ("_en", "_de", "_ar")
    }

    refused = moderator_client.post(url, {**data, "rejection_subject_en": "Hi {nme}"})
    assert "Unknown placeholder: {nme}" in page_text(refused)

    moderator_client.post(url, {**data, "rejection_subject_en": "About your comment, {name}"})
    held = CommentFactory(pending=True, author_name="Ana")
    with committed():
        moderator_client.post(f"{QUEUE}{held.pk}/reject/", {"reason": "spam"})

    assert mailoutbox[0].subject == "About your comment, Ana"
