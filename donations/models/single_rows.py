"""Settings fundraisers edit in the admin, each one row: the support box (with the donate
page's amounts and card fee) and the organisation that issues the receipts."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..money import CENT
from .gifts import MAX_ONLINE_AMOUNT, Frequency


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
