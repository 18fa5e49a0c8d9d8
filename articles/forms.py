from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse_lazy

from .selectors import MAX_SEARCH_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search articles",
        required=False,
        max_length=MAX_SEARCH_LENGTH,
        widget=forms.SearchInput(attrs={"placeholder": "Search articles", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = reverse_lazy("articles:search")
        self.helper.form_class = "search-form"
        self.helper.attrs = {"role": "search"}
        self.helper.add_input(Submit("", "Search", css_class="button"))
