"""The desk's forms for notices of illegal content: the decision with its statement of
reasons, and the period of the transparency export."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from comments.models import IllegalContentNotice

from .notices import DEFAULT_REDRESS

Notice = IllegalContentNotice


class NoticeDecisionForm(forms.Form):
    """Article 17(3) of the Digital Services Act, one field a point of it."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[c for c in Notice.Decision.choices if c[0]],
        widget=forms.RadioSelect,
    )
    facts = forms.CharField(
        label=_("Facts and circumstances relied on"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the comment says and in what context; sent to both parties."),
    )
    ground = forms.ChoiceField(
        label=_("Ground of the decision"),
        choices=Notice.Ground.choices,
        initial=Notice.Ground.LAW,
        widget=forms.RadioSelect,
    )
    ground_explanation = forms.CharField(
        label=_("The legal or contractual ground, and why the comment is or is not covered"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    automated = forms.BooleanField(
        label=_("Automated means were used in detecting or deciding"), required=False
    )
    redress = forms.CharField(
        label=_("Redress available"),
        max_length=2000,
        initial=DEFAULT_REDRESS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExportForm(forms.Form):
    """The notices received from `start` to `end`, both days included (UTC)."""

    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    @classmethod
    def this_year(cls):
        today = date.today()
        return cls(initial={"start": date(today.year, 1, 1), "end": today})

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start"), cleaned_data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end comes before the start."))
        return cleaned_data
