"""Asking less of readers who already gave: for a while after a gift, the donor's browser
sees a line of thanks where the support boxes were.

Two ways to know a donor: the signed cookie the thank-you page sets (no account needed), and
a signed-in reader whose verified address gave a confirmed gift. Either keeps the reader out
of the shared page cache (the cookie is one of PAGE_CACHE_PERSONAL_COOKIES; a session is
already), so a cached page never thanks a stranger and a donor never gets the cached appeal.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.db.models.functions import Lower
from django.utils import timezone

from .models import Donation

SUPPORTER_COOKIE = "newsroom_supporter"
SALT = "donations.supporter"


def supporter_cookie_set(response, *, days):
    """Mark this browser as a donor's for `days` (nothing when the thanks are turned off)."""
    if days <= 0:
        return response
    response.set_signed_cookie(
        SUPPORTER_COOKIE,
        timezone.now().date().isoformat(),
        salt=SALT,
        max_age=days * 24 * 60 * 60,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _cookie_says_gave(request, days):
    try:
        request.get_signed_cookie(SUPPORTER_COOKIE, salt=SALT, max_age=days * 24 * 60 * 60)
    except (KeyError, signing.BadSignature):
        return False
    return True


def verified_addresses(user):
    """The addresses the account proved are its own (allauth's verification), lower case."""
    return (
        EmailAddress.objects.filter(user=user, verified=True)
        .annotate(address=Lower("email"))
        .values("address")
    )


def _account_gave(user, days):
    since = timezone.now() - timedelta(days=days)
    return Donation.objects.filter(
        email__in=verified_addresses(user), status=Donation.Status.CONFIRMED, created__gte=since
    ).exists()


def thanks_donor(request, *, days):
    """Whether this reader gave within the last `days` days: by the signed cookie, or by a
    confirmed gift from one of the signed-in account's verified addresses."""
    if days <= 0:
        return False
    if _cookie_says_gave(request, days):
        return True
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and _account_gave(user, days))
