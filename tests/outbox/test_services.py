"""Recording email in the outbox: once per key whatever happens twice, many at once, held
back for a digest, and cancelled while still waiting."""

import pytest

from outbox.models import OutgoingEmail
from outbox.services import email_cancel, email_digest_send, email_queue, email_queue_many

pytestmark = pytest.mark.django_db
Email = OutgoingEmail
Status = Email.Status


def note(key, text="A note.", to="ana@example.org", **fields):
    return email_queue(key=key, kind="note", to=to, data={"text": text}, **fields)


def test_the_same_key_records_and_sends_one_email(committed, mailoutbox):
    with committed():
        first, created = note("note:1", "First.")
    with committed():
        again, created_again = note("note:1", "Second.")

    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert [m.body for m in mailoutbox] == ["First."]


def test_many_emails_are_recorded_at_once_and_known_keys_are_left_alone(committed, mailoutbox):
    with committed():
        note("note:old", "Already recorded.")
    with committed():
        queued = email_queue_many(
            emails=[
                {"key": f"note:{key}", "kind": "note", "to": to, "data": {"text": text}}
                for key, to, text in [
                    ("old", "ana@example.org", "!"),
                    ("b", "ben@example.org", "B"),
                    ("c", "cat@example.org", "C"),
                ]
            ]
        )

    assert len(queued) == 2
    assert sorted(m.body for m in mailoutbox) == ["Already recorded.", "B", "C"]
    assert Email.objects.get(key="note:old").data == {"text": "Already recorded."}


def test_emails_held_back_go_out_in_one_digest_once(committed, mailoutbox):
    with committed():
        for n in range(3):
            note(f"note:{n}", f"Note {n}.", fold=True)
    assert not mailoutbox
    assert Email.objects.filter(status=Status.FOLDED).count() == 3
    folded = Email.objects.filter(kind="note", status=Status.FOLDED)

    for _ in range(2):  # running twice sends one digest
        email_digest_send(key="notes:ana", kind="notes", to="ana@example.org", folded=folded)

    [digest] = mailoutbox
    assert (digest.subject, digest.body) == ("3 notes", "Note 0.\nNote 1.\nNote 2.")
    assert Email.objects.filter(status=Status.DIGESTED, digest__key="notes:ana").count() == 3


def test_what_is_still_waiting_can_be_cancelled_but_not_what_was_sent(committed, mailoutbox):
    with committed():
        sent, _ = note("note:sent")
    waiting, _ = note("note:waiting")
    folded, _ = note("note:folded", fold=True)

    cancelled = email_cancel(emails=Email.objects.all())

    assert cancelled == 2
    assert Email.objects.get(pk=sent.pk).status == Status.SENT
    assert {Email.objects.get(pk=e.pk).status for e in (waiting, folded)} == {Status.CANCELLED}
    assert len(mailoutbox) == 1
