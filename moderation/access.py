"""Who may use the moderators' desk: staff with the permission to moderate comments
(the Moderators group has it), signed in with their second factor like in the admin. Its
pages are never shared, so their forms carry Django's CSRF token, and their posts must too
(as in the admin), besides coming from this site (newsroom/csrf.py)."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from accounts.middleware import has_second_factor, may_skip_second_factor

PERMISSION = "comments.change_comment"


def is_moderator(user):
    return user.is_active and user.is_staff and user.has_perm(PERMISSION)


def moderator_required(view):
    """Signed out: to the sign-in page and back. Not a moderator: 403. Staff without a
    second factor: to enrol one first, as for the admin."""

    @wraps(view)
    @never_cache
    @csrf_protect
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if not is_moderator(user):
            raise PermissionDenied(_("The moderators' desk is for moderators."))
        if not has_second_factor(user) and not may_skip_second_factor(user):
            messages.info(
                request,
                _(
                    "Staff need a second factor before the moderators' desk: set up an "
                    "authenticator app or a passkey below."
                ),
            )
            return HttpResponseRedirect(reverse("mfa_index"))
        return view(request, *args, **kwargs)

    return wrapped
