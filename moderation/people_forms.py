"""The forms of the commenter's page: a note, a sanction, lifting one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from comments.models import Ban, Sanction

from .services import SUSPENSIONS

# What a moderator may do, by whose page it is.
MEASURES = {
    "warn": _("Warn (the reader confirms it before commenting again)"),
    "suspend-1h": _("Suspend for 1 hour"),
    "suspend-3h": _("Suspend for 3 hours"),
    "suspend-24h": _("Suspend for 24 hours"),
    "suspend-7d": _("Suspend for 7 days"),
    "premoderate": _("Always pre-moderate"),
    "ban-account": _("Ban the account"),
    "ban-email": _("Ban the email address"),
    "ban-domain": _("Ban the email domain"),
    "ban-ip": _("Ban the IP address"),
}
SANCTIONS = ["warn", "suspend-1h", "suspend-3h", "suspend-24h", "suspend-7d", "premoderate"]
MEASURES_FOR = {
    "account": [*SANCTIONS, "ban-account"],
    "email": [*SANCTIONS, "ban-email", "ban-domain"],
    "ip": ["ban-ip"],
}
BAN_KINDS = {
    "ban-account": Ban.Kind.ACCOUNT,
    "ban-email": Ban.Kind.EMAIL,
    "ban-domain": Ban.Kind.DOMAIN,
    "ban-ip": Ban.Kind.IP,
}


class NoteForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="note")

    text = forms.CharField(
        label=_("Note for the moderators"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only moderators read it."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "note_%s")  # ids apart from the other forms' on the page
        super().__init__(*args, **kwargs)


class MeasureForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="measure")
    measure = forms.ChoiceField(label=_("Measure"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reader is told it by email when they have an address."),
    )

    def __init__(self, *args, kind, **kwargs):
        kwargs.setdefault("auto_id", "measure_%s")
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [(m, MEASURES[m]) for m in MEASURES_FOR[kind]]

    def sanction(self):
        """(Sanction kind, duration) of the measure chosen, or None for a ban."""
        measure = self.cleaned_data["measure"]
        if measure == "warn":
            return Sanction.Kind.WARNING, None
        if measure == "premoderate":
            return Sanction.Kind.PREMODERATION, None
        if measure.startswith("suspend-"):
            return Sanction.Kind.SUSPENSION, SUSPENSIONS[measure.removeprefix("suspend-")]
        return None

    def ban_kind(self):
        return BAN_KINDS.get(self.cleaned_data["measure"])


class LiftForm(forms.Form):
    """Lift one sanction or remove one ban of this person (ids checked by the view)."""

    action = forms.ChoiceField(
        choices=[("lift-sanction", "lift-sanction"), ("lift-ban", "lift-ban")]
    )
    target = forms.IntegerField(min_value=1, max_value=2**63 - 1)
