"""The commenter's page on the desk: an account's, a guest address's or an IP address's
history, with the forms to add a note, sanction, ban and lift. Each form posts to the page
itself and redirects back (or to a `next` page of the site, such as the queue)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_ipv46_address
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.ipv6 import clean_ipv6_address
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from comments.models import Ban, Sanction

from . import services
from .access import moderator_required
from .history import commenter_history
from .people_forms import MEASURES, LiftForm, MeasureForm, NoteForm


@require_http_methods(["GET", "POST"])
@moderator_required
def person_account(request, pk):
    user = get_object_or_404(get_user_model(), pk=pk)
    return _person(request, commenter_history(user=user), subject={"user": user})


@require_http_methods(["GET", "POST"])
@moderator_required
def person_email(request):
    address = (request.GET.get("address") or "").strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise Http404("No such email address.") from None
    return _person(request, commenter_history(email=address), subject={"email": address})


@require_http_methods(["GET", "POST"])
@moderator_required
def person_ip(request, ip):
    try:
        validate_ipv46_address(ip)
    except ValidationError:
        raise Http404("No such IP address.") from None
    if ":" in ip:
        ip = clean_ipv6_address(ip)
    return _person(request, commenter_history(ip_address=ip), subject={"ip_address": ip})


def _next_url(request, history):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return history.url


def _person(request, history, *, subject):
    kind = history.kind
    note_form = NoteForm()
    measure_form = MeasureForm(kind=kind)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "note":
            note_form = NoteForm(request.POST)
            if note_form.is_valid():
                services.note_add(
                    moderator=request.user, text=note_form.cleaned_data["text"], **subject
                )
                messages.success(request, _("Note added."))
                return HttpResponseRedirect(_next_url(request, history))
        elif action == "measure":
            measure_form = MeasureForm(request.POST, kind=kind)
            if measure_form.is_valid() and _measure(request, history, measure_form, subject):
                return HttpResponseRedirect(_next_url(request, history))
        elif action in ("lift-sanction", "lift-ban"):
            lift = LiftForm(request.POST)
            if lift.is_valid() and _lift(request, history, lift):
                return HttpResponseRedirect(_next_url(request, history))
            messages.error(request, _("This is no longer in force."))
            return HttpResponseRedirect(history.url)
        status = 400
    return render(
        request,
        "moderation/person.html",
        {
            "history": history,
            "note_form": note_form,
            "measure_form": measure_form,
            "next": request.GET.get("next", ""),
        },
        status=status,
    )


def _measure(request, history, form, subject):
    reason = form.cleaned_data["reason"]
    measure = form.cleaned_data["measure"]
    try:
        sanction = form.sanction()
        if sanction is not None:
            kind, duration = sanction
            services.sanction_impose(
                kind=kind,
                moderator=request.user,
                reason=reason,
                user=subject.get("user"),
                email=subject.get("email", ""),
                duration=duration,
            )
        else:
            ban_kind = form.ban_kind()
            value = {
                Ban.Kind.EMAIL: history.email,
                Ban.Kind.DOMAIN: history.email.rpartition("@")[2],
                Ban.Kind.IP: history.ip_address or "",
            }.get(ban_kind, "")
            services.ban_impose(
                kind=ban_kind,
                moderator=request.user,
                reason=reason,
                value=value,
                user=subject.get("user"),
            )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(request, _("Done: %(measure)s.") % {"measure": MEASURES[measure]})
    return True


def _lift(request, history, form):
    """Lift a sanction or remove a ban shown on this page (another's id does nothing)."""
    target = form.cleaned_data["target"]
    if form.cleaned_data["action"] == "lift-sanction":
        sanction = next((s for s in history.active_sanctions if s.pk == target), None)
        if sanction is None:
            return False
        services.sanction_lift(sanction=sanction, moderator=request.user)
        messages.success(
            request, _("%(kind)s lifted.") % {"kind": Sanction.Kind(sanction.kind).label}
        )
        return True
    ban = next((b for b in history.bans if b.pk == target), None)
    if ban is None:
        return False
    services.ban_lift(ban=ban, moderator=request.user)
    messages.success(request, _("Ban removed."))
    return True
