"""How amounts are written: the active locale's separators, the currency's sign after."""

from decimal import Decimal

import pytest
from django.utils import translation

from donations.money import currency_sign, format_money, from_cents, parse_amount, to_cents

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


RLM = "\u200f"  # Arabic's right-to-left mark, which the CLDR puts before an amount
# A Latin sign is isolated in right-to-left text (else "US$" would show as "$US").
USD_AR = "\u2066US$\u2069"


@pytest.mark.parametrize(
    ("language", "amount", "currency", "shown"),
    [
        # The goal bar's ticks and marker: unchanged in English.
        ("en", "0", "USD", "0 $"),
        ("en", "2500", "USD", "2,500 $"),
        ("en", "5000", "USD", "5,000 $"),
        ("en", "822", "USD", "822 $"),
        # German as its locale data writes money: dots group, the comma separates cents.
        ("de", "0", "USD", "0 $"),
        ("de", "2500", "USD", "2.500 $"),
        ("de", "5000", "USD", "5.000 $"),
        ("de", "1234.5", "EUR", "1.234,50 €"),
        ("de", "75", "GBP", "75 £"),
        # Arabic (CLDR's "ar"): Western digits, the dollar named apart from other dollars.
        ("ar", "5000", "USD", f"{RLM}5,000 {USD_AR}"),
        ("ar", "12.5", "EUR", f"{RLM}12.50 \u2066€\u2069"),
        ("ar", "75", "GBP", f"{RLM}75 \u2066UK£\u2069"),
    ],
)
def test_amounts_in_each_language(language, amount, currency, shown):
    with translation.override(language):
        assert format_money(Decimal(amount), currency) == shown.replace(" ", NBSP)


def test_arabic_indic_digits_where_the_chosen_locale_uses_them(settings):
    settings.NUMBER_LOCALES = {**settings.NUMBER_LOCALES, "ar": "ar_EG"}

    with translation.override("ar"):
        assert format_money(Decimal("5000"), "USD") == f"{RLM}٥٬٠٠٠{NBSP}{USD_AR}"
        assert format_money(Decimal("12.5"), "USD") == f"{RLM}١٢٫٥٠{NBSP}{USD_AR}"


@pytest.mark.parametrize(("language", "sign"), [("en", "$"), ("de", "$"), ("ar", "US$")])
def test_the_currency_sign_of_each_language(language, sign):
    with translation.override(language):
        assert currency_sign("USD") == sign


@pytest.mark.parametrize(("amount", "cents"), [("1", 100), ("12.50", 1250), ("0.07", 7)])
def test_cents_both_ways(amount, cents):
    assert to_cents(Decimal(amount)) == cents
    assert from_cents(cents) == Decimal(amount)


@pytest.mark.parametrize(
    ("language", "typed", "amount"),
    [
        ("en", "12.50", "12.50"),
        ("en", "1,250.5", "1250.50"),
        ("en", "12,50", None),  # a comma groups thousands in English
        ("en", "12.345", None),  # cents, two digits at most
        ("de", "12,50", "12.50"),
        ("de", "1.250,50", "1250.50"),
        ("de", "1.000", "1000.00"),
        ("de", "12.50", "12.50"),  # plain digits with a point: understood in every language
        ("de", "1,000", None),  # three decimals: not an amount of money
        ("de", "12 , 50", "12.50"),  # spaces ignored
        ("ar", "12.50", "12.50"),
        ("ar", "١٢٫٥٠", None),  # Arabic separators where the locale writes Western digits
        ("ar_EG", "١٢٫٥٠", "12.50"),  # Arabic-Indic digits with the Arabic decimal sign
        ("ar_EG", "٢٥", "25.00"),
        ("ar_EG", "12.50", "12.50"),
        ("en", "1e3", None),
        ("en", "-5", None),
        ("en", "", None),
    ],
)
def test_an_amount_is_read_as_the_readers_language_writes_it(language, typed, amount, settings):
    settings.NUMBER_LOCALES = {**settings.NUMBER_LOCALES, "ar_EG": "ar_EG"}
    expected = None if amount is None else Decimal(amount)
    assert parse_amount(typed, language) == expected
