"""Workflows that write donations. Each is atomic, and each forgets the cached goal numbers.

Money from Stripe arrives in two steps. `checkout_session_create` records a pending donation
and asks Stripe for a Checkout page; Stripe then tells the webhook what happened, and
`stripe_events.stripe_event_handle` confirms, adds or refunds donations, each event once.
Donors change or stop their recurring gifts through Stripe's subscription API
(`recurring_gift_change`, `recurring_gift_cancel`).

Recording gifts, receipts, statements and the support box are in gifts.py, Stripe Checkout
and the client for Stripe's API in checkout.py, recurring gifts in recurring.py; all are
imported here, so that callers say `services.donation_record`.
"""

from .checkout import (
    GIFT_NAMES,
    INTERVALS,
    STRIPE_TIMEOUT_SECONDS,
    Checkout,
    CheckoutUnavailable,
    FormAlreadySent,
    card_payments_enabled,
    checkout_session_create,
    stripe_checkout_session,
    stripe_client,
    stripe_id,
)
from .gifts import (
    campaign_for,
    donation_receipt_queue,
    donation_record,
    giving_statements_queue,
    support_box_update,
)
from .recurring import (
    StripeUnavailable,
    recurring_gift_cancel,
    recurring_gift_change,
    recurring_gift_mark_cancelled,
)

__all__ = [
    "GIFT_NAMES",
    "INTERVALS",
    "STRIPE_TIMEOUT_SECONDS",
    "Checkout",
    "CheckoutUnavailable",
    "FormAlreadySent",
    "StripeUnavailable",
    "campaign_for",
    "card_payments_enabled",
    "checkout_session_create",
    "donation_receipt_queue",
    "donation_record",
    "giving_statements_queue",
    "recurring_gift_cancel",
    "recurring_gift_change",
    "recurring_gift_mark_cancelled",
    "stripe_checkout_session",
    "stripe_client",
    "stripe_id",
    "support_box_update",
]
