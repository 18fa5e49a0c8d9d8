"""Pages from the shared cache answered before most of the middleware stack.

A reader with no cookie at all who asks for a page everyone gets (newsroom/pagecache.py)
needs nothing of sessions, CSRF, authentication, messages, allauth, axes or htmx: on a
cache hit the full stack would only walk through them to return the stored page. So
`EarlyCacheHitMiddleware` looks the page up first and returns it at once. It sits after the
middleware that set the security headers (SecurityMiddleware, CSP, Permissions-Policy,
Cross-Origin-Resource-Policy, X-Frame-Options) and GZip, so the response passes back through
them exactly as the same page through the full stack does
(tests/newsroom/test_early_hits.py compares the two header by header).

Only when the answer cannot differ from the full stack's:
- GET or HEAD, for a host we serve (ALLOWED_HOSTS is checked as the full stack checks it);
- no Cookie header at all: any cookie (a session, messages, the guest reader's cookie, a
  language chosen on the switcher, a CSRF cookie) sends the request through the full stack,
  which may still serve the shared page;
- no htmx request, and no query parameter the page's cache key does not cover;
- the page's address says its language, or the browser does not prefer another one
  (`may_be_sent_to_another_language`);
- a page of the current generation is kept; anything else, a miss included, goes on to the
  full stack, which renders and files the page.
"""

from django.conf import settings
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import translation
from django.utils.translation import trans_real
from django_htmx.middleware import HtmxDetails

from . import pagecache


def may_be_sent_to_another_language(request):
    """Whether the full stack might answer this request in, or send it to, another language
    than its address names: an address without a language prefix asked by a browser whose
    Accept-Language prefers a language we offer other than the default one. The first visit
    of such a reader may be redirected to /de/ or /ar/ (issue 17), so it never gets the
    default language's page early; addresses with a prefix say their language themselves.

    It answers for any address without a prefix, not only the home page: a first visit can
    land anywhere (a shared link, a search result)."""
    if pagecache.language_prefix(request.path_info):
        return False
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    if not header:
        return False
    default = settings.LANGUAGE_CODE.split("-")[0].lower()
    for code, _quality in trans_real.parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            chosen = translation.get_supported_language_variant(code)
        except LookupError:
            continue
        return chosen.split("-")[0].lower() != default
    return False


def may_answer_early(request):
    """Whether this request may have the shared page before the middleware stack: stricter
    than pagecache.is_shareable (no cookie at all, hence none of a reader's own; only query
    parameters of shared pages; the language the address names, whatever the one a
    previous request left active, since nothing is rendered here)."""
    return (
        settings.PAGE_CACHE_SECONDS
        and request.method in ("GET", "HEAD")
        and not request.META.get("HTTP_COOKIE")  # absent or empty
        and "HTTP_HX_REQUEST" not in request.META
        and not may_be_sent_to_another_language(request)
    )


# Addresses resolved to a shared page, in this process: (URLconf, language, path) -> (its
# SharedPage, the view's keyword arguments). Resolving walks the URL patterns; at most
# RESOLVED_MAX addresses are remembered, then the memory starts again.
RESOLVED_MAX = 4096
_resolved = {}


def shared_page_at(request):
    """(SharedPage, kwargs) of the view at this address, or None if it is not a shared page."""
    language = pagecache.url_language(request)
    key = (get_urlconf() or settings.ROOT_URLCONF, language, request.path_info)
    found = _resolved.get(key)
    if found is None:
        # The address's own language, for URL patterns with a language prefix.
        with translation.override(language):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                return None  # not remembered: any address can be asked for
        spec = getattr(match.func, "shared_page", None)
        found = (spec, match.kwargs) if spec is not None else (None, None)
        if len(_resolved) >= RESOLVED_MAX:
            _resolved.clear()
        _resolved[key] = found
    return found if found[0] is not None else None


class EarlyCacheHitMiddleware:
    """Answers a cache hit for a reader without cookies before the rest of the stack."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.cached_page(request) if may_answer_early(request) else None
        if response is not None:
            return response
        return self.get_response(request)

    def cached_page(self, request):
        request.get_host()  # DisallowedHost (a 400) as CommonMiddleware would raise it
        found = shared_page_at(request)
        if found is None:
            return None
        spec, kwargs = found
        if not set(request.GET) <= set(spec.query):
            return None
        # What HtmxMiddleware would say of this request (not htmx): the page's query
        # parameters may ask.
        request.htmx = HtmxDetails(request)
        response = pagecache.early_response(request, spec, kwargs)
        if response is not None:
            if not response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))  # as CommonMiddleware
            # As newsroom.i18n.LanguageMiddleware says it: the language the address names.
            response.headers.setdefault("Content-Language", pagecache.url_language(request))
        return response
