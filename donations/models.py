from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outbox.models import OutgoingEmail

from .money import CENT, DEFAULT_CURRENCY, Currency, format_money

# The largest gift the donate form accepts; fundraisers may record larger ones by hand.
MAX_ONLINE_AMOUNT = Decimal("100000")


class CampaignQuerySet(models.QuerySet):
    def containing(self, day):
        """Active campaigns whose period includes `day`, the most recently started first:
        the first one is the campaign a gift made that day counts towards."""
        return self.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day),
            active=True,
            start_date__lte=day,
        ).order_by("-start_date", "-pk")

    def current(self, today=None):
        """Active campaigns whose dates include today, the most recently started first."""
        return self.containing(today or timezone.localdate())

    def past(self, today=None):
        """Campaigns that have ended, the most recently ended first."""
        today = today or timezone.localdate()
        return self.filter(end_date__lt=today).order_by("-end_date", "-pk")


class Campaign(models.Model):
    """A fundraising drive with a goal and a period, edited by fundraisers in the admin."""

    title = models.CharField(max_length=120)
    goal = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(CENT)]
    )
    stretch_goal = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Optional: once the goal is reached, the bar measures towards this "
        "larger amount.",
    )
    currency = models.CharField(max_length=3, choices=Currency, default=DEFAULT_CURRENCY)
    start_date = models.DateField(default=timezone.localdate)
    end_date = models.DateField(
        null=True, blank=True, help_text="Leave empty for a campaign that runs until stopped."
    )
    active = models.BooleanField(
        default=True,
        help_text="The goal bar shows the active campaign whose dates include today.",
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(goal__gt=0), name="campaign_goal_positive"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="campaign_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(stretch_goal__isnull=True) | Q(stretch_goal__gt=models.F("goal")),
                name="campaign_stretch_goal_above_goal",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({format_money(self.goal, self.currency)})"

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "A campaign cannot end before it starts."})
        if self.stretch_goal is not None and self.goal and self.stretch_goal <= self.goal:
            raise ValidationError(
                {"stretch_goal": _("A stretch goal must be larger than the goal.")}
            )
        if self.active and self.start_date:
            overlapping = Campaign.objects.filter(active=True).exclude(pk=self.pk)
            overlapping = overlapping.filter(
                Q(end_date__isnull=True) | Q(end_date__gte=self.start_date)
            )
            if self.end_date:
                overlapping = overlapping.filter(start_date__lte=self.end_date)
            clash = overlapping.first()
            if clash is not None:
                raise ValidationError(
                    f"Another active campaign, “{clash.title}”, runs at the same time. "
                    "Change its dates or make one of them inactive."
                )


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


class SupportBox(models.Model):
    """The box after an article's headline and body, and the donate page's settings: one row."""

    heading = models.CharField(
        max_length=120, blank=True, help_text="Leave empty for “Support <site name>”."
    )
    appeal = models.TextField(
        max_length=800,
        default="We are an independent newsroom paid for by our readers. If our reporting "
        "matters to you, please support it.",
    )
    paypal_address = models.EmailField("PayPal address", blank=True)
    patreon_url = models.URLField("Patreon page", blank=True)
    other_ways = models.TextField(
        blank=True, max_length=800, help_text="Other ways to give, such as bank details."
    )
    suggested_amounts = models.CharField(
        "one-off amounts",
        max_length=100,
        default="10 25 50 100",
        help_text="Whole amounts offered for a one-off gift, separated by spaces.",
    )
    monthly_amounts = models.CharField(
        max_length=100,
        blank=True,
        default="5 10 15 25",
        help_text="Whole amounts offered for a monthly gift; empty: no monthly gifts.",
    )
    yearly_amounts = models.CharField(
        max_length=100,
        blank=True,
        default="50 100 250",
        help_text="Whole amounts offered for a yearly gift; empty: no yearly gifts.",
    )
    default_frequency = models.CharField(
        max_length=7,
        choices=Frequency,
        default=Frequency.ONCE,
        help_text="The frequency the donate page opens with.",
    )
    minimum_amount = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(CENT), MaxValueValidator(MAX_ONLINE_AMOUNT)],
        help_text="The smallest gift the donate form takes.",
    )
    fee_rate = models.DecimalField(
        "card fee rate (%)",
        max_digits=4,
        decimal_places=2,
        default=Decimal("2.9"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(20))],
        help_text="The payment provider's share of each payment, in percent. A donor may "
        "choose to cover the fee; 0 and a fixed part of 0 turn the offer off.",
    )
    fee_fixed = models.DecimalField(
        "card fee fixed part",
        max_digits=6,
        decimal_places=2,
        default=Decimal("0.30"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text="The fixed part of the fee of each payment, in the campaign's currency.",
    )

    thank_donors_days = models.PositiveSmallIntegerField(
        "thank donors for (days)",
        default=30,
        validators=[MaxValueValidator(3660)],
        help_text="For this many days after giving, a donor sees a line of thanks in place of "
        "the support boxes (known by their browser, or by their account). 0 turns it off.",
    )

    class Meta:
        verbose_name = verbose_name_plural = "support box"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="one_support_box")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @property
    def title(self):
        return self.heading or _("Support %(site)s") % {"site": settings.SITE_NAME}

    AMOUNT_FIELDS = {
        Frequency.ONCE: "suggested_amounts",
        Frequency.MONTHLY: "monthly_amounts",
        Frequency.YEARLY: "yearly_amounts",
    }

    def amounts(self, frequency=Frequency.ONCE):
        """The amounts suggested for a frequency as Decimals, smallest first; entries below
        the minimum or above the largest online gift are left out."""
        found = set()
        text = getattr(self, self.AMOUNT_FIELDS[frequency])
        for word in text.replace(",", " ").split():
            if word.isascii() and word.isdigit() and 0 < int(word) <= MAX_ONLINE_AMOUNT:
                if Decimal(word) >= (self.minimum_amount or CENT):
                    found.add(Decimal(word))
        return sorted(found)

    def frequencies(self):
        """The frequencies offered: those with suggested amounts, in the usual order."""
        return [f for f in Frequency if self.amounts(f)]

    @property
    def covers_fees(self):
        return bool(self.fee_rate or self.fee_fixed)

    def clean(self):
        if not self.amounts():
            raise ValidationError(
                {"suggested_amounts": "Give at least one whole amount, such as “10 25 50”."}
            )
        if self.default_frequency and not self.amounts(self.default_frequency):
            raise ValidationError(
                {"default_frequency": _("Suggest amounts for this frequency, or choose another.")}
            )


class Organisation(models.Model):
    """Who issues the receipts: the newsroom's legal name, address and tax id. One row."""

    legal_name = models.CharField(max_length=200, blank=True)
    address = models.TextField(max_length=500, blank=True)
    tax_id = models.CharField("tax id", max_length=60, blank=True)
    receipt_note = models.TextField(
        max_length=800,
        blank=True,
        help_text="Printed on every receipt, such as whether gifts are tax-deductible.",
    )

    class Meta:
        verbose_name = verbose_name_plural = "organisation (for receipts)"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="one_organisation")]

    def __str__(self):
        return self.legal_name or settings.SITE_NAME

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @property
    def name(self):
        return self.legal_name or settings.SITE_NAME
