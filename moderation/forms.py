"""The desk's forms: what narrows a queue or the log, and what a moderator decides."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Category
from comments.models import ModerationDecision, RejectReason

from .selectors import Filters

MAX_BULK = 10_000  # "all matching" at most this many at once


def _whole_number(text):
    """An id as we write them: ASCII digits ("²" is a digit to str.isdigit(), not to int())."""
    return text.isascii() and text.isdigit() and len(text) <= 12


class QueueFilterForm(forms.Form):
    section = forms.ModelChoiceField(
        queryset=Category.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All sections"),
        label=_("Section"),
    )
    article = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    q = forms.CharField(required=False, max_length=200, label=_("Search"))

    def filters(self):
        """The filters asked for; a value that does not parse narrows nothing."""
        self.is_valid()  # cleaned_data keeps the fields that are valid
        data = self.cleaned_data
        article = None
        if data.get("article"):
            article = Article.objects.filter(pk=data["article"]).only("pk", "headline").first()
        return Filters(
            section=data.get("section"), article=article, search=(data.get("q") or "").strip()
        )


class ActionForm(forms.Form):
    """One decision about one comment (or, in BulkForm, about many)."""

    ACTIONS = [
        ("approve", _("Approve")),
        ("reject", _("Reject")),
        ("spam", _("Spam")),
        ("feature", _("Feature")),
        ("unfeature", _("Stop featuring")),
        ("ban", _("Ban author")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    reason = forms.ChoiceField(
        choices=[("", _("Choose a reason…")), *RejectReason.choices],
        required=False,
        label=_("Reason"),
    )
    explanation = forms.CharField(
        required=False, max_length=1000, label=_("Explanation for the author (optional)")
    )
    ban_reason = forms.CharField(
        required=False, max_length=200, label=_("Why (for the other moderators)")
    )
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "reject" and not cleaned.get("reason"):
            self.add_error("reason", _("Choose the reason for rejecting: the author is told it."))
        return cleaned


class BulkForm(ActionForm):
    SCOPES = [
        ("selected", _("The selected comments")),
        ("page", _("All on this page")),
        ("all", _("All matching")),
    ]
    ACTIONS = [a for a in ActionForm.ACTIONS if a[0] != "unfeature"]
    action = forms.ChoiceField(choices=ACTIONS)
    scope = forms.ChoiceField(choices=SCOPES, initial="selected", widget=forms.RadioSelect)
    ids = forms.TypedMultipleChoiceField(coerce=int, required=False)
    page_ids = forms.CharField(required=False, widget=forms.HiddenInput)
    queue = forms.CharField(max_length=20)
    # The filters of the queue the moderator sees, for "all matching".
    section = forms.CharField(required=False, max_length=60)
    article = forms.IntegerField(required=False, min_value=1)
    q = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any whole number is a choice; the view keeps only comments that exist.
        self.fields["ids"].valid_value = lambda value: _whole_number(str(value))

    def clean_page_ids(self):
        raw = self.cleaned_data.get("page_ids") or ""
        ids = [part for part in raw.split(",") if part]
        if not all(_whole_number(part) for part in ids) or len(ids) > 200:
            raise forms.ValidationError(_("This list of comments is not one we made."))
        return [int(part) for part in ids]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == "selected" and not cleaned.get("ids"):
            self.add_error("ids", _("Tick at least one comment, or choose “All on this page”."))
        return cleaned


class LogFilterForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("", _("Any decision")), *ModerationDecision.Action.choices],
        required=False,
        label=_("Decision"),
    )
    reason = forms.ChoiceField(
        choices=[("", _("Any reason")), *RejectReason.choices], required=False, label=_("Reason")
    )
    moderator = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_staff=True).order_by("username"),
        required=False,
        empty_label=_("Any moderator"),
        label=_("Moderator"),
    )
    since = forms.DateField(
        required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label=_("Until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    comment = forms.IntegerField(required=False, min_value=1, label=_("Comment number"))

    def filters(self):
        self.is_valid()  # cleaned_data keeps the fields that are valid
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
