import math
import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from articles.markdown import render_markdown
from newsroom.ids import IdField
from newsroom.text import normalise, normalise_line

from .feedback import locate
from .models import Passage, RejectReason, Subscription
from .services import NoticeDetails

# More than a year on one page is no measurement; such a value gets no timing verdict.
MAX_SECONDS_ON_PAGE = 60 * 60 * 24 * 366


def seconds_on_page(raw):
    """The reader's time on the page before posting, as site.js measured it in their
    browser, or None when there is no such measurement (JavaScript off, or a value that is
    no number of seconds): then the moderation rules give no timing verdict."""
    if not isinstance(raw, str) or len(raw) > 20:
        return None
    try:
        seconds = float(raw)
    except ValueError:
        return None
    if not math.isfinite(seconds) or not 0 <= seconds <= MAX_SECONDS_ON_PAGE:
        return None
    return seconds


# Characters that could break out of an email header (CR, LF and the other control
# characters, Unicode line and paragraph separators). NUL is left to Django's own validator,
# which refuses it with its own message.
HEADER_BREAKERS = re.compile(r"[\x01-\x1f\x7f-\x9f\u2028\u2029]")


class HeaderSafeMixin:
    """Refuse a name or address with characters that could forge email headers, before the
    field strips the ends (a trailing line break is refused, not quietly removed)."""

    def to_python(self, value):
        if isinstance(value, str) and HEADER_BREAKERS.search(value):
            raise forms.ValidationError(
                _("This cannot contain line breaks or other control characters."),
                code="header_injection",
            )
        return super().to_python(value)


class HeaderSafeCharField(HeaderSafeMixin, forms.CharField):
    pass


class HeaderSafeEmailField(HeaderSafeMixin, forms.EmailField):
    pass


class BodyLengthMixin:
    def clean_body(self):
        # Measured as it will be stored: control and invisible characters do not count.
        body = normalise(self.cleaned_data["body"])
        rules = self.rules
        if len(body) < rules.min_length:
            raise forms.ValidationError(_("Please write your comment."), code="too_short")
        if len(body) > rules.max_length:
            raise forms.ValidationError(
                _("Comments can be up to %(max)s characters; yours has %(length)s."),
                code="too_long",
                params={"max": f"{rules.max_length:,}", "length": f"{len(body):,}"},
            )
        return body


# Under the comment box: what the Markdown subset offers (comments.markup).
FORMATTING_HELP = HTML('{% include "comments/formatting_help.html" %}')
# Shows the comment as it will look, nothing saved (comments.posting_views, "preview" in the post).
PREVIEW_BUTTON = Submit("preview", _("Preview"), css_class="button button--secondary")


def wants_preview(data):
    """Whether the form was sent with its Preview button."""
    return "preview" in data


# What crispy-forms draws; the same for every reader, so drawn once per process
# (form_page.html).
FIELD_ORDER = ("name", "email", "body", "notify_replies", "parent", "passage", "seconds_on_page")


