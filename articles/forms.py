from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .selectors import MAX_SEARCH_LENGTH


class SearchForm(forms.Form):
    """The article search, as a page form ("page") or the compact one in the header."""

    q = forms.CharField(
        label=_("Search articles"),
        required=False,
        max_length=MAX_SEARCH_LENGTH,
        widget=forms.SearchInput(attrs={"placeholder": _("Search articles")}),
    )

    def __init__(self, *args, placement="page", **kwargs):
        kwargs.setdefault("auto_id", f"{placement}-search-%s")
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_method = "get"
        self.helper.form_action = reverse_lazy("articles:search")
        self.helper.attrs = {"role": "search"}
        self.helper.disable_csrf = True  # a GET search changes nothing
        if placement == "header":
            self.helper.form_class = "site-search"
            self.helper.label_class = "visually-hidden"
            self.fields["q"].widget.attrs["placeholder"] = _("Search")
            button_class = "button button--small"
        else:
            self.helper.form_class = "search-form"
            button_class = "button"
        # A <button> without a name: the address stays ?q=..., and the page's two search forms
        # have no name or id to share.
        self.helper.layout.append(
            StrictButton(pgettext_lazy("button", "Search"), type="submit", css_class=button_class)
        )
