"""A reader's own page: their comments, their subscriptions, a download of everything held
about them, and closing the account (the privacy app's erase does the rest)."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comments.avatars import avatar_remove, avatar_set, look_of_account
from comments.identity import verified_email
from comments.mentions import mention_alerts_on, mention_alerts_set
from comments.models import Comment, Subscription
from comments.notifications import describe, subscription_choose_digest, unsubscribe_token
from comments.services import comments_claim
from donations.selectors import account_giving
from donations.thanks import verified_addresses

from .forms import AvatarForm, DeleteAccountForm
from .services import account_close, personal_data_export

COMMENTS_SHOWN = 100


@require_GET
@never_cache
@login_required
def your_account(request):
    return _your_account_page(request)


def _your_account_page(request, *, avatar_form=None, status=200):
    user = request.user
    email = verified_email(user)
    comments = list(
        Comment.objects.filter(user=user)
        .exclude(status=Comment.Status.DELETED)
        .select_related("article")
        .order_by("-created_at")[:COMMENTS_SHOWN]
    )
    subscriptions = [
        {
            "subscription": s,
            "what": describe(s),
            "unsubscribe_url": reverse(
                "comments:unsubscribe", args=[unsubscribe_token(subscription=s)]
            ),
        }
        for s in Subscription.objects.filter(email=email, confirmed_at__isnull=False)
        .select_related("article", "comment")
        .order_by("-created_at")
        if email
    ]
    return render(
        request,
        "privacy/your_account.html",
        {
            "email": email,
            "comments": comments,
            "subscriptions": subscriptions,
            "giving": account_giving(verified_addresses(user).values_list("address", flat=True)),
            "delete_form": DeleteAccountForm(user=user),
            "mention_emails": mention_alerts_on(user),
            "avatar_form": avatar_form or AvatarForm(),
            "look": look_of_account(user),
            "claimable": Comment.objects.filter(user__isnull=True, author_email__iexact=email)
            .exclude(status=Comment.Status.DELETED)
            .count()
            if email
            else 0,
        },
        status=status,
    )


@require_POST
@csrf_protect
@login_required
def change_avatar(request):
    """Upload the picture beside the account's comments, or remove it ("remove")."""
    if "remove" in request.POST:
        if avatar_remove(user=request.user):
            messages.success(request, _("Your picture is removed: your initials show instead."))
        return HttpResponseRedirect(reverse("privacy:your-account") + "#your-picture")
    form = AvatarForm(request.POST, request.FILES)
    if not form.is_valid():
        return _your_account_page(request, avatar_form=form, status=400)
    avatar_set(user=request.user, picture=form.drawn)
    messages.success(request, _("Your picture is saved; it shows beside your comments."))
    return HttpResponseRedirect(reverse("privacy:your-account") + "#your-picture")


@require_POST
@csrf_protect
@login_required
def choose_digest(request, pk):
    """Each email, or one a day, for one of the reader's subscriptions."""
    subscription = get_object_or_404(Subscription, pk=pk)
    try:
        subscription_choose_digest(
            subscription=subscription,
            email=verified_email(request.user),
            daily=request.POST.get("delivery") == "daily",
        )
    except PermissionError:
        raise Http404("No such subscription of yours.") from None
    messages.success(request, _("Your choice is saved."))
    return HttpResponseRedirect(reverse("privacy:your-account") + "#your-subscriptions")


@require_POST
@csrf_protect
@login_required
def choose_mention_emails(request):
    """An email when someone mentions the reader ("@Name") in a comment, or none."""
    mention_alerts_set(user=request.user, email=request.POST.get("mention_emails") == "on")
    messages.success(request, _("Your choice is saved."))
    return HttpResponseRedirect(reverse("privacy:your-account") + "#your-mentions")


@require_POST
@csrf_protect
@login_required
def claim_comments(request):
    """Take the comments posted as a guest under the account's verified address."""
    count = comments_claim(user=request.user, email=verified_email(request.user))
    messages.success(
        request,
        ngettext(
            "%(count)s comment is now your account's.",
            "%(count)s comments are now your account's.",
            count,
        )
        % {"count": count},
    )
    return HttpResponseRedirect(reverse("privacy:your-account"))


@require_GET
@never_cache
@login_required
def your_data(request):
    """Everything held about the account's verified address, as a JSON download."""
    email = verified_email(request.user)
    data = personal_data_export(email=email) if email else {"email": "", "accounts": []}
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="your-data-{stamp}.json"'
    return response


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
@csrf_protect
@never_cache
@login_required
def delete_account(request):
    user = request.user
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        account_close(
            user=user, keep_comments=form.cleaned_data["comments"] == DeleteAccountForm.KEEP
        )
        logout(request)
        messages.success(request, _("Your account is deleted. Thank you for reading."))
        return HttpResponseRedirect("/")
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/delete_account.html", {"form": form}, status=status)
