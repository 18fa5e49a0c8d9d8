"""Workflows that write donations. Each is atomic, and each forgets the cached goal numbers.

Money from Stripe arrives in two steps. `checkout_session_create` records a pending donation
and asks Stripe for a Checkout page (the only call this app makes to Stripe); Stripe then
tells the webhook what happened, and `stripe_event_handle` confirms, adds or refunds
donations. Every Stripe event is handled once: its id is stored in the same transaction.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal

import stripe
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from newsroom.text import normalise, normalise_line

from . import selectors
from .models import MAX_ONLINE_AMOUNT, Campaign, Donation, ProcessedEvent, SupportBox
from .money import Currency, fee_to_cover, format_money, from_cents, to_cents

logger = logging.getLogger(__name__)

# Stripe should answer in seconds; a reader should not wait the library's default 80.
STRIPE_TIMEOUT_SECONDS = 15


class CheckoutUnavailable(Exception):
    """Stripe could not be reached or refused the request; the reader may try again."""


def card_payments_enabled():
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)


# --- Recording gifts ------------------------------------------------------------------------


def campaign_for(*, when, currency):
    """The campaign a gift made at `when` (a datetime) in `currency` counts towards: the
    active campaign whose period contains its local date, if it counts in that currency."""
    day = timezone.localdate(when)
    return Campaign.objects.containing(day).filter(currency=currency).first()


@transaction.atomic
def donation_record(
    *,
    amount,
    currency,
    provider,
    campaign=None,
    status=Donation.Status.CONFIRMED,
    provider_reference="",
    donor_name="",
    name_public=False,
    email="",
    message="",
    frequency=Donation.Frequency.ONCE,
    fee=Decimal(0),
    form_token="",
    first_payment=None,
    stripe_payment_intent="",
    created=None,
):
    """Record a gift (a fundraiser's offline gift, or one that Stripe reported).

    Without a `campaign`, the gift counts towards the campaign whose period contains its
    date (`campaign_for`), if there is one in its currency."""
    created = created or timezone.now()
    if currency not in Currency.values:
        raise ValidationError(f"We do not take gifts in {currency}.", code="currency")
    if campaign is not None and currency != campaign.currency:
        raise ValidationError(
            f"“{campaign.title}” counts gifts in {campaign.currency}, not {currency}.",
            code="currency",
        )
    if campaign is None:
        campaign = campaign_for(when=created, currency=currency)
    donation = Donation(
        campaign=campaign,
        amount=amount,
        currency=currency,
        provider=provider,
        provider_reference=provider_reference,
        status=status,
        donor_name=normalise_line(donor_name),
        name_public=name_public and bool(normalise_line(donor_name)),
        email=email.strip().lower(),
        message=normalise(message),
        frequency=frequency,
        fee=fee,
        form_token=form_token,
        first_payment=first_payment,
        stripe_payment_intent=stripe_payment_intent or "",
        created=created,
    )
    donation.full_clean(exclude=["first_payment"])
    donation.save()
    selectors.goal_progress_forget()
    return donation


@transaction.atomic
def support_box_update(**fields):
    """Change the support box's fields; pages show the change at once."""
    box, _ = SupportBox.objects.select_for_update().get_or_create(pk=1)
    for name, value in fields.items():
        setattr(box, name, value)
    box.full_clean()
    box.save()
    selectors.support_box_forget()
    return box


# --- Stripe Checkout ------------------------------------------------------------------------


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
GIFT_NAMES = {
    Donation.Frequency.ONCE: "Gift",
    Donation.Frequency.MONTHLY: "Monthly gift",
    Donation.Frequency.YEARLY: "Yearly gift",
}


def _checkout_params(*, donation, success_url, cancel_url):
    reference = {"donation": str(donation.pk)}
    name = f"{GIFT_NAMES[donation.frequency]} to {settings.SITE_NAME}"
    if donation.fee:
        name += f" (with {format_money(donation.fee, donation.currency)} for the card fee)"
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


def stripe_checkout_session(*, params, idempotency_key):
    """The one request this app sends to Stripe: create a Checkout session."""
    client = stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        # stripe.api_base is the library's own default address for its API.
        base_addresses={"api": stripe.api_base},
        http_client=stripe.RequestsClient(timeout=STRIPE_TIMEOUT_SECONDS),
        max_network_retries=1,
    )
    return client.v1.checkout.sessions.create(
        params=params, options={"idempotency_key": idempotency_key}
    )


# --- Stripe webhook events ------------------------------------------------------------------


@transaction.atomic
def stripe_event_handle(*, event):
    """Apply one verified Stripe event (a dict) and return what was done, in a few words.

    Event types we do not handle are ignored and not stored. Any other event is stored by
    its id in the same transaction as its effects: a repeated delivery finds it and changes
    nothing, and a failure leaves no trace, so that Stripe's retry starts afresh.
    """
    event_type = event.get("type")
    handler = EVENT_HANDLERS.get(event_type)
    if handler is None:
        return "ignored"
    try:
        with transaction.atomic():
            record = ProcessedEvent.objects.create(event_id=event["id"], event_type=event_type)
    except IntegrityError:
        return "already processed"
    outcome = handler(event["data"]["object"])
    record.outcome = outcome
    record.save(update_fields=["outcome"])
    return outcome


