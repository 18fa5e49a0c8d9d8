"""What moderators do to readers, as services: each recorded in the audit log and, where the
reader has an address, emailed in the words of the admin's "Emails about moderation" row."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from comments.models import (
    Ban,
    Comment,
    ModerationDecision,
    ModerationEmails,
    ModeratorNote,
    Sanction,
)
from moderation import services
from outbox.models import OutgoingEmail
from outbox.tasks import deliver
from tests.factories import CommentFactory, account

pytestmark = pytest.mark.django_db

Action = ModerationDecision.Action


@pytest.fixture(autouse=True)
def site_name(settings):
    settings.SITE_NAME = "Harbour News"


def test_a_suspension_is_recorded_logged_and_emailed(moderator, reader, mailoutbox, committed):
    with committed():
        sanction = services.sanction_impose(
            kind=Sanction.Kind.SUSPENSION,
            moderator=moderator,
            reason="Insults.",
            user=reader,
            duration=timedelta(hours=3),
        )

    assert sanction.ends_at - sanction.created_at == timedelta(hours=3)
    decision = ModerationDecision.objects.get()
    assert (decision.action, decision.moderator, decision.subject_user) == (
        Action.SUSPEND,
        moderator,
        reader,
    )
    assert decision.explanation == "Insults."
    [message] = mailoutbox
    assert message.to == [reader.email]
    assert message.subject == "Your comments on Harbour News are suspended"
    assert "Reason: Insults." in message.body
    assert "until " in message.body


def test_the_emails_say_what_the_admin_row_says(moderator, mailoutbox, committed):
    emails = ModerationEmails.current()
    emails.warning_subject = "Careful, {name}"
    emails.warning_body = "{reason} Read it at {link}"
    emails.full_clean()
    emails.save()

    with committed():
        services.sanction_impose(
            kind=Sanction.Kind.WARNING, moderator=moderator, reason="Calm.", email="a@example.org"
        )

    [message] = mailoutbox
    assert message.subject == "Careful, a@example.org"
    assert message.body.startswith("Calm. Read it at http")
    assert "/comments/warning/" in message.body


def test_an_unknown_placeholder_is_refused_when_the_wording_is_saved():
    emails = ModerationEmails.current()
    emails.ban_body = "Bye {name}, {secret_key} {name.__class__}"

    with pytest.raises(ValidationError) as error:
        emails.full_clean()

    assert "Unknown placeholder: {secret_key}" in str(error.value)


def test_placeholders_are_only_names_never_attributes():
    emails = ModerationEmails.current()
    emails.ban_subject = "{name.__class__} {name}"

    subject, _ = emails.render("ban", {"name": "Ana"})

    assert subject == "{name.__class__} Ana"


def test_an_account_whose_address_is_not_verified_gets_no_email(moderator, mailoutbox, committed):
    unverified = account("newcomer", verified=False)

    with committed():
        services.sanction_impose(
            kind=Sanction.Kind.PREMODERATION, moderator=moderator, reason="New.", user=unverified
        )

    assert Sanction.objects.get().user == unverified
    assert not mailoutbox


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "suspension", "reason": "x", "email": "a@example.org"}, "needs a duration"),
        ({"kind": "warning", "reason": " ", "email": "a@example.org"}, "Give the reason"),
        ({"kind": "warning", "reason": "x"}, "for an account or an email address"),
        ({"kind": "exile", "reason": "x", "email": "a@example.org"}, "Unknown sanction"),
        ({"kind": "warning", "reason": "x", "email": "not an address"}, "valid email"),
    ],
)
def test_a_sanction_without_what_it_needs_is_refused_and_nothing_saved(moderator, fields, message):
    with pytest.raises(ValidationError, match=message):
        services.sanction_impose(moderator=moderator, **fields)

    assert not Sanction.objects.exists()
    assert not ModerationDecision.objects.exists()


def test_lifting_is_recorded_once_and_the_unsent_email_is_cancelled(moderator, reader):
    sanction = services.sanction_impose(
        kind=Sanction.Kind.SUSPENSION,
        moderator=moderator,
        reason="Oops.",
        user=reader,
        duration=timedelta(days=7),
    )

    services.sanction_lift(sanction=sanction, moderator=moderator)
    services.sanction_lift(sanction=sanction, moderator=moderator)

    assert sanction.lifted_at is not None
    assert ModerationDecision.objects.filter(action=Action.LIFT).count() == 1
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.CANCELLED


def test_an_account_ban_is_recorded_and_emailed_and_lifting_it_too(
    moderator, reader, mailoutbox, committed
):
    with committed():
        ban = services.ban_impose(
            kind=Ban.Kind.ACCOUNT, moderator=moderator, reason="Bots.", user=reader
        )

    assert (ban.kind, ban.value, ban.user) == (Ban.Kind.ACCOUNT, str(reader.pk), reader)
    [message] = mailoutbox
    assert message.subject == "You can no longer comment on Harbour News"

    services.ban_lift(ban=ban, moderator=moderator)

    assert not Ban.objects.exists()
    assert list(ModerationDecision.objects.values_list("action", flat=True)) == [
        Action.LIFT,
        Action.BAN,
    ]


@pytest.mark.parametrize(
    ("kind", "value"),
    [("domain", "no-dot"), ("ip", "300.1.1.1"), ("email", "nobody")],
)
def test_a_ban_of_a_malformed_value_is_refused(moderator, kind, value):
    with pytest.raises(ValidationError):
        services.ban_impose(kind=kind, moderator=moderator, reason="", value=value)

    assert not Ban.objects.exists()


def test_a_note_is_kept_and_logged(moderator):
    note = services.note_add(
        moderator=moderator, text=" Knows the mayor. ", ip_address="192.0.2.9"
    )

    assert (note.text, note.ip_address, note.created_by) == (
        "Knows the mayor.",
        "192.0.2.9",
        moderator,
    )
    assert ModerationDecision.objects.get().action == Action.NOTE
    with pytest.raises(ValidationError):
        services.note_add(moderator=moderator, text="", email="a@example.org")
    assert ModeratorNote.objects.count() == 1


def test_rejecting_tells_each_author_the_reason_once(moderator, mailoutbox, committed):
    ana = CommentFactory.create_batch(2, author_name="Ana", author_email="ana@example.org")
    ben = CommentFactory(author_name="Ben", author_email="ben@example.org", body="Buy now.")
    spam = CommentFactory(spam=True, author_email="bot@example.org")
    ids = [c.pk for c in [*ana, ben, spam]]

    with committed():
        count = services.comment_reject(
            comments=Comment.objects.filter(pk__in=ids),
            moderator=moderator,
            reason="off-topic",
            explanation="This thread is about the harbour.",
        )

    assert count == 4
    assert set(Comment.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"rejected"}
    assert set(Comment.objects.values_list("rejection_reason", flat=True)) == {"off-topic"}
    by_address = {m.to[0]: m for m in mailoutbox}
    # One email per author; none to the address of what was spam.
    assert sorted(by_address) == ["ana@example.org", "ben@example.org"]
    ben_mail = by_address["ben@example.org"]
    assert ben_mail.subject == "Your comment on Harbour News was not published"
    assert "Reason: Off topic" in ben_mail.body
    assert "This thread is about the harbour." in ben_mail.body
    assert "Buy now." in ben_mail.body
    assert by_address["ana@example.org"].body.count("A thought about the harbour") == 2
    assert ModerationDecision.objects.filter(action=Action.REJECT, reason="off-topic").count() == 4


def test_rejecting_needs_a_reason(moderator):
    comment = CommentFactory(pending=True)

    with pytest.raises(ValidationError):
        services.comment_reject(
            comments=Comment.objects.filter(pk=comment.pk), moderator=moderator, reason=""
        )

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_an_account_is_told_at_its_verified_address_only(moderator, mailoutbox, committed):
    verified = account("vera")
    unverified = account("udo", verified=False)
    comments = [
        CommentFactory(user=verified, author_email=verified.email),
        CommentFactory(user=unverified, author_email=unverified.email),
    ]

    with committed():
        services.comment_reject(
            comments=Comment.objects.filter(pk__in=[c.pk for c in comments]),
            moderator=moderator,
            reason="abusive",
        )

    assert [m.to for m in mailoutbox] == [["vera@example.org"]]


def test_a_comment_published_again_before_its_email_goes_sends_nothing(moderator, mailoutbox):
    comment = CommentFactory(pending=True)
    services.comment_reject(
        comments=Comment.objects.filter(pk=comment.pk), moderator=moderator, reason="spam"
    )
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)

    deliver(OutgoingEmail.objects.get().pk)

    assert not mailoutbox
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.CANCELLED


# --- A form sent twice, and lifting -----------------------------------------------------------


def test_a_sanction_sent_twice_is_imposed_once(moderator, reader, mailoutbox, committed):
    fields = {
        "kind": Sanction.Kind.SUSPENSION,
        "moderator": moderator,
        "reason": "Insults.",
        "user": reader,
        "duration": timedelta(hours=3),
    }
    with committed():
        first = services.sanction_impose(**fields)
        second = services.sanction_impose(**fields)

    assert second == first
    assert Sanction.objects.count() == 1
    assert ModerationDecision.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_different_sanction_or_one_after_a_lift_is_a_new_one(moderator):
    guest = {"moderator": moderator, "email": "a@example.org"}
    first = services.sanction_impose(kind=Sanction.Kind.WARNING, reason="Calm.", **guest)
    services.sanction_impose(kind=Sanction.Kind.WARNING, reason="Stay on topic.", **guest)
    services.sanction_impose(
        kind=Sanction.Kind.SUSPENSION, reason="Calm.", duration=timedelta(hours=1), **guest
    )
    services.sanction_impose(
        kind=Sanction.Kind.SUSPENSION, reason="Calm.", duration=timedelta(days=7), **guest
    )
    services.sanction_lift(sanction=first, moderator=moderator)
    services.sanction_impose(kind=Sanction.Kind.WARNING, reason="Calm.", **guest)

    assert Sanction.objects.count() == 5


def test_lifting_a_sanction_tells_the_reader(moderator, reader, mailoutbox, committed):
    with committed():
        sanction = services.sanction_impose(
            kind=Sanction.Kind.SUSPENSION,
            moderator=moderator,
            reason="Insults.",
            user=reader,
            duration=timedelta(days=7),
        )
    with committed():
        services.sanction_lift(sanction=sanction, moderator=moderator)
        services.sanction_lift(sanction=sanction, moderator=moderator)  # a second click

    suspended, lifted = mailoutbox
    assert suspended.subject == "Your comments on Harbour News are suspended"
    assert lifted.to == [reader.email]
    assert lifted.subject == "Harbour News: the suspension of your comments is lifted"
    assert "has lifted the suspension of your comments." in lifted.body
    assert lifted.extra_headers["Auto-Submitted"] == "auto-generated"


def test_a_sanction_lifted_before_its_email_went_sends_neither(moderator, mailoutbox, committed):
    with committed():
        sanction = services.sanction_impose(
            kind=Sanction.Kind.PREMODERATION,
            moderator=moderator,
            reason="New.",
            email="a@example.org",
        )
        services.sanction_lift(sanction=sanction, moderator=moderator)

    assert not mailoutbox


def test_the_lift_email_is_in_the_readers_language(moderator, mailoutbox, committed):
    emails = ModerationEmails.current()
    emails.lifted_subject_de = "{site_name}: Sie können wieder kommentieren"
    emails.full_clean()
    emails.save()
    CommentFactory(author_email="leser@example.org", article__language="de")
    with committed():
        sanction = services.sanction_impose(
            kind=Sanction.Kind.WARNING,
            moderator=moderator,
            reason="Ruhe.",
            email="leser@example.org",
        )
    with committed():
        services.sanction_lift(sanction=sanction, moderator=moderator)

    assert [m.subject for m in mailoutbox] == [
        "A warning from the moderators of Harbour News",  # nobody translated it yet
        "Harbour News: Sie können wieder kommentieren",
    ]
