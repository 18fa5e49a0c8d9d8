from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from comments.avatars import picture_from_upload


class DeleteAccountForm(forms.Form):
    """Closing one's own account: confirmed by the password, and a choice for the comments."""

    KEEP, ERASE = "keep", "erase"
    comments = forms.ChoiceField(
        label=_("Your comments"),
        choices=[
            (KEEP, _("Keep them, shown as by “Deleted account”")),
            (ERASE, _("Remove their text too")),
        ],
        initial=KEEP,
        widget=forms.RadioSelect,
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template has its own {% csrf_token %}
        self.helper.add_input(Submit("delete", _("Delete my account"), css_class="button"))

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password


class AvatarForm(forms.Form):
    """The picture beside an account's comments: checked and drawn again as a small square
    (comments.avatars) before anything is stored."""

    picture = forms.FileField(
        label=_("A picture of you"),
        help_text=_("A JPEG, PNG or WebP image, up to 10 MB; it is shown as a small square."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean_picture(self):
        self.drawn = picture_from_upload(self.cleaned_data["picture"])
        return self.cleaned_data["picture"]
