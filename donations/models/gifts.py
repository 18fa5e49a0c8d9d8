"""The gifts themselves (one row per payment, a recurring gift's renewals pointing at its
first payment) and the payment provider's webhook events, each handled once."""

from decimal import Decimal

from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outbox.models import OutgoingEmail

from ..money import CENT, DEFAULT_CURRENCY, Currency, format_money
from .campaigns import Campaign

# The largest gift the donate form accepts; fundraisers may record larger ones by hand.
MAX_ONLINE_AMOUNT = Decimal("100000")


class Frequency(models.TextChoices):
    ONCE = "once", _("One-off")
    MONTHLY = "monthly", _("Monthly")
    YEARLY = "yearly", _("Yearly")


class Donation(models.Model):
    Frequency = Frequency

    class Provider(models.TextChoices):
        STRIPE = "stripe", _("Card (Stripe)")
        BANK = "bank", _("Bank transfer")
        CASH = "cash", _("Cash")
        PAYPAL = "paypal", "PayPal"
        PATREON = "patreon", "Patreon"
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        CONFIRMED = "confirmed", _("Confirmed")
        REFUNDED = "refunded", _("Refunded")

    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donations",
        help_text="Leave empty and the gift counts towards the campaign whose period "
        "contains its date; pick another to count it there instead.",
    )
    amount = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(CENT)]
    )
    currency = models.CharField(max_length=3, choices=Currency, default=DEFAULT_CURRENCY)
    provider = models.CharField(max_length=10, choices=Provider, default=Provider.BANK)
    provider_reference = models.CharField(
        max_length=255,
        blank=True,
        help_text="The payment's id at the provider: a Stripe Checkout session or invoice, a "
        "bank transfer reference, a PayPal transaction. Unique for each provider.",
    )
    # The Stripe PaymentIntent that took the money, so that a refund finds its donation.
    stripe_payment_intent = models.CharField(max_length=255, blank=True, db_index=True)
    status = models.CharField(
        max_length=10, choices=Status, default=Status.CONFIRMED, db_index=True
    )
    donor_name = models.CharField(max_length=80, blank=True)
    name_public = models.BooleanField(
        "show the name publicly",
        default=False,
        help_text="The donor asked to be named among the supporters.",
    )
    email = models.EmailField(blank=True, help_text="Private: never shown on the site.")
    message = models.TextField(blank=True, max_length=500)
    frequency = models.CharField(
        max_length=7, choices=Frequency, default=Frequency.ONCE, db_index=True
    )
    fee = models.DecimalField(
        "card fee covered",
        max_digits=10,
        decimal_places=2,
        default=Decimal(0),
        help_text="The part of the amount the donor added to cover the card fee.",
    )
    # The donate form's one-time token: a second press of its button finds this pending gift
    # rather than recording another.
    form_token = models.CharField(max_length=64, blank=True, editable=False)
    # A monthly or yearly gift's later payments point at its first one; donors are counted once.
    first_payment = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewals",
        editable=False,
    )
    # A monthly or yearly gift's Stripe subscription, and whether it still renews.
    stripe_subscription = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_customer = models.CharField(max_length=255, blank=True)
    renewal_amount = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text="What each renewal charges since the donor changed the amount.",
    )
    cancelled_at = models.DateTimeField(
        null=True, blank=True, help_text="When a recurring gift was stopped."
    )
    # Where the gift came from (donations.sources): the page of this site the donor clicked
    # Donate on, what it was then, and the UTM parameters of the link that brought them.
    source_path = models.CharField(max_length=300, blank=True, db_index=True)
    source_title = models.CharField(max_length=200, blank=True)
    source_section = models.CharField(max_length=100, blank=True)
    utm_source = models.CharField("UTM source", max_length=100, blank=True)
    utm_medium = models.CharField("UTM medium", max_length=100, blank=True)
    utm_campaign = models.CharField("UTM campaign", max_length=100, blank=True)
    # The language of the donate page the gift was made on: its receipt and the other emails
    # about it are written in it (empty: the site's default language).
    language = models.CharField(max_length=10, blank=True, editable=False)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    # The emails about this gift (its receipt) go with it.
    emails = GenericRelation(
        OutgoingEmail, content_type_field="about_type", object_id_field="about_id"
    )

    class Meta:
        ordering = ["-created", "-pk"]
        permissions = [("view_donor_email", "Can see donors' email addresses")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="donation_amount_positive"),
            models.UniqueConstraint(
                fields=["provider", "provider_reference"],
                condition=~Q(provider_reference=""),
                name="unique_provider_reference",
            ),
            models.UniqueConstraint(
                fields=["form_token"], condition=~Q(form_token=""), name="unique_form_token"
            ),
            models.CheckConstraint(
                condition=Q(fee__gte=0) & Q(fee__lt=models.F("amount")),
                name="donation_fee_below_amount",
            ),
        ]
        indexes = [models.Index(fields=["campaign", "status"], name="donation_campaign_idx")]

    def __str__(self):
        return f"{format_money(self.amount, self.currency)} from {self.public_name}"

    @property
    def recurring(self):
        return self.frequency != Frequency.ONCE

    @property
    def receipt_number(self):
        """Unique and never changing: the year the gift was made and its number."""
        return f"{timezone.localtime(self.created):%Y}-{self.pk:06d}"

    @property
    def current_amount(self):
        """What a recurring gift charges now."""
        return self.renewal_amount or self.amount

    @property
    def renewing(self):
        """A recurring gift that Stripe still renews."""
        return self.recurring and bool(self.stripe_subscription) and self.cancelled_at is None

    @property
    def public_name(self):
        """The name a page may show: the donor's own only if they asked for it."""
        if self.name_public and self.donor_name:
            return self.donor_name
        return _("Anonymous")


class ProcessedEvent(models.Model):
    """A payment provider's webhook event that was handled: each one is handled once."""

    event_id = models.CharField(max_length=255, unique=True)
    event_type = models.CharField(max_length=100)
    outcome = models.CharField(max_length=200, blank=True)
    processed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-processed_at"]

    def __str__(self):
        return f"{self.event_type} {self.event_id}"
