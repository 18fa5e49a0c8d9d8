import re
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms

from newsroom.text import normalise, normalise_line

from .models import MAX_ONLINE_AMOUNT
from .money import format_money

# Stripe's smallest card payment is about half a dollar; we ask for at least one unit.
MIN_ONLINE_AMOUNT = Decimal("1")
# Digits, optionally grouped in thousands with commas, and at most two decimals:
# "25", "12.50", "1,000". Anything else ("12,50", "1e3", "25$") is sent back to be rewritten.
AMOUNT_PATTERN = re.compile(r"([0-9]+|[0-9]{1,3}(,[0-9]{3})+)(\.[0-9]{1,2})?")


class DonateForm(forms.Form):
    preset = forms.ChoiceField(label="Amount", required=False, widget=forms.RadioSelect)
    custom_amount = forms.CharField(
        label="Or another amount",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=[("once", "One-off"), ("monthly", "Monthly")],
        initial="once",
        widget=forms.RadioSelect,
    )
    currency = forms.ChoiceField(widget=forms.HiddenInput)
    donor_name = forms.CharField(label="Your name", max_length=80, required=False)
    name_public = forms.BooleanField(
        label="Show my name among the supporters on this page", required=False
    )
    message = forms.CharField(
        label="A message to the newsroom",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown with your name if you choose to be named.",
    )

    def __init__(self, *args, amounts, currency, **kwargs):
        kwargs.setdefault("auto_id", "donate-%s")
        super().__init__(*args, **kwargs)
        self.currency_code = currency
        self.fields["preset"].choices = [
            (str(amount), format_money(amount, currency)) for amount in amounts
        ]
        self.fields["custom_amount"].help_text = (
            f"In {currency}, from {format_money(MIN_ONLINE_AMOUNT, currency)} "
            f"to {format_money(MAX_ONLINE_AMOUNT, currency)}."
        )
        self.fields["currency"].choices = [(currency, currency)]
        self.fields["currency"].initial = currency
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> has the token
        self.helper.layout = Layout(
            Fieldset(
                "Your gift",
                Div("preset", css_class="donate-form__amounts"),
                "custom_amount",
                Div("frequency", css_class="donate-form__frequency"),
                "currency",
            ),
            Fieldset("Optional", "donor_name", "name_public", "message"),
        )
        self.helper.add_input(Submit("give", "Continue to secure payment", css_class="button"))

    def clean_donor_name(self):
        return normalise_line(self.cleaned_data["donor_name"])

    def clean_message(self):
        return normalise(self.cleaned_data["message"])

    def clean_custom_amount(self):
        raw = "".join(self.cleaned_data["custom_amount"].split())
        if not raw:
            return None
        if raw.startswith("-"):
            raise forms.ValidationError("A gift must be more than zero.", code="negative")
        if not AMOUNT_PATTERN.fullmatch(raw):
            raise forms.ValidationError(
                "Write the amount in digits, such as 25 or 12.50.", code="format"
            )
        return Decimal(raw.replace(",", ""))

    def clean(self):
        cleaned = super().clean()
        if "currency" in self.errors:
            # The field is hidden: say it where the reader can see it.
            del self.errors["currency"]
            self.add_error(
                None, f"Gifts here are in {self.currency_code}; please reload the page."
            )
        if cleaned.get("name_public") and not cleaned.get("donor_name", "").strip():
            self.add_error("donor_name", "Write the name you would like us to show.")
        if "custom_amount" in self.errors or "preset" in self.errors:
            return cleaned
        custom, preset = cleaned.get("custom_amount"), cleaned.get("preset")
        if custom is not None:
            field, amount = "custom_amount", custom
        elif preset:
            field, amount = "preset", Decimal(preset)
        else:
            self.add_error("custom_amount", "Choose an amount or write your own.")
            return cleaned
        if amount < MIN_ONLINE_AMOUNT:
            self.add_error(
                field,
                f"The smallest gift we can take online is "
                f"{format_money(MIN_ONLINE_AMOUNT, self.currency_code)}.",
            )
        elif amount > MAX_ONLINE_AMOUNT:
            self.add_error(
                field,
                f"Online gifts go up to {format_money(MAX_ONLINE_AMOUNT, self.currency_code)}; "
                "for a larger gift, please write to us.",
            )
        else:
            cleaned["amount"] = amount
        return cleaned

    @property
    def monthly(self):
        return self.cleaned_data.get("frequency") == "monthly"
