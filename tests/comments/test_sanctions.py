"""A sanctioned reader who tries to comment: suspended, warned, banned or always
pre-moderated (the moderators impose them on the desk: tests/moderation/)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from comments.models import Ban, Comment, Sanction
from moderation import services
from tests.factories import TRUSTED_KEY, ArticleFactory, CommentFactory, account, trusted_guest
from tests.utils import page_text

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def article():
    # Published before the moments the tests move the clock to.
    return ArticleFactory(
        headline="Harbour wall gives way", published_at=datetime(2026, 1, 5, tzinfo=UTC)
    )


@pytest.fixture
def now(move_clock_to):
    move_clock_to(NOW)
    return NOW


def test_a_suspended_reader_sees_until_when_and_why_and_keeps_their_text(
    browser, article, post_comment, reader, moderator, now
):
    services.sanction_impose(
        kind=Sanction.Kind.SUSPENSION,
        moderator=moderator,
        reason="Insults in three threads.",
        user=reader,
        duration=timedelta(hours=24),
    )

    response = post_comment(browser(user=reader), article, "Words I would keep.")

    assert response.status_code == 400
    text = page_text(response)
    assert (
        "A moderator has suspended your comments until 3 March 2026, 09:30 UTC. "
        "Reason: Insults in three threads." in text
    )
    assert "Words I would keep." in response.content.decode()
    assert not Comment.objects.exists()


def test_a_suspended_guest_address_is_told_the_end_date_but_not_the_reason(
    browser, article, post_comment, moderator, now
):
    services.sanction_impose(
        kind=Sanction.Kind.SUSPENSION,
        moderator=moderator,
        reason="Private matter.",
        email="Ana@Example.org",
        duration=timedelta(hours=3),
    )

    response = post_comment(browser(), article, email="ana@example.org")

    text = page_text(response)
    assert "Comments from this email address are suspended until 2 March 2026, 12:30 UTC." in text
    assert "Private matter." not in text
    assert not Comment.objects.exists()


def test_after_the_suspension_ends_the_reader_comments_again(
    browser, article, post_comment, reader, moderator, move_clock_to, now
):
    services.sanction_impose(
        kind=Sanction.Kind.SUSPENSION,
        moderator=moderator,
        reason="Cool down.",
        user=reader,
        duration=timedelta(hours=1),
    )
    assert post_comment(browser(user=reader), article).status_code == 400

    move_clock_to(NOW + timedelta(hours=1, seconds=1))

    assert post_comment(browser(user=reader), article).status_code == 302
    assert Comment.objects.count() == 1


def test_a_lifted_suspension_stops_nothing(browser, article, post_comment, reader, moderator):
    sanction = services.sanction_impose(
        kind=Sanction.Kind.SUSPENSION,
        moderator=moderator,
        reason="Mistake.",
        user=reader,
        duration=timedelta(days=7),
    )
    services.sanction_lift(sanction=sanction, moderator=moderator)

    assert post_comment(browser(user=reader), article).status_code == 302


def test_a_suspended_reader_cannot_edit_either(browser, article, reader, moderator):
    comment = CommentFactory(article=article, user=reader, author_email=reader.email)
    services.sanction_impose(
        kind=Sanction.Kind.SUSPENSION,
        moderator=moderator,
        reason="Cool down.",
        user=reader,
        duration=timedelta(hours=3),
    )

    response = browser(user=reader).post(f"/comments/{comment.pk}/edit/", {"body": "Worse."})

    assert response.status_code == 400
    assert "A moderator has suspended your comments until" in page_text(response)
    comment.refresh_from_db()
    assert comment.body != "Worse."


def test_a_warned_reader_reads_the_warning_and_confirms_it_before_commenting_again(
    browser, article, post_comment, reader, moderator
):
    services.sanction_impose(
        kind=Sanction.Kind.WARNING,
        moderator=moderator,
        reason="Keep to the topic, please.",
        user=reader,
    )
    client = browser(user=reader)

    refused = post_comment(client, article, "Back to the harbour.")

    assert refused.status_code == 400
    assert "A moderator has sent you a warning." in page_text(refused)
    link = re.search(r'href="([^"]*)">read it and confirm</a>', refused.content.decode())[1]
    assert link == "/comments/warning/"

    page = client.get(link)
    assert "Keep to the topic, please." in page_text(page)
    assert "I understand" in page_text(page)

    confirmed = client.post(link, follow=True)
    assert "Thank you. You can comment again." in page_text(confirmed)
    assert Sanction.objects.get().acknowledged_at is not None

    assert post_comment(client, article, "Back to the harbour.").status_code == 302
    assert Comment.objects.count() == 1


def test_a_warned_guest_confirms_through_the_link_in_the_email(
    browser, article, post_comment, moderator, mailoutbox, committed
):
    with committed():
        services.sanction_impose(
            kind=Sanction.Kind.WARNING,
            moderator=moderator,
            reason="No shouting.",
            email="ana@example.org",
        )

    refused = post_comment(browser(), article, email="ana@example.org")
    assert "open the link in that email" in page_text(refused)

    [message] = mailoutbox
    assert message.to == ["ana@example.org"]
    assert "No shouting." in message.body
    link = re.search(r"http://\S+/comments/warning/\S+/", message.body)[0]
    path = link.split("://", 1)[1].partition("/")[2]
    guest = Client()
    assert "No shouting." in page_text(guest.get(f"/{path}"))
    guest.post(f"/{path}")

    assert post_comment(browser(), article, email="ana@example.org").status_code == 302


def test_a_forged_warning_link_is_not_found(client):
    response = client.get("/comments/warning/not-a-real-token/")

    assert response.status_code == 404
    assert "This link is not valid" in page_text(response)


def test_the_warning_page_asks_a_visitor_to_sign_in(client):
    response = client.get("/comments/warning/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_always_premoderated_reader_is_held_even_when_trusted(
    browser, article, post_comment, moderator
):
    trusted_guest("ana@example.org", article=article)
    services.sanction_impose(
        kind=Sanction.Kind.PREMODERATION,
        moderator=moderator,
        reason="Check each one.",
        email="ana@example.org",
    )

    response = post_comment(browser(key=TRUSTED_KEY), article, "Held, please.")

    assert response.status_code == 302
    held = Comment.objects.get(body="Held, please.")
    assert held.status == Comment.Status.PENDING
    assert held.reasons_shown() == ["always pre-moderated by a moderator"]


def test_always_premoderate_holds_even_a_staff_account(browser, article, post_comment, editor):
    # Staff are otherwise published at once; a moderator's sanction on the account still holds
    # its comments (a stolen staff session should not be a way round it).
    services.sanction_impose(
        kind=Sanction.Kind.PREMODERATION,
        moderator=editor,
        reason="Until the password is changed.",
        user=editor,
    )

    response = post_comment(browser(user=editor), article, "From the desk.")

    assert response.status_code == 302
    held = Comment.objects.get(body="From the desk.")
    assert held.status == Comment.Status.PENDING
    assert held.reasons_shown() == ["always pre-moderated by a moderator"]


def test_a_banned_account_is_told_so_and_nothing_is_saved(
    browser, article, post_comment, reader, moderator
):
    services.ban_impose(kind=Ban.Kind.ACCOUNT, moderator=moderator, reason="Spam", user=reader)

    response = post_comment(browser(user=reader), article)

    assert response.status_code == 400
    assert "Your account is banned from commenting here. The ban has no end date." in page_text(
        response
    )
    assert not Comment.objects.exists()


def test_a_ban_of_another_account_stops_nobody_else(browser, article, post_comment, moderator):
    banned = account("banned")
    services.ban_impose(kind=Ban.Kind.ACCOUNT, moderator=moderator, reason="Spam", user=banned)

    assert post_comment(browser(user=account("other")), article).status_code == 302


def test_the_message_is_shown_in_place_with_htmx(
    browser, article, post_comment, reader, moderator
):
    services.sanction_impose(
        kind=Sanction.Kind.SUSPENSION,
        moderator=moderator,
        reason="Cool down.",
        user=reader,
        duration=timedelta(hours=1),
    )

    response = post_comment(browser(user=reader), article, htmx=True)

    assert response.status_code == 200
    assert "A moderator has suspended your comments until" in page_text(response)


def test_signing_out_and_typing_the_accounts_address_does_not_escape_it(
    browser, article, post_comment, reader, moderator
):
    services.sanction_impose(
        kind=Sanction.Kind.SUSPENSION,
        moderator=moderator,
        reason="Cool down.",
        user=reader,
        duration=timedelta(hours=3),
    )
    services.ban_impose(
        kind=Ban.Kind.ACCOUNT, moderator=moderator, reason="Spam", user=account("spammer")
    )

    as_guest = post_comment(browser(), article, email="READER@example.org")
    as_other_guest = post_comment(browser(), article, email="spammer@example.org")

    # Told as whoever types the address is told: the date, not the reason.
    assert "Comments from this email address are suspended until" in page_text(as_guest)
    assert "Cool down." not in page_text(as_guest)
    assert "banned from commenting" in page_text(as_other_guest)
    assert not Comment.objects.exists()
