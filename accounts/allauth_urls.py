"""allauth's URL patterns (/accounts/login/, /accounts/signup/, /accounts/2fa/ …) as the site
serves them: each of its views asks for Django's CSRF token besides where the post comes
from (newsroom/csrf.py: its pages are never shared, so their forms always carry one), and its
`<int:…>` ids are `<id:…>` ids (newsroom/ids.py: a number no row can have is a 404).

The views allauth itself marks csrf_exempt keep that: Apple's callback is a post from Apple's
site, and Google's sign-in by token checks its own double-submitted cookie.

A social provider's pages answer 404 until the provider is configured in the admin (allauth
would fail with a server error).
"""

from functools import wraps

from allauth import urls as allauth_urls
from allauth.socialaccount.models import SocialApp
from django.http import Http404
from django.urls import URLPattern, URLResolver
from django.urls.resolvers import RoutePattern
from django.views.decorators.csrf import csrf_protect


def _pattern(pattern):
    if isinstance(pattern, RoutePattern) and "<int:" in pattern._route:
        return RoutePattern(
            pattern._route.replace("<int:", "<id:"),
            name=pattern.name,
            is_endpoint=pattern._is_endpoint,
        )
    return pattern


def _not_found_unless_configured(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except SocialApp.DoesNotExist:
            raise Http404("This way of signing in is not configured.") from None

    return wrapped


def token_checked(patterns):
    checked = []
    for item in patterns:
        if isinstance(item, URLResolver):
            checked.append(
                URLResolver(
                    _pattern(item.pattern),
                    token_checked(item.url_patterns),
                    item.default_kwargs,
                    item.app_name,
                    item.namespace,
                )
            )
            continue
        view = _not_found_unless_configured(item.callback)
        if not getattr(view, "csrf_exempt", False):
            view = csrf_protect(view)
        checked.append(URLPattern(_pattern(item.pattern), view, item.default_args, item.name))
    return checked


urlpatterns = token_checked(allauth_urls.urlpatterns)
