"""Staff reach the admin only with a second factor: a code from an authenticator app or a
passkey (allauth.mfa). A staff member without one is sent to enrol first.

The one exception is for a developer's machine: with DEBUG on, members of the group
DEMO_GROUP (the demo accounts `manage.py ensure_local_accounts` makes) go straight in. With
DEBUG off, as in production, nobody skips it.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

DEMO_GROUP = "Local demo accounts (no second factor)"


def has_second_factor(user):
    """A code generator or a passkey; recovery codes alone are a fallback, not a factor."""
    return (
        Authenticator.objects.filter(user=user)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .exists()
    )


def may_skip_second_factor(user):
    return settings.DEBUG and user.groups.filter(name=DEMO_GROUP).exists()


class StaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The path first: other pages never read the session here (a page for everyone
        # must not vary by cookie).
        if not request.path.startswith(reverse("admin:index")):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff
            and not has_second_factor(user)
            and not may_skip_second_factor(user)
        ):
            messages.info(
                request,
                _(
                    "Staff need a second factor before the admin: set up an authenticator "
                    "app or a passkey below."
                ),
            )
            return HttpResponseRedirect(reverse("mfa_index"))
        return self.get_response(request)
