"""How amounts are written: the active locale's separators, the currency's sign after."""

from decimal import Decimal

import pytest
from django.utils import translation

from donations.money import format_money, from_cents, to_cents

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        ("0", "USD", "0 $"),
        ("822", "USD", "822 $"),
        ("822.00", "USD", "822 $"),
        ("2500", "USD", "2,500 $"),
        ("5000.00", "USD", "5,000 $"),
        ("100000", "USD", "100,000 $"),
        ("12.5", "USD", "12.50 $"),
        ("1234.56", "EUR", "1,234.56 €"),
        ("75", "GBP", "75 £"),
    ],
)
def test_amounts_in_english(amount, currency, shown):
    with translation.override("en"):
        assert format_money(Decimal(amount), currency) == shown.replace(" ", NBSP)


def test_separators_follow_the_active_locale():
    with translation.override("de"):
        assert format_money(Decimal("5000"), "USD") == f"5.000{NBSP}$"
        assert format_money(Decimal("1234.5"), "EUR") == f"1.234,50{NBSP}€"
    with translation.override("fr"):
        assert format_money(Decimal("2500"), "EUR") == f"2{NBSP}500{NBSP}€"


@pytest.mark.parametrize(("amount", "cents"), [("1", 100), ("12.50", 1250), ("0.07", 7)])
def test_cents_both_ways(amount, cents):
    assert to_cents(Decimal(amount)) == cents
    assert from_cents(cents) == Decimal(amount)
