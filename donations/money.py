"""Currencies we take gifts in, and how an amount is written: "5,000 $", "12.50 €".

Written as the reader's language writes money, from the CLDR's locale data (Babel): German
"5.000 $", Arabic "5,000 US$" after a right-to-left mark (U+200F). English keeps the
reference site's way, the sign after the number ("5,000 $", not CLDR's "$5,000"). Whole
amounts have no decimals, others two; the sign is joined to the number by a no-break space
so that the two never part at a line end.

Which CLDR locale writes a language's numbers is settings.NUMBER_LOCALES: Arabic is CLDR's
"ar" (Western digits, as across the Maghreb and most Arabic news sites); a newsroom writing
for Egypt or the Gulf may choose "ar_EG" or "ar_SA", whose digits are Arabic-Indic (٥٬٠٠٠).
"""

import re
from decimal import ROUND_DOWN, ROUND_UP, Decimal

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_decimal, get_currency_symbol
from django.conf import settings
from django.db import models
from django.utils import translation


class Currency(models.TextChoices):
    # Two-decimal currencies only: Stripe counts them in cents, and so do we.
    USD = "USD", "US dollar ($)"
    EUR = "EUR", "Euro (€)"
    GBP = "GBP", "Pound sterling (£)"


# What a gift is in when no campaign says otherwise.
DEFAULT_CURRENCY = Currency.USD

CENT = Decimal("0.01")
LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate, and its end

# Babel gives a locale's separators for its numbering system, but Western digits always:
# the digits of the systems our languages' locales use.
DIGITS = {
    "arab": str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"),
    "arabext": str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"),
}

# Where we write money otherwise than the CLDR does for a language: English as on the
# reference site, the number first.
PATTERNS = {"en": "#,##0.00\u00a0¤"}


def number_locale(language=None):
    """The Babel locale that writes numbers and money for `language` (the active one)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    name = settings.NUMBER_LOCALES.get(language, language)
    try:
        return Locale.parse(name.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse(settings.LANGUAGE_CODE)


# Digits a reader may type in Arabic script (Arabic-Indic and Persian forms) and their own
# separators: read as the digits they are.
_WESTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)


def parse_amount(text, language=None):
    """An amount of money as a reader typed it, or None when it is not one: written as their
    language writes numbers ("1.250,50" in German, "1,250.50" in English, Arabic-Indic digits
    where the locale uses them), or as plain digits with a point for the cents ("12.50"),
    which every reader may use. At most two decimals; spaces are ignored."""
    raw = "".join(text.split()).translate(_WESTERN_DIGITS)
    locale = number_locale(language)
    symbols = locale.number_symbols.get(locale.default_numbering_system) or {}
    group, decimal = symbols.get("group", ","), symbols.get("decimal", ".")
    readings = [(group, decimal), ("", ".")]
    if locale.default_numbering_system != "latn":
        latin = locale.number_symbols.get("latn") or {}
        readings.insert(1, (latin.get("group", ","), latin.get("decimal", ".")))
    for group, decimal in readings:
        whole = (
            r"[0-9]+"
            if not group
            else rf"(?:[0-9]+|[0-9]{{1,3}}(?:{re.escape(group)}[0-9]{{3}})+)"
        )
        match = re.fullmatch(rf"({whole})(?:{re.escape(decimal)}([0-9]{{1,2}}))?", raw)
        if match:
            digits = match.group(1).replace(group, "") if group else match.group(1)
            return Decimal(f"{digits}.{match.group(2) or '0'}")
    return None


def amount_example(language=None):
    """12.50 as the reader's language writes it ("12,50" in German): for the form's hint."""
    return format_decimal(Decimal("12.50"), format="0.00", locale=number_locale(language))


def currency_sign(currency):
    """The currency's sign in the active language: "$" in English and German, "US$" in
    Arabic."""
    return get_currency_symbol(currency, locale=number_locale())


def format_money(amount, currency):
    """An amount for people: whole amounts without decimals, others with two."""
    amount = Decimal(amount)
    locale = number_locale()
    pattern = PATTERNS.get(locale.language) or locale.currency_formats["standard"].pattern
    if amount == amount.to_integral_value():
        pattern = pattern.replace("0.00", "0")
    written = format_currency(
        amount,
        currency,
        format=pattern,
        locale=locale,
        currency_digits=False,
        numbering_system="default",
    )
    digits = DIGITS.get(locale.default_numbering_system)
    if digits:
        written = written.translate(digits)
    if locale.character_order == "right-to-left":
        # A Latin sign ("US$") in right-to-left text: isolated, so that it reads "US$" beside
        # the number rather than "$US" (the dollar sign would take the text's direction).
        symbol = get_currency_symbol(currency, locale=locale)
        written = written.replace(symbol, f"{LRI}{symbol}{PDI}")
    return written


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
