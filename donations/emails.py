"""The emails about gifts, built by the outbox when they are due (outbox.kinds).

    receipt      one confirmed gift: number, date, amount, frequency, method, the organisation
    statement    a donor's confirmed gifts of one year
    cancelled    a monthly or yearly gift was stopped

Each carries the signed link to manage one's giving (donations.links), and is written in the
language of the donate page the gift was made on (a statement: the donor's latest gift's). A
receipt for a gift that is no longer confirmed (refunded before the email went) is not sent.
"""

from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from newsroom.links import absolute_url
from outbox import kinds as outbox_kinds

from .links import manage_url
from .models import Donation, Organisation

RECEIPT = "donation-receipt"
STATEMENT = "giving-statement"
CANCELLED = "gift-cancelled"


def one_line(text):
    return " ".join(str(text or "").split())


def _message(*, subject, template, context, email):
    context = {
        **context,
        "organisation": Organisation.objects.filter(pk=1).first() or Organisation(),
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "manage_url": manage_url(email.to_email),
        "donate_url": absolute_url(reverse("donations:donate")),
    }
    return EmailMessage(
        subject=one_line(subject),
        body=render_to_string(f"donations/email/{template}.txt", context),
        to=[email.to_email],
        headers={"Auto-Submitted": "auto-generated"},
    )


def _in_language_of(*gifts):
    """The language of the latest of these gifts that has one, else the site's."""
    chosen = next((g.language for g in reversed(gifts) if g.language), "")
    return translation.override(chosen or settings.LANGUAGE_CODE)


def build_receipt(email):
    donation = Donation.objects.filter(pk=email.about_id).first()
    if donation is None or donation.status != Donation.Status.CONFIRMED:
        return None
    with _in_language_of(donation):
        return _message(
            subject=_("Your receipt %(number)s from %(site)s")
            % {"number": donation.receipt_number, "site": settings.SITE_NAME},
            template="receipt",
            context={"donation": donation},
            email=email,
        )


def build_statement(email):
    year = email.data.get("year")
    if not isinstance(year, int):
        return None
    gifts = list(
        Donation.objects.filter(
            email=email.to_email, status=Donation.Status.CONFIRMED, created__year=year
        ).order_by("created", "pk")
    )
    if not gifts:
        return None
    totals = defaultdict(Decimal)
    for gift in gifts:
        totals[gift.currency] += gift.amount
    with _in_language_of(*gifts):
        return _message(
            subject=_("Your gifts to %(site)s in %(year)s")
            % {"site": settings.SITE_NAME, "year": year},
            template="statement",
            context={"year": year, "gifts": gifts, "totals": sorted(totals.items())},
            email=email,
        )


def build_cancelled(email):
    donation = Donation.objects.filter(pk=email.about_id).first()
    if donation is None or donation.cancelled_at is None:
        return None
    with _in_language_of(donation):
        return _message(
            subject=(
                _("Your yearly gift to %(site)s is stopped")
                if donation.frequency == Donation.Frequency.YEARLY
                else _("Your monthly gift to %(site)s is stopped")
            )
            % {"site": settings.SITE_NAME},
            template="cancelled",
            context={"donation": donation},
            email=email,
        )


def register_kinds():
    outbox_kinds.register(RECEIPT, label="Donation receipt", build=build_receipt)
    outbox_kinds.register(STATEMENT, label="Yearly giving statement", build=build_statement)
    outbox_kinds.register(CANCELLED, label="Recurring gift stopped", build=build_cancelled)
