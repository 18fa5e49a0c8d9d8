"""Stripe Checkout: a pending gift and the Stripe page that takes its payment; the client
that talks to Stripe's API."""

import logging
from dataclasses import dataclass

import stripe
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import selectors
from ..models import MAX_ONLINE_AMOUNT, Donation
from ..money import fee_to_cover, format_money, to_cents
from .gifts import donation_record

logger = logging.getLogger(__name__)

# Stripe should answer in seconds; a reader should not wait the library's default 80.
STRIPE_TIMEOUT_SECONDS = 15


class CheckoutUnavailable(Exception):
    """Stripe could not be reached or refused the request; the reader may try again."""


def card_payments_enabled():
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)


@dataclass(frozen=True)
class Checkout:
    donation: Donation
    url: str


def checkout_session_create(
    *,
    amount,
    currency,
    frequency,
    cover_fee=False,
    donor_name="",
    name_public=False,
    message="",
    form_token="",
    source_path="",
    utm=None,
    language="",
    success_url,
    cancel_url,
):
    """Record a pending gift and open a Stripe Checkout page for it; return where to go.

    `amount` is the gift; with `cover_fee` the card fee (the support box's rate and fixed
    part) is added to what the donor pays. The pending donation is committed before Stripe
    is asked, so that no database transaction waits on the network; it is removed again if
    Stripe says no. A second press of the same form (`form_token`) finds the same pending
    gift and the same Checkout page: Stripe answers a repeated request under the same
    idempotency key with the session it created the first time.
    """
    if not 0 < amount <= MAX_ONLINE_AMOUNT:
        raise ValidationError("That amount cannot be given online.", code="amount")
    if frequency not in Donation.Frequency.values:
        raise ValidationError("That frequency is not offered.", code="frequency")
    again = _pending_for_token(form_token)
    if again is not None:
        return _checkout_open(donation=again, success_url=success_url, cancel_url=cancel_url)
    box = selectors.support_box()
    fee = fee_to_cover(amount, rate=box.fee_rate, fixed=box.fee_fixed) if cover_fee else 0
    try:
        donation = donation_record(
            amount=amount + fee,
            fee=fee,
            currency=currency,
            provider=Donation.Provider.STRIPE,
            status=Donation.Status.PENDING,
            donor_name=donor_name,
            name_public=name_public,
            message=message,
            frequency=frequency,
            form_token=form_token,
            source_path=source_path,
            utm=utm,
            language=language,
        )
    except (IntegrityError, ValidationError):
        # The same form, sent twice at the same moment: the other request recorded it.
        again = _pending_for_token(form_token)
        if again is None:
            raise
        return _checkout_open(donation=again, success_url=success_url, cancel_url=cancel_url)
    try:
        return _checkout_open(donation=donation, success_url=success_url, cancel_url=cancel_url)
    except CheckoutUnavailable:
        donation.delete()
        raise


class FormAlreadySent(ValidationError):
    """The donate form with this token led to a gift that is no longer pending."""


def _pending_for_token(form_token):
    if not form_token:
        return None
    donation = Donation.objects.filter(form_token=form_token).first()
    if donation is None:
        return None
    if donation.status != Donation.Status.PENDING or donation.provider != "stripe":
        raise FormAlreadySent("This form was sent already.", code="sent")
    return donation


def _checkout_open(*, donation, success_url, cancel_url):
    params = _checkout_params(donation=donation, success_url=success_url, cancel_url=cancel_url)
    try:
        session = stripe_checkout_session(params=params, idempotency_key=f"donation-{donation.pk}")
        url, session_id = session["url"], session["id"]
    except (stripe.StripeError, KeyError, TypeError) as error:
        logger.warning("No Stripe Checkout session for donation %s: %r", donation.pk, error)
        raise CheckoutUnavailable from error
    Donation.objects.filter(pk=donation.pk).update(provider_reference=session_id)
    donation.provider_reference = session_id
    return Checkout(donation=donation, url=url)


INTERVALS = {Donation.Frequency.MONTHLY: "month", Donation.Frequency.YEARLY: "year"}
# What the donor reads on Stripe's payment page, in the language of the donate page.
GIFT_NAMES = {
    Donation.Frequency.ONCE: gettext_lazy("Gift to %(site)s"),
    Donation.Frequency.MONTHLY: gettext_lazy("Monthly gift to %(site)s"),
    Donation.Frequency.YEARLY: gettext_lazy("Yearly gift to %(site)s"),
}


def _checkout_params(*, donation, success_url, cancel_url):
    reference = {"donation": str(donation.pk)}
    name = GIFT_NAMES[donation.frequency] % {"site": settings.SITE_NAME}
    if donation.fee:
        name = _("%(gift)s (with %(fee)s for the card fee)") % {
            "gift": name,
            "fee": format_money(donation.fee, donation.currency),
        }
    price = {
        "currency": donation.currency.lower(),
        "unit_amount": to_cents(donation.amount),
        "product_data": {"name": name},
    }
    params = {
        "mode": "subscription" if donation.recurring else "payment",
        "line_items": [{"price_data": price, "quantity": 1}],
        "success_url": success_url,
        "cancel_url": cancel_url,
        "client_reference_id": str(donation.pk),
        "metadata": reference,
    }
    if donation.recurring:
        price["recurring"] = {"interval": INTERVALS[donation.frequency]}
        # Each month's (or year's) invoice names the gift it belongs to through its subscription.
        params["subscription_data"] = {"metadata": reference}
    else:
        params["submit_type"] = "donate"
        params["payment_intent_data"] = {"metadata": reference}
    return params


def stripe_client():
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        # stripe.api_base is the library's own default address for its API.
        base_addresses={"api": stripe.api_base},
        http_client=stripe.RequestsClient(timeout=STRIPE_TIMEOUT_SECONDS),
        max_network_retries=1,
    )


def stripe_checkout_session(*, params, idempotency_key):
    """Create a Checkout session."""
    return stripe_client().v1.checkout.sessions.create(
        params=params, options={"idempotency_key": idempotency_key}
    )


def stripe_id(value):
    """An id Stripe sent either as a string or as the expanded object."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) and len(value) <= 255 else ""
