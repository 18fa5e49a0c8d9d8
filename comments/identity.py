"""Who is commenting or voting: an account, or a guest's browser (a signed cookie) and IP."""

import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.crypto import salted_hmac

from newsroom.client import client_ip

COOKIE_NAME = "newsroom_reader"
COOKIE_SALT = "comments.reader"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365


@dataclass(frozen=True)
class Reader:
    user: object | None  # an authenticated user, or None for a guest
    browser_key: str  # from the signed cookie; new for a first visit
    ip: str | None
    is_new_browser: bool = False
    # Which browser, from its User-Agent and Accept-Language (comments.reports): unlike the
    # cookie, the same after a stranger clears their cookies.
    browser_print: str = ""

    @property
    def voter_key(self):
        if self.user is not None:
            return f"u{self.user.pk}"
        return f"b{self.browser_key}"

    def owns_q(self):
        """A filter for the comments this reader wrote."""
        if self.user is not None:
            return Q(user=self.user)
        return Q(user__isnull=True, browser_key=self.browser_key)

    def owns(self, comment):
        if self.user is not None:
            return comment.user_id == self.user.pk
        return (
            comment.user_id is None
            and bool(comment.browser_key)
            and (secrets.compare_digest(comment.browser_key, self.browser_key))
        )


def reader_from_request(request):
    """The Reader behind a request; a guest without the cookie gets a fresh browser key."""
    user = request.user if request.user.is_authenticated else None
    key = request.get_signed_cookie(COOKIE_NAME, default="", salt=COOKIE_SALT)
    is_new = not key
    if is_new:
        key = secrets.token_urlsafe(24)
    return Reader(
        user=user,
        browser_key=key,
        ip=client_ip(request),
        is_new_browser=is_new,
        browser_print=_browser_print(request),
    )


def _browser_print(request):
    return salted_hmac(
        "comments.identity.browser",
        "\n".join(
            request.META.get(header, "").strip()
            for header in ("HTTP_USER_AGENT", "HTTP_ACCEPT_LANGUAGE")
        ),
        algorithm="sha1",  # as stored with earlier reports (comments/reports.py)
    ).hexdigest()[:16]


def existing_reader(request):
    """The Reader if this browser has been here before (or is signed in), else None.

    Pages use this to show a reader their own pending comments without setting a cookie on
    every visitor.
    """
    if request.user.is_authenticated:
        return reader_from_request(request)
    key = request.get_signed_cookie(COOKIE_NAME, default="", salt=COOKIE_SALT)
    if not key:
        return None
    return Reader(user=None, browser_key=key, ip=client_ip(request))


def remember_reader(response, reader):
    """Set the browser cookie on the response when the reader is a new guest."""
    if reader.user is None and reader.is_new_browser:
        response.set_signed_cookie(
            COOKIE_NAME,
            reader.browser_key,
            salt=COOKIE_SALT,
            max_age=COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def verified_email(user):
    """The account's address if the reader proved it is theirs (allauth's verification),
    else "": an unverified address is used for nothing (notifications, trust)."""
    if user is None or not user.email:
        return ""
    verified = EmailAddress.objects.filter(
        user=user, email__iexact=user.email, verified=True
    ).exists()
    return user.email.strip().lower() if verified else ""


def address_has_account(email):
    """Whether an address belongs to an account (as its address, or one of its addresses)."""
    email = (email or "").strip()
    if not email:
        return False
    return (
        get_user_model().objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )
