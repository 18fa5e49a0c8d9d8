"""An email kind of the tests' own, so that the outbox is tested without any app's emails."""

import smtplib

import pytest
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from outbox import kinds


def build_note(email):
    """A note whose text is in its row; no text means it is no longer wanted."""
    if not email.data.get("text"):
        return None
    return EmailMessage(subject=f"Note: {email.data['text']}", body=email.data["text"])


def build_notes(email):
    """A digest of the notes it carries."""
    texts = [item.data["text"] for item in email.items.order_by("pk")]
    return EmailMessage(subject=f"{len(texts)} notes", body="\n".join(texts))


@pytest.fixture(autouse=True)
def note_kind(monkeypatch):
    for kind in [
        kinds.Kind(name="note", label="A note", build=build_note),
        kinds.Kind(name="notes", label="Notes in one email", build=build_notes),
    ]:
        monkeypatch.setitem(kinds._registry, kind.name, kind)
    return "note"


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def mail_server_down(settings):
    working = settings.MAILERS
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}
    return lambda: setattr(settings, "MAILERS", working)  # call it to bring the server back
