"""Workflows that write donations. Each is atomic, and each forgets the cached goal numbers.

Money from Stripe arrives in two steps. `checkout_session_create` records a pending donation
and asks Stripe for a Checkout page; Stripe then tells the webhook what happened, and
`stripe_events.stripe_event_handle` confirms, adds or refunds donations, each event once.
Donors change or stop their recurring gifts through Stripe's subscription API
(`recurring_gift_change`, `recurring_gift_cancel`).
"""

import logging
from dataclasses import dataclass
from decimal import Decimal

import stripe
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsroom.text import normalise, normalise_line
from outbox.services import email_queue, email_queue_many

from . import emails, selectors, sources
from .models import MAX_ONLINE_AMOUNT, Campaign, Donation, SupportBox
from .money import Currency, fee_to_cover, format_money, to_cents

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
    source_path="",
    utm=None,
    first_payment=None,
    stripe_payment_intent="",
    created=None,
    language="",
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
        **_source_fields(source_path, utm or {}),
        first_payment=first_payment,
        stripe_payment_intent=stripe_payment_intent or "",
        created=created,
        language=language if language in dict(settings.LANGUAGES) else "",
    )
    donation.full_clean(exclude=["first_payment"])
    donation.save()
    selectors.goal_progress_forget()
    donation_receipt_queue(donation=donation)
    return donation


def _source_fields(path, utm):
    path = sources.clean_path(path)
    found = sources.describe(path) if path else None
    return {
        "source_path": path,
        "source_title": normalise_line(found.title)[:200] if found else "",
        "source_section": normalise_line(found.section)[:100] if found else "",
        **{field: sources.clean_utm(utm.get(field)) for field in sources.UTM_FIELDS},
    }


# --- Receipts and statements ----------------------------------------------------------------


def donation_receipt_queue(*, donation):
    """Email a confirmed gift's receipt, once (the outbox key is the gift's)."""
    if donation.status != Donation.Status.CONFIRMED or not donation.email:
        return None
    email, _ = email_queue(
        key=f"donation-receipt:{donation.pk}",
        kind=emails.RECEIPT,
        to=donation.email,
        about=donation,
    )
    return email


def giving_statements_queue(*, year, donations=None):
    """Email each donor a statement of their confirmed gifts in `year` (of `donations`, a
    queryset, if given: only those donors). A donor gets one statement a year however often
    this runs. Returns how many were queued."""
    rows = Donation.objects.all() if donations is None else donations
    addresses = (
        rows.filter(status=Donation.Status.CONFIRMED, created__year=year)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
        .order_by("email")
    )
    queued = email_queue_many(
        emails=[
            {
                "key": f"giving-statement:{year}:{address}",
                "kind": emails.STATEMENT,
                "to": address,
                "data": {"year": year},
            }
            for address in addresses
        ]
    )
    return len(queued)


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


# --- Donors manage their recurring gifts ----------------------------------------------------


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
