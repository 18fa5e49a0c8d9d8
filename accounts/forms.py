"""allauth's forms as this site asks them."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django.utils.translation import gettext_lazy as _


class SignupForm(AllauthSignupForm):
    """A reader account: an address we verify and keep private, a public name to comment under."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Name shown with your comments")
        self.fields["email"].help_text = _(
            "Never shown publicly. We send a link to it: the account works once you open it."
        )


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Email or name")
        self.fields["login"].widget.attrs["autocomplete"] = "username"
