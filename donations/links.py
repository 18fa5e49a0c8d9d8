"""The signed link in every receipt that lets a donor manage their giving without an account.

The token names the donor's email address, signed with the site's secret and dated: it is
good for MANAGE_LINK_DAYS, and every receipt and statement carries a fresh one.
"""

from django.core import signing
from django.urls import reverse

from newsroom.links import absolute_url

MANAGE_LINK_DAYS = 400
SALT = "donations.manage-giving"


def manage_token(email):
    return signing.dumps(email.strip().lower(), salt=SALT, compress=True)


def email_from_token(token):
    """The address a token was made for, or None if it is forged, garbled or too old."""
    try:
        email = signing.loads(token, salt=SALT, max_age=MANAGE_LINK_DAYS * 24 * 60 * 60)
    except signing.BadSignature:
        return None
    return email if isinstance(email, str) and "@" in email else None


def manage_path(email):
    return reverse("donations:manage", kwargs={"token": manage_token(email)})


def manage_url(email):
    return absolute_url(manage_path(email))
