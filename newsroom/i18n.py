"""The reader's language: from the address's prefix, and for a first visit from the browser.

Public pages are served under i18n_patterns (newsroom/urls.py): English, the default, at the
addresses it always had, German under /de/, Arabic under /ar/. The address alone says the
language of a public page, so the shared page cache files each language's page under its
own address and serves it to everyone.

Which requests are redirected (`language_redirect`), both GET or HEAD only:

- A choice in the language switcher: its links carry `?language=<code>`. The answer sets
  the `django_language` cookie to that language (a year) and sends the reader, with a 302,
  to the same address without the parameter.
- A first visit: an unprefixed public page (English) asked for as a browser asks for a page
  (Accept names text/html), without htmx, by a reader
  whose language cookie, or else whose browser (Accept-Language, when there is no cookie),
  prefers another of our languages gets a 302 to that language's address of the page.
  A reader who chose English keeps English (their cookie says so). Links in emails (their
  pages are named in NEVER_REDIRECTED) and the pages outside i18n_patterns are never
  redirected. The English page and the redirect both carry `Vary: Accept-Language, Cookie`.

Pages outside i18n_patterns (the admin, the moderators' desk) have no prefix: they are
shown in the language of the cookie, or else of the browser.
"""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import (
    LocalePrefixPattern,
    Resolver404,
    URLResolver,
    get_resolver,
    get_urlconf,
)
from django.urls.resolvers import RegexPattern
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

# The switcher's query parameter.
LANGUAGE_PARAMETER = "language"

# Pages reached from links in emails, and the payment provider's webhook: served at the
# address they were given, whatever the browser prefers.
NEVER_REDIRECTED = {
    "comments:confirm",
    "comments:unsubscribe",
    "comments:warning-link",
    "donations:manage",
    "donations:manage-cancel",
    "donations:manage-change",
    "donations:stripe-webhook",
    "account_confirm_email",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    # An article's address is its language's (articles.views.ArticleDetailView): under
    # another prefix it answers 301 back to its own, so it is never sent to another one.
    # Its page's language switcher leads to the story's version in each language.
    "articles:detail",
}


@functools.cache
def _public_resolver(urlconf):
    """A resolver of the patterns inside i18n_patterns, without their language prefix."""
    for pattern in get_resolver(urlconf).url_patterns:
        if isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern):
            return URLResolver(RegexPattern(r"^/"), pattern.url_patterns)
    return None


def public_page(path, urlconf=None):
    """The ResolverMatch of `path` (without a language prefix) among the public pages, or
    None when it is not one of them."""
    resolver = _public_resolver(urlconf or get_urlconf() or settings.ROOT_URLCONF)
    if resolver is None:
        return None
    try:
        return resolver.resolve(path)
    except Resolver404:
        return None


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def path_without_prefix(path):
    """`/de/articles/x/` -> `/articles/x/`; an unprefixed path as it is."""
    language = translation.get_language_from_path(path)
    if language and language != settings.LANGUAGE_CODE:
        return path[len(language) + 1 :]
    return path


def path_in_language(path, language):
    """The address of the public page at `path` (in any language) in `language`."""
    bare = path_without_prefix(path)
    if language == settings.LANGUAGE_CODE:
        return bare
    return f"/{language}{bare}"


def preferred_language(request):
    """The language the reader chose (cookie) or, without a choice, their browser's."""
    return translation.get_language_from_request(request, check_path=False)


def sent_to_browsers_language(request):
    """Whether this request is answered according to its cookie and Accept-Language: a
    browser asking for an unprefixed public page (GET or HEAD, HTML, not htmx's fragment)."""
    if request.method not in ("GET", "HEAD") or request.headers.get("HX-Request") == "true":
        return False
    if "text/html" not in request.headers.get("Accept", ""):
        return False  # a browser asks for HTML by name; site.js's JSON, a feed reader's XML

    if translation.get_language_from_path(request.path_info):
        return False
    match = public_page(request.path_info)
    return match is not None and match.view_name not in NEVER_REDIRECTED


def language_redirect(request):
    """Where this request is sent for its language (a URL), or None; see the module's doc."""
    if request.method not in ("GET", "HEAD"):
        return None
    chosen = request.GET.get(LANGUAGE_PARAMETER)
    if chosen is not None:
        query = request.GET.copy()
        del query[LANGUAGE_PARAMETER]
        rest = query.urlencode()
        location = request.path + (f"?{rest}" if rest else "")
        # "//elsewhere.example?language=en" must not send the reader to another site.
        if not url_has_allowed_host_and_scheme(location, allowed_hosts=None):
            return None
        return location
    if not sent_to_browsers_language(request):
        return None
    language = preferred_language(request)
    if language == settings.LANGUAGE_CODE:
        return None
    location = request.get_full_path()
    return f"/{language}{location}"


def might_redirect_for_language(request):
    """A cheap test for a cache in front of the middleware: False means that
    `language_redirect(request)` is None for sure."""
    if request.method in ("GET", "HEAD") and LANGUAGE_PARAMETER in request.GET:
        return True
    if not sent_to_browsers_language(request):
        return False
    return preferred_language(request) != settings.LANGUAGE_CODE


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, with the choices and redirects above."""

    def process_request(self, request):
        path_language = translation.get_language_from_path(request.path_info)
        if path_language:
            language = path_language
        elif public_page(request.path_info) is not None:
            language = settings.LANGUAGE_CODE
        else:
            language = preferred_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

        location = language_redirect(request)
        if location is None:
            return None
        response = HttpResponseRedirect(location)
        chosen = request.GET.get(LANGUAGE_PARAMETER)
        if chosen is not None and chosen in language_codes():
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                chosen,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        add_never_cache_headers(response)
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
        return response

    def process_response(self, request, response):
        # The English page is what a browser without another preference gets; the pages
        # without a prefix outside i18n_patterns (staff pages) are in the cookie's language,
        # else the browser's.
        if sent_to_browsers_language(request) or (
            not translation.get_language_from_path(request.path_info)
            and public_page(request.path_info) is None
        ):
            patch_vary_headers(response, ["Accept-Language", "Cookie"])
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


@dataclass(frozen=True)
class LanguageVersion:
    """The current page in one language, for the switcher and the hreflang alternates."""

    code: str
    name: str  # in its own language: "Deutsch", "العربية"
    bidi: bool
    current: bool
    # The switcher's link: the page in this language, with the choice to remember.
    switch_url: str
    # The page's address in this language (for <link rel="alternate" hreflang>); None when
    # the page is not a public page, or has no version in this language.
    alternate_path: str | None


def language_versions(request, paths=None):
    """Each language's version of the page `request` asks for.

    `paths` ({code: path}) names them where the address alone does not (an article and its
    translations have their own slugs): a language missing there has no alternate, and its
    switcher link leads to its home page.
    """
    current = translation.get_language()
    public = public_page(path_without_prefix(request.path_info)) is not None
    query = request.GET.copy()
    query.pop(LANGUAGE_PARAMETER, None)
    versions = []
    for code in language_codes():
        if paths is not None:
            alternate = paths.get(code)
            path = alternate or path_in_language("/", code)
        elif public:
            alternate = path = path_in_language(request.path, code)
        else:
            alternate, path = None, request.path
        switch = query.copy()
        switch[LANGUAGE_PARAMETER] = code
        info = translation.get_language_info(code)
        versions.append(
            LanguageVersion(
                code=code,
                name=info["name_local"],
                bidi=info["bidi"],
                current=code == current,
                switch_url=f"{path}?{switch.urlencode()}",
                alternate_path=alternate,
            )
        )
    return versions
