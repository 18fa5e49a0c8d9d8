"""How django-allauth fits this site: its email goes through the outbox, its rate limits and
the lockout see the client IP as the rest of the site does, and where it sends a reader
afterwards is always a page of this site."""

import uuid
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.core.exceptions import PermissionDenied

from newsroom.client import client_ip
from newsroom.links import absolute_url
from outbox.services import email_queue

from .emails import ACCOUNT_EMAIL
from .next import is_site_page


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Render allauth's email now (its links and codes need this request) and record it in
        the outbox, which the task worker sends once the transaction commits."""
        message = self.render_mail(template_prefix, email, {"email": email, **context})
        html = next(
            (body for body, mime in getattr(message, "alternatives", []) if mime == "text/html"),
            "",
        )
        email_queue(
            key=f"account:{uuid.uuid4().hex}",
            kind=ACCOUNT_EMAIL,
            to=email,
            data={
                "template": template_prefix.rpartition("/")[2],
                "subject": message.subject,
                "body": message.body,
                "html": html,
            },
        )

    def get_email_confirmation_url(self, request, emailconfirmation):
        return _on_site(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key):
        return _on_site(super().get_reset_password_from_key_url(key))

    def is_safe_url(self, url):
        return is_site_page(url)

    def get_client_ip(self, request):
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine the client's address.")
        return ip


def _on_site(url):
    """The same page at SITE_URL: an email's link never names the Host a request came with
    (an alias, or an address an attacker made the request with)."""
    parts = urlsplit(url)
    return absolute_url(parts.path + (f"?{parts.query}" if parts.query else ""))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Social sign-in is open only through the providers configured in the admin."""


def axes_username(request, credentials=None):
    """The name django-axes counts failures under: what the reader typed into allauth's
    "login" field, or the address or name allauth passed on to authenticate()."""
    credentials = credentials or {}
    typed = request.POST.get("login") if request is not None else None
    for key in ("login", "email", "username"):
        typed = typed or credentials.get(key)
    return typed
