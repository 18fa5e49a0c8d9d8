"""Currencies we take gifts in, and how an amount is written: "5,000 $", "12.50 €".

The number follows the active locale's separators (thousands grouped always); the currency's
sign comes after it, as on the reference site, joined by a no-break space so that the two
never end up on different lines.
"""

from decimal import ROUND_DOWN, ROUND_UP, Decimal

from django.db import models
from django.utils.formats import number_format


class Currency(models.TextChoices):
    # Two-decimal currencies only: Stripe counts them in cents, and so do we.
    USD = "USD", "US dollar ($)"
    EUR = "EUR", "Euro (€)"
    GBP = "GBP", "Pound sterling (£)"


# What a gift is in when no campaign says otherwise.
DEFAULT_CURRENCY = Currency.USD

SIGNS = {Currency.USD: "$", Currency.EUR: "€", Currency.GBP: "£"}

CENT = Decimal("0.01")


def currency_sign(currency):
    return SIGNS.get(currency, currency)


def format_money(amount, currency):
    """An amount for people: whole amounts without decimals, others with two."""
    amount = Decimal(amount)
    places = 0 if amount == amount.to_integral_value() else 2
    number = number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)
    return f"{number}\u00a0{currency_sign(currency)}"


def to_cents(amount):
    """Decimal("12.50") → 1250, what Stripe calls `unit_amount`."""
    return int((Decimal(amount) * 100).to_integral_value())


def from_cents(cents):
    """1250 → Decimal("12.50")."""
    return (Decimal(int(cents)) / 100).quantize(CENT, rounding=ROUND_DOWN)


def fee_to_cover(amount, *, rate, fixed):
    """What a donor adds to `amount` so that the newsroom receives all of it after the
    provider takes `rate` percent of the payment and `fixed`: the smallest whole cent
    `fee` with (amount + fee) × (1 − rate/100) − fixed ≥ amount."""
    amount, rate, fixed = Decimal(amount), Decimal(rate), Decimal(fixed)
    if rate <= 0 and fixed <= 0:
        return Decimal(0).quantize(CENT)
    total = (amount + fixed) / (1 - rate / 100)
    return (total - amount).quantize(CENT, rounding=ROUND_UP)
