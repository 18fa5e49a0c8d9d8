import unicodedata
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from .forms import SignInForm, SignUpForm

# Where `next` may not lead: back to a page that sends a signed-in reader on again.
ACCOUNT_PAGES = {"accounts:sign-in", "accounts:sign-up", "accounts:sign-out"}
MAX_NEXT_LENGTH = 2000


def safe_next(request, default=None):
    """Where to send a reader once they are signed in: the `next` they came with when it is a
    page of this site, else `default`.

    Only a path on this site that leads to one of its pages (query and fragment kept): never
    another site (`//evil.example`, `https:`, `javascript:`), never a relative address that
    would land under /accounts/, nothing with control or bidi characters (a header cannot
    carry them), nothing absurdly long, and never the account pages themselves, which would
    send a signed-in reader round in a loop.
    """
    if default is None:
        default = resolve_url(settings.LOGIN_REDIRECT_URL)
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not target or len(target) > MAX_NEXT_LENGTH:
        return default
    if any(unicodedata.category(ch)[0] in "CZ" and ch != " " for ch in target):
        return default
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=set()):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return default
    try:
        match = resolve(unquote(parts.path))
    except Resolver404:
        return default
    if match.view_name in ACCOUNT_PAGES:
        return default
    return target


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_redirect_url(self):
        return safe_next(self.request, default="")


class SignOutView(auth_views.LogoutView):
    def get_redirect_url(self):
        return safe_next(self.request, default="")


@sensitive_post_parameters("password1", "password2")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def sign_up(request):
    if request.user.is_authenticated:
        return HttpResponseRedirect(safe_next(request))
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome, {user.get_username()}. You can comment now.")
        return HttpResponseRedirect(safe_next(request))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/sign_up.html",
        {"form": form, "next": safe_next(request, default="")},
        status=status,
    )
