"""allauth's emails in the outbox: rendered when they are asked for (they carry this
request's links and codes), kept in the row until sent, then wiped (a private kind)."""

from django.core.mail import EmailMultiAlternatives
from django.utils.translation import gettext_lazy as _

from outbox import kinds

ACCOUNT_EMAIL = "account"


def build_account_email(email):
    data = email.data
    if not data.get("body"):
        return None
    message = EmailMultiAlternatives(subject=data.get("subject", ""), body=data["body"])
    if data.get("html"):
        message.attach_alternative(data["html"], "text/html")
    return message


def register_kinds():
    kinds.register(
        ACCOUNT_EMAIL,
        label=_("Account (verification, sign-in code, password reset)"),
        build=build_account_email,
        private=True,
    )
