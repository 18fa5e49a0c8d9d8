import time

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout, Submit
from django import forms
from django.core import signing

from .models import Report
from .text import normalise

STARTED_SALT = "comments.form-started"
STARTED_MAX_AGE = 60 * 60 * 24 * 2  # a form left open for two days must be reloaded


def sign_started(article_id):
    """A tamper-proof note of when the form was shown, to tell people from bots."""
    return signing.dumps({"a": article_id, "t": round(time.time(), 1)}, salt=STARTED_SALT)


class BodyLengthMixin:
    def clean_body(self):
        # Measured as it will be stored: control and invisible characters do not count.
        body = normalise(self.cleaned_data["body"])
        rules = self.rules
        if len(body) < rules.min_length:
            raise forms.ValidationError("Please write your comment.", code="too_short")
        if len(body) > rules.max_length:
            raise forms.ValidationError(
                "Comments can be up to %(max)s characters; yours has %(length)s.",
                code="too_long",
                params={"max": f"{rules.max_length:,}", "length": f"{len(body):,}"},
            )
        return body


class CommentForm(BodyLengthMixin, forms.Form):
    name = forms.CharField(label="Name", max_length=80)
    email = forms.EmailField(label="Email", max_length=254, help_text="Never shown publicly.")
    body = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 5}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    # Left empty by people (it is hidden from them); bots that fill every field give
    # themselves away.
    homepage = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, article, user, rules, parent=None, **kwargs):
        self.article = article
        self.rules = rules
        self.seconds_taken = None
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("started", sign_started(article.pk))
        if parent is not None:
            initial.setdefault("parent", parent.pk)
        prefix_id = f"reply-{parent.pk}" if parent is not None else "comment"
        kwargs.setdefault("auto_id", f"{prefix_id}-%s")
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["maxlength"] = rules.max_length
        if user is not None and user.is_authenticated:
            del self.fields["name"]
            del self.fields["email"]
        self.helper = FormHelper()
        self.helper.disable_csrf = True  # the template has its own {% csrf_token %}
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *[
                name
                for name in ("name", "email", "body", "parent", "started")
                if name in self.fields
            ],
            # The trap is out of sight and out of the accessibility tree.
            Div("homepage", css_class="visually-hidden", aria_hidden="true"),
        )
        self.helper.add_input(Submit("post", "Post Comment", css_class="button"))

    def clean_started(self):
        try:
            data = signing.loads(
                self.cleaned_data["started"], salt=STARTED_SALT, max_age=STARTED_MAX_AGE
            )
        except signing.SignatureExpired:
            raise forms.ValidationError(
                "This form was open too long. Please post your comment again.", code="expired"
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError(
                "This form could not be checked. Please post your comment again.", code="bad_form"
            ) from None
        if not isinstance(data, dict) or data.get("a") != self.article.pk:
            raise forms.ValidationError("This form belongs to another article.", code="bad_form")
        self.seconds_taken = max(0.0, time.time() - float(data.get("t", 0)))
        return self.cleaned_data["started"]

    def clean(self):
        cleaned_data = super().clean()
        # Hidden fields show no message of their own: say above the form what went wrong.
        if self.errors.pop("parent", None):
            self.add_error(None, "You can only reply to a published comment on this article.")
        for message in self.errors.pop("started", []):
            self.add_error(None, message)
        return cleaned_data


class CommentEditForm(BodyLengthMixin, forms.Form):
    body = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, rules, **kwargs):
        self.rules = rules
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.disable_csrf = True  # the template has its own {% csrf_token %}
        self.helper.form_tag = False
        self.helper.add_input(Submit("save", "Save changes", css_class="button"))


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with this comment?",
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.disable_csrf = True  # the template has its own {% csrf_token %}
        self.helper.form_tag = False
        self.helper.add_input(Submit("report", "Send report", css_class="button"))