def _ours(obj):
    """The pending or earlier donation a Stripe object belongs to, from its metadata."""
    reference = (obj.get("metadata") or {}).get("donation", "")
    if not (str(reference).isascii() and str(reference).isdigit()):
        return None
    return (
        Donation.objects.select_for_update()
        .filter(pk=int(reference), provider=Donation.Provider.STRIPE)
        .first()
    )


def _checkout_completed(session):
    donation = (
        Donation.objects.select_for_update()
        .filter(provider=Donation.Provider.STRIPE, provider_reference=session["id"])
        .first()
    ) or _ours(session)
    if donation is None:
        return "not a donation checkout"
    if session.get("payment_status") not in {"paid", "no_payment_required"}:
        return "not paid yet"
    if donation.status != Donation.Status.PENDING:
        return "already confirmed"
    amount = from_cents(session.get("amount_total") or 0)
    currency = str(session.get("currency") or "").upper()
    if amount <= 0 or currency != donation.currency:
        logger.warning("Checkout %s: unexpected amount or currency", session["id"])
        return "unexpected amount or currency"
    donation.amount = amount
    donation.status = Donation.Status.CONFIRMED
    donation.provider_reference = session["id"]
    details = session.get("customer_details") or {}
    donation.email = donation.email or (details.get("email") or "").lower()
    if session.get("mode") == "payment":
        donation.stripe_payment_intent = session.get("payment_intent") or ""
    donation.full_clean(exclude=["first_payment"])
    donation.save()
    selectors.goal_progress_forget()
    return f"donation {donation.pk} confirmed"


def _checkout_expired(session):
    deleted, _ = Donation.objects.filter(
        provider=Donation.Provider.STRIPE,
        provider_reference=session["id"],
        status=Donation.Status.PENDING,
    ).delete()
    return "pending donation removed" if deleted else "nothing pending"


def _invoice_subscription_details(invoice):
    """The subscription's id and metadata, where the API version puts them."""
    details = ((invoice.get("parent") or {}).get("subscription_details")) or {}
    subscription = details.get("subscription") or invoice.get("subscription") or ""
    metadata = details.get("metadata") or (invoice.get("subscription_details") or {}).get(
        "metadata"
    )
    return subscription, metadata or {}


def _invoice_payment_intent(invoice):
    for payment in (invoice.get("payments") or {}).get("data") or []:
        intent = (payment.get("payment") or {}).get("payment_intent")
        if intent:
            return intent
    return invoice.get("payment_intent") or ""


def _invoice_paid(invoice):
    _, metadata = _invoice_subscription_details(invoice)
    first = _ours({"metadata": metadata})
    if first is None or not first.recurring:
        return "not a recurring gift"
    intent = _invoice_payment_intent(invoice)
    if invoice.get("billing_reason") == "subscription_create":
        # The first payment is the Checkout session's, confirmed by checkout.session.completed.
        if intent and not first.stripe_payment_intent:
            Donation.objects.filter(pk=first.pk).update(stripe_payment_intent=intent)
        return f"first payment of donation {first.pk}"
    if Donation.objects.filter(
        provider=Donation.Provider.STRIPE, provider_reference=invoice["id"]
    ).exists():
        return "invoice already recorded"
    amount = from_cents(invoice.get("amount_paid") or 0)
    currency = str(invoice.get("currency") or "").upper()
    if amount <= 0:
        return "nothing paid"
    if currency not in Currency.values:
        logger.warning("Invoice %s: unexpected currency", invoice["id"])
        return "unexpected currency"
    renewal = donation_record(
        amount=amount,
        currency=currency,
        provider=Donation.Provider.STRIPE,
        provider_reference=invoice["id"],
        donor_name=first.donor_name,
        name_public=first.name_public,
        email=first.email or invoice.get("customer_email") or "",
        frequency=first.frequency,
        first_payment=first,
        stripe_payment_intent=intent,
    )
    return f"donation {renewal.pk} recorded"


def _charge_refunded(charge):
    intent = charge.get("payment_intent")
    if not intent:
        return "no payment to match"
    if not charge.get("refunded"):
        # A partial refund leaves the gift standing; fundraisers adjust it by hand.
        return "partial refund left alone"
    refunded = Donation.objects.filter(
        provider=Donation.Provider.STRIPE,
        stripe_payment_intent=intent,
        status=Donation.Status.CONFIRMED,
    ).update(status=Donation.Status.REFUNDED)
    if refunded:
        selectors.goal_progress_forget()
    return f"{refunded} donation(s) refunded"


EVENT_HANDLERS = {
    "checkout.session.completed": _checkout_completed,
    "checkout.session.expired": _checkout_expired,
    "invoice.paid": _invoice_paid,
    "charge.refunded": _charge_refunded,
}
