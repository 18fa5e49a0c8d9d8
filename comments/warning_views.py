"""A warned reader reads the moderators' warning and confirms it ("I understand") before
commenting again: signed in, on their own page; a guest, through the link emailed to the
address the warning was for."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import notifications, services
from .models import Sanction


def _waiting(whose):
    return Sanction.objects.filter(
        whose,
        kind=Sanction.Kind.WARNING,
        acknowledged_at__isnull=True,
        lifted_at__isnull=True,
    ).order_by("created_at", "pk")


def _page(request, warnings, *, action):
    if request.method == "POST":
        count = services.warning_acknowledge(sanctions=warnings)
        if count:
            messages.success(request, _("Thank you. You can comment again."))
        return HttpResponseRedirect(action)
    return render(
        request,
        "comments/warning.html",
        {"warnings": list(warnings), "action": action},
    )


@require_http_methods(["GET", "POST"])
@never_cache
def warning(request):
    """The signed-in reader's warnings waiting to be acknowledged (their account's and their
    address's)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user = request.user
    whose = Q(user=user)
    if user.email:
        whose |= Q(email=user.email.strip().lower())
    return _page(request, _waiting(whose), action=reverse("comments:warning"))


@require_http_methods(["GET", "POST"])
@never_cache
def warning_by_link(request, token):
    """A guest's warning, from the link in its email: confirming it confirms every warning
    waiting for that address (the link proves the reader reads its mail)."""
    try:
        sanction = notifications.warning_of(token)
    except notifications.BadLink as error:
        return render(request, "comments/warning.html", {"bad_link": error.message}, status=404)
    action = reverse("comments:warning-link", kwargs={"token": token})
    return _page(request, _waiting(Q(email=sanction.email)), action=action)