class CommentForm(BodyLengthMixin, forms.Form):
    name = HeaderSafeCharField(label=_("Name"), max_length=80)
    email = HeaderSafeEmailField(
        label=_("Email"), max_length=254, help_text=_("Never shown publicly.")
    )
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 5}))
    notify_replies = forms.BooleanField(
        label=_("Notify me of replies to this comment"), required=False
    )
    parent = IdField(required=False)
    passage = IdField(required=False)
    # Filled in by site.js as the form is sent: how long the page had been open. A page
    # from the shared cache is the same for everyone, so the server cannot stamp it; and
    # without JavaScript it stays empty: no timing verdict (comments/moderation.py).
    # A plain Field: it has no validators, so nothing sent here can fail the form.
    seconds_on_page = forms.Field(required=False, widget=forms.HiddenInput)
    # Left empty by people (it is hidden from them); bots that fill every field give
    # themselves away.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, article, user, rules, parent=None, passage=None, **kwargs):
        self.article = article
        self.rules = rules
        self.seconds_taken = None
        initial = kwargs.setdefault("initial", {})
        if parent is not None:
            initial.setdefault("parent", parent.pk)
        if passage is not None:
            initial.setdefault("passage", passage.pk)
        if passage is not None:
            prefix_id = f"feedback-{passage.pk}"
        elif parent is not None:
            prefix_id = f"reply-{parent.pk}"
        else:
            prefix_id = "comment"
        kwargs.setdefault("auto_id", f"{prefix_id}-%s")
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["maxlength"] = rules.max_length
        if user is not None and user.is_authenticated:
            del self.fields["name"]
            del self.fields["email"]
        self.helper = FormHelper()
        self.helper.disable_csrf = True  # the template has its own {% csrf_token %}
        self.helper.form_tag = False
        fields = [name for name in FIELD_ORDER if name in self.fields]
        fields.insert(fields.index("body") + 1, FORMATTING_HELP)
        self.helper.layout = Layout(
            *fields,
            # The trap is out of sight and out of the accessibility tree.
            Div("homepage", css_class="visually-hidden", aria_hidden="true"),
        )
        self.helper.add_input(Submit("post", _("Post Comment"), css_class="button"))
        self.helper.add_input(PREVIEW_BUTTON)

    def clean_name(self):
        # Kept as it will be shown: one line, without bidi overrides or invisible characters.
        name = normalise_line(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Please write your name."), code="required")
        return name

    def clean_seconds_on_page(self):
        # A measurement from the reader's browser: a hint for the rules, never an error.
        self.seconds_taken = seconds_on_page(self.cleaned_data["seconds_on_page"])
        return self.cleaned_data["seconds_on_page"]

    def clean(self):
        cleaned_data = super().clean()
        # Hidden fields show no message of their own: say above the form what went wrong.
        if self.errors.pop("parent", None):
            self.add_error(None, _("You can only reply to a published comment on this article."))
        if self.errors.pop("passage", None):
            self.add_error(None, _("This passage is not open for feedback."))
        return cleaned_data


class CommentEditForm(BodyLengthMixin, forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, rules, **kwargs):
        self.rules = rules
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.disable_csrf = True  # the template has its own {% csrf_token %}
        self.helper.form_tag = False
        self.helper.layout = Layout("body", FORMATTING_HELP)
        self.helper.add_input(Submit("save", _("Save changes"), css_class="button"))
        self.helper.add_input(PREVIEW_BUTTON)


# What readers are asked, in their words; the values are the moderators' reasons.
REPORT_CHOICES = [
    (RejectReason.OFFENSIVE, _("Offensive: insulting or vulgar")),
    (RejectReason.ABUSIVE, _("Abusive: harassment, hate or threats")),
    (RejectReason.SPAM, _("Spam or advertising")),
    (RejectReason.OFF_TOPIC, _("Off topic")),
    (RejectReason.ILLEGAL, _("Illegal content (a notice under the EU Digital Services Act)")),
    (RejectReason.OTHER, _("Something else")),
]
NOTICE_FIELDS = ["law", "explanation", "notifier_name", "notifier_email", "good_faith"]


class ReportForm(forms.Form):
    """A report, or, for illegal content, a notice under the Digital Services Act (art. 16):
    the notice's fields are in the form for everyone (without JavaScript they are simply
    there; site.js shows them only when "Illegal content" is chosen) and are required only
    for that reason."""

    reason = forms.ChoiceField(
        label=_("What is wrong with this comment?"),
        choices=REPORT_CHOICES,
        widget=forms.RadioSelect,
    )
    law = HeaderSafeCharField(
        label=_("Which law or rule does it break?"),
        max_length=300,
        required=False,
        help_text=_("For example the country and the article of its criminal code."),
    )
    explanation = forms.CharField(
        label=_("Why is it illegal?"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Explain clearly, so that we can see it without further research."),
    )
    notifier_name = HeaderSafeCharField(label=_("Your name"), max_length=120, required=False)
    notifier_email = HeaderSafeEmailField(
        label=_("Your email"),
        max_length=254,
        required=False,
        help_text=_("We confirm receipt and tell you our decision. Never shown publicly."),
    )
    good_faith = forms.BooleanField(
        label=_(
            "I am convinced in good faith that the information and allegations in this "
            "notice are accurate and complete."
        ),
        required=False,
    )

    def __init__(self, *args, user=None, **kwargs):
        if user is not None and user.is_authenticated:
            kwargs.setdefault(
                "initial",
                {
                    "notifier_name": user.get_full_name() or user.get_username(),
                    "notifier_email": user.email,
                },
            )
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.disable_csrf = True  # the template has its own {% csrf_token %}
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "reason",
            Fieldset(
                _("Only for illegal content: your notice"),
                HTML(
                    '<p class="form-note">{}</p>'.format(
                        _(
                            "Fill these in only if you chose “Illegal content”. A moderator "
                            "decides on your notice and emails you the decision and its "
                            "reasons; the author is told the decision, not who you are."
                        )
                    )
                ),
                *NOTICE_FIELDS,
                css_class="notice-fields",
                data_notice_fields="illegal",
            ),
        )
        self.helper.add_input(Submit("report", _("Send report"), css_class="button"))

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("reason") != RejectReason.ILLEGAL:
            return cleaned_data
        for name in NOTICE_FIELDS:
            if not cleaned_data.get(name) and name not in self.errors:
                message = (
                    _("Please confirm that you send this notice in good faith.")
                    if name == "good_faith"
                    else _("A notice of illegal content needs this.")
                )
                self.add_error(name, message)
        return cleaned_data

    @property
    def notice(self):
        """The notice's details when the reason is illegal content, else None."""
        data = self.cleaned_data
        if data.get("reason") != RejectReason.ILLEGAL:
            return None
        return NoticeDetails(
            law=data["law"],
            explanation=data["explanation"],
            name=data["notifier_name"],
            email=data["notifier_email"],
        )


class SubscribeForm(forms.Form):
    """ "Notify of": new follow-up comments, or new replies to my comments, by email."""

    kind = forms.ChoiceField(
        label=_("Notify of"),
        choices=[
            (Subscription.Kind.FOLLOW_UPS.value, Subscription.Kind.FOLLOW_UPS.label),
            (Subscription.Kind.REPLIES.value, Subscription.Kind.REPLIES.label),
        ],
        initial=Subscription.Kind.FOLLOW_UPS.value,
        widget=forms.RadioSelect,
    )
    email = HeaderSafeEmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We send a link to confirm it first. Never shown publicly."),
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("auto_id", "notify-%s")
        super().__init__(*args, **kwargs)
        self.user = user if user is not None and user.is_authenticated else None
        if self.user is not None:
            del self.fields["email"]
        self.helper = FormHelper()
        self.helper.disable_csrf = True  # the template has its own {% csrf_token %}
        self.helper.form_tag = False
        self.helper.add_input(
            Submit("subscribe", _("Subscribe"), css_class="button button--small")
        )


class PassageForm(forms.ModelForm):
    """A passage marked for inline feedback, in the article's admin page. Its text must occur
    in the article's text as it will be saved (the body in the same form)."""

    class Meta:
        model = Passage
        fields = ["text", "question", "is_open"]

    def clean_text(self):
        return " ".join(self.cleaned_data["text"].split())

    def clean(self):
        cleaned_data = super().clean()
        text = cleaned_data.get("text")
        # In the article's inline formset, "article" is the article being saved, its body
        # as in this same form (the instance's own article is the stored one).
        article = cleaned_data.get("article") or getattr(self.instance, "article", None)
        if text and article is not None:
            position = locate(render_markdown(article.body), text)
            if position is None:
                self.add_error(
                    "text",
                    _(
                        "This passage does not occur in the article’s text. Copy the words "
                        "exactly as readers see them on the page."
                    ),
                )
            else:
                self.instance.position = position
        return cleaned_data
