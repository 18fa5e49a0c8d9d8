"""Stripe's webhook events, each applied once (the webhook view verifies them first).

Each event is stored by its id in the same transaction as its effects: a repeated delivery
finds it and changes nothing, and a failure leaves no trace, so that Stripe's retry starts
afresh. Events about payments or subscriptions that are not our gifts are logged, answered,
and change nothing.
"""

import logging

from django.db import IntegrityError, transaction

from . import selectors
from .models import Donation, ProcessedEvent
from .money import Currency, from_cents
from .services import (
    donation_receipt_queue,
    donation_record,
    recurring_gift_mark_cancelled,
    stripe_id,
)

logger = logging.getLogger(__name__)


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
    if session.get("mode") == "subscription":
        donation.stripe_subscription = stripe_id(session.get("subscription"))
    donation.stripe_customer = stripe_id(session.get("customer"))
    donation.full_clean(exclude=["first_payment"])
    donation.save()
    selectors.goal_progress_forget()
    donation_receipt_queue(donation=donation)
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
        source_path=first.source_path,
        utm={f: getattr(first, f) for f in ("utm_source", "utm_medium", "utm_campaign")},
        first_payment=first,
        stripe_payment_intent=intent,
        language=first.language,
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


def _subscription_deleted(subscription):
    donation = recurring_gift_mark_cancelled(subscription=stripe_id(subscription.get("id")))
    if donation is None:
        logger.info("Subscription %s is not one of our gifts", subscription.get("id"))
        return "unknown subscription"
    return f"donation {donation.pk} stopped"


def _subscription_updated(subscription):
    sub_id = stripe_id(subscription.get("id"))
    donation = (
        Donation.objects.select_for_update()
        .filter(stripe_subscription=sub_id, first_payment__isnull=True)
        .first()
        if sub_id
        else None
    )
    if donation is None:
        logger.info("Subscription %s is not one of our gifts", subscription.get("id"))
        return "unknown subscription"
    if subscription.get("status") in {"canceled", "incomplete_expired"}:
        recurring_gift_mark_cancelled(subscription=sub_id)
        return f"donation {donation.pk} stopped"
    items = (subscription.get("items") or {}).get("data") or []
    if len(items) != 1:
        return "not one item"
    price = items[0].get("price") or {}
    cents, quantity = price.get("unit_amount"), items[0].get("quantity") or 1
    currency = str(price.get("currency") or "").upper()
    if not isinstance(cents, int) or cents <= 0 or currency != donation.currency:
        logger.warning("Subscription %s: unexpected price", sub_id)
        return "unexpected price"
    amount = from_cents(cents * int(quantity))
    donation.renewal_amount = None if amount == donation.amount else amount
    donation.save(update_fields=["renewal_amount"])
    return f"donation {donation.pk} renews at {amount}"


EVENT_HANDLERS = {
    "customer.subscription.updated": _subscription_updated,
    "customer.subscription.deleted": _subscription_deleted,
    "checkout.session.completed": _checkout_completed,
    "checkout.session.expired": _checkout_expired,
    "invoice.paid": _invoice_paid,
    "charge.refunded": _charge_refunded,
}
