"""Recording a gift, its receipt and the donors' yearly statements; the support box."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from newsroom.text import normalise, normalise_line
from outbox.services import email_queue, email_queue_many

from .. import emails, selectors, sources
from ..models import Campaign, Donation, SupportBox
from ..money import Currency

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
