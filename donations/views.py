"""The donate page, the pages Stripe sends donors back to, and Stripe's webhook."""

import logging
import time

import stripe
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from newsroom.client import client_ip, rate_limited
from newsroom.links import absolute_url

from . import links, selectors, services, sources, stripe_events
from .forms import DonateForm
from .models import Donation, Frequency
from .money import DEFAULT_CURRENCY, amount_example, parse_amount
from .thanks import supporter_cookie_set

logger = logging.getLogger(__name__)

# Tries at the donate form per IP address: enough for typos, too few to test stolen cards.
DONATE_TRIES = 10
DONATE_TRIES_PERIOD = 60 * 10


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


def _frequency(box, asked):
    """The frequency asked for if it is offered, else the box's default (or the first)."""
    offered = box.frequencies()
    for frequency in (asked, box.default_frequency):
        if frequency in offered:
            return Frequency(frequency)
    return offered[0] if offered else Frequency.ONCE


def _where_from(request):
    """The page the donor clicked Donate on and the link's UTM parameters; moving between
    the frequencies (links to this page) carries them along."""
    where = {f: sources.clean_utm(request.GET.get(f)) for f in sources.UTM_FIELDS}
    path = sources.referring_path(request)
    if not path or path.startswith(reverse("donations:donate")):
        path = sources.clean_path(request.GET.get("source"))
    where["source"] = path
    return where


@require_http_methods(["GET", "POST"])
@never_cache
def donate(request):
    box = selectors.support_box()
    progress = selectors.goal_progress()
    card_payments = services.card_payments_enabled()
    if request.method == "POST" and not card_payments:
        return HttpResponseNotAllowed(["GET"])

    data = request.POST if request.method == "POST" else None
    frequency = _frequency(box, (data or request.GET).get("frequency"))
    form, status = None, 200
    if card_payments:
        currency = progress.currency if progress else DEFAULT_CURRENCY
        initial = _where_from(request)
        form = DonateForm(data, box=box, frequency=frequency, currency=currency, initial=initial)
    if request.method == "POST":
        valid = form.is_valid()
        if rate_limited(
            "donate-ip", client_ip(request) or "", limit=DONATE_TRIES, period=DONATE_TRIES_PERIOD
        ):
            form.add_error(
                None, _("Too many tries from your connection. Please wait a few minutes.")
            )
            status = 429
        elif not valid:
            status = 400
        else:
            try:
                checkout = services.checkout_session_create(
                    amount=form.cleaned_data["amount"],
                    currency=form.cleaned_data["currency"],
                    frequency=form.cleaned_data["frequency"],
                    cover_fee=form.cleaned_data.get("cover_fee", False),
                    donor_name=form.cleaned_data["donor_name"],
                    name_public=form.cleaned_data["name_public"],
                    message=form.cleaned_data["message"],
                    form_token=form.cleaned_data["token"],
                    source_path=form.cleaned_data["source"],
                    utm={f: form.cleaned_data[f] for f in sources.UTM_FIELDS},
                    language=get_language(),
                    success_url=absolute_url(reverse("donations:thank-you")),
                    cancel_url=absolute_url(reverse("donations:cancelled")),
                )
            except services.FormAlreadySent:
                form.add_error(
                    None,
                    _(
                        "This form has been sent already. To give again, open the donate "
                        "page afresh."
                    ),
                )
                status = 400
            except services.CheckoutUnavailable:
                form.add_error(
                    None,
                    _(
                        "Card payments are not available just now. Please try again in a few "
                        "minutes, or use one of the other ways to give below."
                    ),
                )
                status = 503
            else:
                return HttpResponseSeeOther(checkout.url)
    carry = ""
    if form is not None:
        where = form.cleaned_data if form.is_bound else form.initial
        carry = urlencode(
            {k: where.get(k) for k in ["source", *sources.UTM_FIELDS] if where.get(k)}
        )
    context = {
        "box": box,
        "form": form,
        "carry": carry,
        "frequency": frequency,
        "frequencies": box.frequencies(),
        "supporters": selectors.recent_supporters(),
    }
    return render(request, "donations/donate.html", context, status=status)


def _donor(token):
    """The donor's address from a manage link, or None: forged, garbled or too old."""
    return links.email_from_token(token)


def _private(response):
    # The address bar holds the donor's key: no other site may see it in a Referer.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@never_cache
def manage(request, token):
    """A donor's gifts, from the signed link in every receipt; recurring ones can be
    changed or stopped here."""
    email = _donor(token)
    if email is None:
        return _private(render(request, "donations/manage_invalid.html", status=404))
    gifts = selectors.donor_gifts(email)
    context = {
        "token": token,
        "gifts": gifts,
        "renewing": [g for g in gifts if g.renewing],
    }
    return _private(render(request, "donations/manage.html", context))


