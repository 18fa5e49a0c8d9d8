"""Donors change or stop their monthly and yearly gifts through Stripe's subscription API."""

import logging

import stripe
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outbox.services import email_queue

from .. import emails, selectors
from ..models import MAX_ONLINE_AMOUNT, Donation
from ..money import format_money, to_cents
from .checkout import INTERVALS, stripe_client, stripe_id

logger = logging.getLogger(__name__)


class StripeUnavailable(Exception):
    """Stripe could not be reached or refused; nothing was changed."""


def _renewing(donation):
    if not donation.renewing:
        raise ValidationError(_("This gift does not renew."), code="not-renewing")


def recurring_gift_cancel(*, donation):
    """Stop a monthly or yearly gift at Stripe now, and say so by email."""
    _renewing(donation)
    try:
        stripe_client().v1.subscriptions.cancel(donation.stripe_subscription)
    except stripe.StripeError as error:
        logger.warning("Subscription of donation %s not cancelled: %r", donation.pk, error)
        raise StripeUnavailable from error
    return recurring_gift_mark_cancelled(subscription=donation.stripe_subscription)


@transaction.atomic
def recurring_gift_mark_cancelled(*, subscription):
    """Record that a subscription stopped (from the donor's page or Stripe's event) and email
    the donor once. Returns the gift, or None if the subscription is not one of ours."""
    donation = (
        Donation.objects.select_for_update()
        .filter(stripe_subscription=subscription, first_payment__isnull=True)
        .first()
    )
    if donation is None:
        return None
    if donation.cancelled_at is None:
        donation.cancelled_at = timezone.now()
        donation.save(update_fields=["cancelled_at"])
    if donation.email:
        email_queue(
            key=f"gift-cancelled:{donation.pk}",
            kind=emails.CANCELLED,
            to=donation.email,
            about=donation,
        )
    return donation


def recurring_gift_change(*, donation, amount):
    """Charge a new amount from the next renewal on (no proration: nothing extra now)."""
    _renewing(donation)
    minimum = selectors.support_box().minimum_amount
    if not minimum <= amount <= MAX_ONLINE_AMOUNT:
        raise ValidationError(
            _("Choose an amount from %(min)s to %(max)s.")
            % {
                "min": format_money(minimum, donation.currency),
                "max": format_money(MAX_ONLINE_AMOUNT, donation.currency),
            },
            code="amount",
        )
    client = stripe_client()
    try:
        subscription = client.v1.subscriptions.retrieve(donation.stripe_subscription)
        item = subscription["items"]["data"][0]
        client.v1.subscriptions.update(
            donation.stripe_subscription,
            params={
                "items": [
                    {
                        "id": item["id"],
                        "price_data": {
                            "currency": donation.currency.lower(),
                            "product": stripe_id(item["price"]["product"]),
                            "recurring": {"interval": INTERVALS[donation.frequency]},
                            "unit_amount": to_cents(amount),
                        },
                        "quantity": 1,
                    }
                ],
                "proration_behavior": "none",
            },
        )
    except (stripe.StripeError, KeyError, IndexError, TypeError) as error:
        logger.warning("Subscription of donation %s not changed: %r", donation.pk, error)
        raise StripeUnavailable from error
    Donation.objects.filter(pk=donation.pk).update(renewal_amount=amount)
    donation.renewal_amount = amount
    return donation
