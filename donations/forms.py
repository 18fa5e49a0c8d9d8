import re
import secrets
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from newsroom.text import normalise, normalise_line

from .models import MAX_ONLINE_AMOUNT, Frequency
from .money import amount_example, format_money, parse_amount
from .sources import UTM_FIELDS, clean_path, clean_utm

# Digits, optionally grouped in thousands with commas, and at most two decimals:
# "25", "12.50", "1,000". Anything else ("12,50", "1e3", "25$") is sent back to be rewritten.


TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")

# What the button says for each frequency, before and once an amount is chosen.
BUTTON_LABELS = {
    Frequency.ONCE: (_("Give once"), _("Give %(amount)s once")),
    Frequency.MONTHLY: (_("Give monthly"), _("Give %(amount)s monthly")),
    Frequency.YEARLY: (_("Give yearly"), _("Give %(amount)s yearly")),
}


def new_form_token():
    return secrets.token_urlsafe(24)


class DonateForm(forms.Form):
    """One gift at one frequency: the page shows the amounts suggested for the frequency
    chosen above the form (a link each, so no script is needed), and the form carries it."""

    preset = forms.ChoiceField(label=_("Amount"), required=False, widget=forms.RadioSelect)
    custom_amount = forms.CharField(
        label=_("Or another amount"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    frequency = forms.ChoiceField(widget=forms.HiddenInput)
    currency = forms.ChoiceField(widget=forms.HiddenInput)
    cover_fee = forms.BooleanField(required=False)
    donor_name = forms.CharField(label=_("Your name"), max_length=80, required=False)
    name_public = forms.BooleanField(
        label=_("Show my name among the supporters on this page"),
        required=False,
        help_text=_("Leave unticked to give anonymously."),
    )
    message = forms.CharField(
        label=_("A message to the newsroom"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown with your name if you choose to be named."),
    )
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    # Where the donor came from (donations.sources); never a reason to refuse a gift.
    source = forms.CharField(required=False, widget=forms.HiddenInput)
    utm_source = forms.CharField(required=False, widget=forms.HiddenInput)
    utm_medium = forms.CharField(required=False, widget=forms.HiddenInput)
    utm_campaign = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, box, frequency, currency, **kwargs):
        kwargs.setdefault("auto_id", "donate-%s")
        super().__init__(*args, **kwargs)
        self.currency_code = currency
        self.frequency_code = frequency
        self.minimum = box.minimum_amount
        self.fields["preset"].choices = [
            (str(amount), format_money(amount, currency)) for amount in box.amounts(frequency)
        ]
        self.fields["custom_amount"].help_text = _("In %(currency)s, from %(min)s to %(max)s.") % {
            "currency": currency,
            "min": format_money(self.minimum, currency),
            "max": format_money(MAX_ONLINE_AMOUNT, currency),
        }
        self.fields["frequency"].choices = [(f.value, f.label) for f in box.frequencies()]
        self.fields["frequency"].initial = frequency
        self.fields["currency"].choices = [(currency, currency)]
        self.fields["currency"].initial = currency
        self.fields["token"].initial = new_form_token()
        if box.covers_fees:
            self.fields["cover_fee"].label = _(
                "Add %(rate)s%% + %(fixed)s to cover the card fee, so that all of my gift "
                "reaches the newsroom"
            ) % {
                "rate": number_format(box.fee_rate.normalize(), use_l10n=True),
                "fixed": format_money(box.fee_fixed, currency),
            }
        else:
            del self.fields["cover_fee"]
        plain, with_amount = BUTTON_LABELS[frequency]
        self.button_label = plain
        self.button_template = with_amount % {"amount": "{amount}"}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> has the token
        self.helper.layout = Layout(
            Fieldset(
                _("Your gift"),
                Div("preset", css_class="donate-form__amounts"),
                "custom_amount",
                *(["cover_fee"] if box.covers_fees else []),
                "frequency",
                "currency",
                "token",
                "source",
                *UTM_FIELDS,
            ),
            Fieldset(_("Optional"), "donor_name", "name_public", "message"),
        )

    def clean_source(self):
        return clean_path(self.cleaned_data["source"])

    def clean_utm_source(self):
        return clean_utm(self.cleaned_data["utm_source"])

    def clean_utm_medium(self):
        return clean_utm(self.cleaned_data["utm_medium"])

    def clean_utm_campaign(self):
        return clean_utm(self.cleaned_data["utm_campaign"])

    def clean_donor_name(self):
        return normalise_line(self.cleaned_data["donor_name"])

    def clean_message(self):
        return normalise(self.cleaned_data["message"])

    def clean_custom_amount(self):
        raw = "".join(self.cleaned_data["custom_amount"].split())
        if not raw:
            return None
        if raw.startswith("-"):
            raise forms.ValidationError(_("A gift must be more than zero."), code="negative")
        amount = parse_amount(raw)
        if amount is None:
            raise forms.ValidationError(
                _("Write the amount in digits, such as 25 or %(example)s.")
                % {"example": amount_example()},
                code="format",
            )
        return amount

    def clean(self):
        cleaned = super().clean()
        if "currency" in self.errors:
            # The field is hidden: say it where the reader can see it.
            del self.errors["currency"]
            self.add_error(
                None,
                _("Gifts here are in %(currency)s; please reload the page.")
                % {"currency": self.currency_code},
            )
        if "frequency" in self.errors:
            del self.errors["frequency"]
            self.add_error(None, _("That frequency is not offered; please choose another."))
        if "token" in self.errors or not TOKEN_PATTERN.fullmatch(cleaned.get("token") or "x" * 16):
            self.errors.pop("token", None)
            self.add_error(None, _("This form is out of date; please reload the page."))
        if cleaned.get("name_public") and not cleaned.get("donor_name", "").strip():
            self.add_error("donor_name", _("Write the name you would like us to show."))
        if "custom_amount" in self.errors or "preset" in self.errors:
            return cleaned
        custom, preset = cleaned.get("custom_amount"), cleaned.get("preset")
        if custom is not None:
            field, amount = "custom_amount", custom
        elif preset:
            field, amount = "preset", Decimal(preset)
        else:
            self.add_error("custom_amount", _("Choose an amount or write your own."))
            return cleaned
        if amount < self.minimum:
            self.add_error(
                field,
                _("The smallest gift we can take online is %(amount)s.")
                % {"amount": format_money(self.minimum, self.currency_code)},
            )
        elif amount > MAX_ONLINE_AMOUNT:
            self.add_error(
                field,
                _("Online gifts go up to %(amount)s; for a larger gift, please write to us.")
                % {"amount": format_money(MAX_ONLINE_AMOUNT, self.currency_code)},
            )
        else:
            cleaned["amount"] = amount
        return cleaned
