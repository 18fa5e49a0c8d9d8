"""The kinds of email the outbox sends, each registered by the app that records them.

An app registers each of its kinds once, from its AppConfig.ready():

    kinds.register("receipt", label="Donation receipt", build=build_receipt)

`build(email)` gets the OutgoingEmail row when it is due and returns the EmailMessage to
send (its subject, body and headers; the outbox addresses it to the row's `to_email`), or
None when the email is no longer wanted (what it was about is gone, the reader has
unsubscribed): the row is then cancelled. Building at send time rather than at recording
time is what lets such an email not go out.

A kind registered `private=True` carries what only its addressee may read in its row's data
(a sign-in code, a password reset link): the admin does not show that data, and it is wiped
once the email is sent.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    build: Any  # (OutgoingEmail) -> EmailMessage | None
    private: bool = False


class UnknownKind(LookupError):
    """No app registered a builder for this kind of email (is its app still installed?)."""


_registry: dict[str, Kind] = {}


def register(name, *, label, build, private=False):
    known = _registry.get(name)
    if known is not None and known.build is not build:
        raise ImproperlyConfigured(f"Two builders are registered for the email kind {name!r}.")
    _registry[name] = Kind(name=name, label=label, build=build, private=private)


def is_private(name):
    """Whether emails of this kind carry secrets in their data (see the module's docstring)."""
    kind = _registry.get(name)
    return kind is not None and kind.private


def build(email):
    """The message for a recorded email, or None if it is no longer wanted."""
    kind = _registry.get(email.kind)
    if kind is None:
        raise UnknownKind(f"No builder is registered for the email kind {email.kind!r}.")
    return kind.build(email)


def label(name):
    kind = _registry.get(name)
    # A lazy label is said in the language of the moment it is read, as a plain string.
    return str(kind.label) if kind is not None else name


def choices():
    """(name, label) of every registered kind, by label."""
    return sorted(((k.name, str(k.label)) for k in _registry.values()), key=lambda pair: pair[1])
