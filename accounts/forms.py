from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm


class SignInForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.disable_csrf = True  # the template has its own {% csrf_token %}
        self.helper.form_tag = False
        self.helper.add_input(Submit("sign-in", "Sign in", css_class="button"))


class SignUpForm(UserCreationForm):
    """A reader account: a public name to comment under, an email we keep private."""

    email = forms.EmailField(
        label="Email",
        help_text="Never shown publicly. Used for replies you subscribe to.",
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]
        labels = {"username": "Name shown with your comments"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.disable_csrf = True  # the template has its own {% csrf_token %}
        self.helper.form_tag = False
        self.helper.add_input(Submit("sign-up", "Create account", css_class="button"))

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email already exists.")
        return email
