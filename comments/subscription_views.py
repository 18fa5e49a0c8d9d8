""" "Notify of": subscribing to new comments by email, confirming, and unsubscribing.

Nothing changes on a GET: the links in emails open a page with one button, and the change
happens on its POST. The unsubscribe address also takes the one-click POST that mail
clients send (RFC 8058), which carries no CSRF token: the signed token in the address is
what authorises it.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from articles.models import Article
from newsroom.client import client_ip, rate_limited

from . import notifications
from .forms import SubscribeForm
from .identity import verified_email
from .models import ModerationRules

SUBSCRIBE_PERIOD = 60 * 60


def subscribe_limited(request, email, rules=None):
    """True when this IP address or this email address has asked too often this hour."""
    rules = rules or ModerationRules.current()
    limit = rules.subscriptions_per_hour
    by_ip = rate_limited("subscribe-ip", client_ip(request), limit=limit, period=SUBSCRIBE_PERIOD)
    by_email = rate_limited(
        "subscribe-email", (email or "").lower(), limit=limit, period=SUBSCRIBE_PERIOD
    )
    return by_ip or by_email


def subscribed_message(subscription, *, created, guest):
    what = notifications.describe(subscription)
    if guest:
        # The same answer whether or not the address was subscribed: nobody learns here who
        # follows what.
        return _(
            "Thank you. Unless %(email)s is subscribed already, a link to confirm it is on its "
            "way there: we send nothing else until it is clicked (%(what)s)."
        ) % {"email": subscription.email, "what": what}
    if created:
        return _("You are subscribed: we will email you %(what)s.") % {"what": what}
    return _("You are subscribed already to %(what)s.") % {"what": what}


@require_http_methods(["GET", "POST"])
@never_cache
def subscribe(request, article_id):
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    user = request.user if request.user.is_authenticated else None
    form = SubscribeForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            email = user.email if user is not None else form.cleaned_data["email"]
            if not email:
                form.add_error(
                    None, _("Your account has no email address: add one to subscribe by email.")
                )
            elif subscribe_limited(request, email):
                form.add_error(
                    None, _("Too many subscription requests. Please try again in an hour.")
                )
                status = 429
            else:
                subscription, created = notifications.subscription_create(
                    article=article,
                    kind=form.cleaned_data["kind"],
                    email=email,
                    user=user,
                    ip=client_ip(request),
                )
                message = subscribed_message(
                    subscription, created=created, guest=not verified_email(user)
                )
                if request.htmx:
                    return render(
                        request,
                        "comments/subscribe.html#notify-done",
                        {"article": article, "message": message},
                    )
                messages.success(request, message)
                return HttpResponseRedirect(f"{article.get_absolute_url()}#comments")
    context = {"article": article, "subscribe_form": form}
    if request.htmx:
        # htmx swaps only successful answers: the form with its errors comes as a 200.
        return render(request, "comments/subscribe.html#notify-form", context)
    return render(request, "comments/subscribe.html", context, status=status)


def _link_page(request, *, title, text, status=200, button="", article=None):
    return render(
        request,
        "comments/subscription_link.html",
        {"title": title, "text": text, "button": button, "article": article},
        status=status,
    )


def _bad_link(request, refusal):
    return _link_page(
        request,
        title=_("This link does not work"),
        text=_("%(refusal)s Nothing was changed. Every email we send has a fresh link.")
        % {"refusal": refusal.message},
        status=400,
    )


@require_http_methods(["GET", "POST"])
@never_cache
def confirm(request, token):
    try:
        if request.method == "POST":
            subscription = notifications.subscription_confirm(token=token)
        else:
            subscription = notifications.subscription_to_confirm(token=token)
    except notifications.BadLink as refusal:
        return _bad_link(request, refusal)
    what = notifications.describe(subscription)
    if request.method == "POST" or subscription.is_confirmed:
        return _link_page(
            request,
            title=_("You are subscribed"),
            text=_("We will email %(email)s %(what)s. Every email has a link to stop.")
            % {"email": subscription.email, "what": what},
            article=subscription.article,
        )
    return _link_page(
        request,
        title=_("Confirm your subscription"),
        text=_("Send %(email)s %(what)s?") % {"email": subscription.email, "what": what},
        button=_("Confirm"),
        article=subscription.article,
    )


@csrf_exempt  # RFC 8058 one-click POSTs carry no CSRF token; the signed token authorises.
@require_http_methods(["GET", "POST"])
@never_cache
def unsubscribe(request, token):
    try:
        if request.method == "POST":
            notifications.unsubscribe(token=token)
            return _link_page(
                request,
                title=_("You are unsubscribed"),
                text=_("We will not send you these emails any more."),
            )
        what = notifications.unsubscribe_target(token=token)
    except notifications.BadLink as refusal:
        return _bad_link(request, refusal)
    if what is None:
        return _link_page(
            request,
            title=_("You are unsubscribed"),
            text=_("This subscription has already ended: we send you nothing more about it."),
        )
    return _link_page(
        request,
        title=_("Unsubscribe"),
        text=_("Stop %(what)s?") % {"what": what},
        button=_("Unsubscribe"),
    )
