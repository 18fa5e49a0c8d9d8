from django import template

from donations.money import currency_sign as sign_of
from donations.money import format_money

register = template.Library()


@register.filter
def money(amount, currency):
    """{{ amount|money:currency }} → "5,000 $" in the active locale's separators."""
    if amount is None or amount == "":
        return ""
    return format_money(amount, currency)


@register.filter
def currency_sign(currency):
    """{{ "USD"|currency_sign }} → "$"."""
    return sign_of(currency)