def _donors_gift(token, pk):
    email = _donor(token)
    if email is None:
        return None
    return Donation.objects.filter(pk=pk, email=email, first_payment__isnull=True).first()


def _manage_again(request, token, *, error="", status=200):
    """The donor's page again, with what went wrong (or a 303 back to it when all went well)."""
    if not error:
        return HttpResponseSeeOther(reverse("donations:manage", kwargs={"token": token}))
    email = _donor(token)
    gifts = selectors.donor_gifts(email)
    context = {
        "token": token,
        "gifts": gifts,
        "renewing": [g for g in gifts if g.renewing],
        "error": error,
    }
    return _private(render(request, "donations/manage.html", context, status=status))


@require_POST
def manage_cancel(request, token, pk):
    gift = _donors_gift(token, pk)
    if gift is None:
        return _private(render(request, "donations/manage_invalid.html", status=404))
    if not gift.renewing:
        return _manage_again(request, token)  # stopped already: a second press changes nothing
    try:
        services.recurring_gift_cancel(donation=gift)
    except services.StripeUnavailable:
        return _manage_again(request, token, error=STRIPE_DOWN, status=503)
    messages.success(request, _("Your gift is stopped. We have sent you a confirmation."))
    return _manage_again(request, token)


@require_POST
def manage_change(request, token, pk):
    gift = _donors_gift(token, pk)
    if gift is None:
        return _private(render(request, "donations/manage_invalid.html", status=404))
    amount = parse_amount(str(request.POST.get("amount", "")))
    if amount is None:
        error = _("Write the amount in digits, such as 25 or %(example)s.") % {
            "example": amount_example()
        }
        return _manage_again(request, token, error=error, status=400)
    try:
        services.recurring_gift_change(donation=gift, amount=amount)
    except ValidationError as error:
        return _manage_again(request, token, error=" ".join(error.messages), status=400)
    except services.StripeUnavailable:
        return _manage_again(request, token, error=STRIPE_DOWN, status=503)
    messages.success(request, _("Your gift's amount is changed from the next payment on."))
    return _manage_again(request, token)


STRIPE_DOWN = gettext_lazy(
    "We could not reach our payment provider just now; nothing was changed. Please try "
    "again in a few minutes."
)


@require_GET
def campaigns(request):
    """Past campaigns and how each one ended."""
    return render(request, "donations/campaigns.html", {"campaigns": selectors.past_campaigns()})


@require_GET
@never_cache
def thank_you(request):
    """Thanks, the campaign's progress, and a cookie that thanks the donor instead of asking
    on the pages they read next (donations.thanks)."""
    response = render(request, "donations/thank_you.html")
    return supporter_cookie_set(response, days=selectors.support_box().thank_donors_days)


@require_GET
def cancelled(request):
    return render(request, "donations/cancelled.html")


def _refuse(reason):
    return HttpResponse(reason, status=400, content_type="text/plain; charset=utf-8")


def _is_event(data):
    return (
        isinstance(data.get("id"), str)
        and 0 < len(data["id"]) <= 255
        and isinstance(data.get("type"), str)
        and isinstance(data.get("data"), dict)
        and isinstance(data["data"].get("object"), dict)
    )


# How far ahead of our clock a webhook signature may be dated (clocks drift a little).
SIGNATURE_SKEW_SECONDS = 60


def _dated_in_the_future(header):
    for part in str(header or "").split(","):
        key, _sep, value = part.partition("=")
        if key.strip() == "t" and value.strip().isascii() and value.strip().isdigit():
            if int(value) > time.time() + SIGNATURE_SKEW_SECONDS:
                return True
    return False


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Stripe reports payments here. Signed over the raw body; each event handled once."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        return _refuse("Webhooks are not configured.")
    if _dated_in_the_future(request.headers.get("Stripe-Signature")):
        # The library refuses old signatures only; one from the future could be replayed
        # for as long as it is ahead of the clock.
        return _refuse("The signature could not be verified.")
    try:
        event = stripe.Webhook.construct_event(
            request.body, request.headers.get("Stripe-Signature"), secret
        )
        data = event.to_dict()
    except stripe.SignatureVerificationError:
        return _refuse("The signature could not be verified.")
    except (ValueError, TypeError, AttributeError):
        # Signed, but not UTF-8 JSON describing an object.
        return _refuse("The payload is not a Stripe event.")
    if not _is_event(data):
        return _refuse("The payload is not a Stripe event.")
    try:
        outcome = stripe_events.stripe_event_handle(event=data)
    except Exception:
        # Logged for us; Stripe gets no detail, and retries later.
        logger.exception("Stripe event %s (%s) could not be handled", data["id"], data["type"])
        return HttpResponse(
            "The event could not be handled.", status=500, content_type="text/plain"
        )
    logger.info("Stripe event %s (%s): %s", data["id"], data["type"], outcome)
    return HttpResponse("OK", content_type="text/plain; charset=utf-8")
